// Integrity: a token with one bit flipped anywhere in its binary form (tag, headers, claims, signature)
// never verifies, and neither does one with a single character changed in its text form.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { verifyToken, TOKEN_PREFIX } from '../../domain/appointment';
import { decodeBase45, encodeBase45, BASE45_ALPHABET } from '../../domain/appointment/b45';
import { ctx, issue } from './fixtures';

const token = await issue();
const raw = (() => {
  const r = decodeBase45(token.slice(TOKEN_PREFIX.length));
  if (!r.ok) throw new Error(r.detail);
  return r.bytes;
})();

function flipped(bit: number): string {
  const b = raw.slice();
  b[bit >> 3]! ^= 1 << (bit & 7);
  return TOKEN_PREFIX + encodeBase45(b);
}

describe('tampering', () => {
  it('the untouched token verifies (so the refusals below mean something)', async () => {
    expect((await verifyToken(token, ctx())).ok).toBe(true);
  });

  it('property: one flipped bit never verifies', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(raw.length * 8 - 1), async (bit) => {
        expect((await verifyToken(flipped(bit), ctx())).ok).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it(`exhaustively: every one of the ${raw.length * 8} single-bit flips is refused`, async () => {
    const accepted: number[] = [];
    for (let bit = 0; bit < raw.length * 8; bit++) if ((await verifyToken(flipped(bit), ctx())).ok) accepted.push(bit);
    expect(accepted).toEqual([]);
  });

  it('property: one changed character of the text never verifies', async () => {
    const body = token.slice(TOKEN_PREFIX.length);
    await fc.assert(
      fc.asyncProperty(fc.nat(body.length - 1), fc.integer({ min: 1, max: 44 }), async (pos, shift) => {
        const c = BASE45_ALPHABET[(BASE45_ALPHABET.indexOf(body[pos]!) + shift) % 45]!;
        expect((await verifyToken(TOKEN_PREFIX + body.slice(0, pos) + c + body.slice(pos + 1), ctx())).ok).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
});
