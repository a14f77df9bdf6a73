// Hostile input: whatever is scanned, the verifier answers with a verdict and never throws.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encode, Tag } from 'cbor2';
import { verifyToken, TOKEN_PREFIX } from '../../domain/appointment';
import { encodeBase45, BASE45_ALPHABET } from '../../domain/appointment/b45';
import { protectedHeader } from '../../domain/appointment/cose';
import { ctx, issue } from './fixtures';

const verdictOf = async (text: string) => {
  const v = await verifyToken(text, ctx());
  expect(typeof v.ok).toBe('boolean');
  return v;
};

describe('fuzz', () => {
  it('random strings', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 400 }), async (s) => {
        expect((await verdictOf(s)).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
  it('random unicode after the prefix', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 400 }), async (s) => {
        expect(await verdictOf(TOKEN_PREFIX + s)).toMatchObject({ ok: false, reason: 'malformed' });
      }),
      { numRuns: 1000 },
    );
  });
  it('random base45 text after the prefix', async () => {
    const b45 = fc.string({ unit: fc.constantFrom(...BASE45_ALPHABET), maxLength: 600 });
    await fc.assert(
      fc.asyncProperty(b45, async (s) => {
        expect((await verdictOf(TOKEN_PREFIX + s)).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
  it('random bytes, base45-encoded', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async (b) => {
        expect((await verdictOf(TOKEN_PREFIX + encodeBase45(b))).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
  it('well-formed COSE_Sign1 around random CBOR payloads', async () => {
    const kid = Uint8Array.from([0xb0, 0xff, 0x66, 0xaf, 0xbc, 0x2b, 0x7f, 0xa5]);
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.uint8Array({ minLength: 64, maxLength: 64 }), async (payload, sig) => {
        const cose = encode(new Tag(18, [protectedHeader(kid), new Map(), encode(payload), sig]));
        expect((await verdictOf(TOKEN_PREFIX + encodeBase45(cose))).ok).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
  it('a huge input is refused before decoding', async () => {
    expect(await verdictOf(TOKEN_PREFIX + '0'.repeat(3_000_000))).toMatchObject({ reason: 'malformed', detail: expect.stringContaining('too long') });
  });
  it('deeply nested CBOR does not blow the stack', async () => {
    const deep = new Uint8Array(5000).fill(0x81); // array(1) of array(1) of …
    expect((await verdictOf(TOKEN_PREFIX + encodeBase45(deep))).ok).toBe(false);
  });
  it('a valid token with junk appended is refused', async () => {
    expect(await verdictOf((await issue()) + '00')).toMatchObject({ ok: false, reason: 'malformed' });
  });
});
