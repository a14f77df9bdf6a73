import { describe, expect, it } from 'vitest';
import { CHECK_ALPHABET, isValidMod37_2, mod37_2 } from './check';

const BODY = CHECK_ALPHABET.slice(0, 36);

// The two alternatives the choice in check.ts was made against, written out to count what they miss.
function hybrid37_36(body: string): number {
  let p = 36;
  for (const ch of body) {
    let s = (p + BODY.indexOf(ch)) % 36;
    if (s === 0) s = 36;
    p = (s * 2) % 37;
  }
  return (37 - p) % 36;
}
function luhnMod36(body: string): number {
  let sum = 0;
  let factor = 2;
  for (let i = body.length - 1; i >= 0; i--) {
    let addend = factor * BODY.indexOf(body[i]!);
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / 36) + (addend % 36);
    sum += addend;
  }
  return (36 - (sum % 36)) % 36;
}

function missedAdjacentTranspositions(check: (body: string) => string | number): number {
  let missed = 0;
  for (const a of BODY)
    for (const b of BODY) {
      if (a === b) continue;
      for (const prefix of ['', 'Q', 'QZ']) {
        if (check(`${prefix}${a}${b}7`) === check(`${prefix}${b}${a}7`)) missed++;
      }
    }
  return missed;
}

describe('ISO 7064 MOD 37-2', () => {
  it('detects every adjacent transposition, where MOD 37,36 and Luhn mod 36 do not', () => {
    expect(missedAdjacentTranspositions(mod37_2)).toBe(0);
    expect(missedAdjacentTranspositions(hybrid37_36)).toBeGreaterThan(0);
    expect(missedAdjacentTranspositions(luhnMod36)).toBeGreaterThan(0);
  });

  it('detects every single substitution at every position of a short body', () => {
    const body = 'ETFRPAR20261128000123';
    const check = mod37_2(body);
    for (let i = 0; i < body.length; i++) {
      for (const c of BODY) {
        if (c === body[i]) continue;
        expect(isValidMod37_2(body.slice(0, i) + c + body.slice(i + 1), check)).toBe(false);
      }
    }
    for (const c of CHECK_ALPHABET) if (c !== check) expect(isValidMod37_2(body, c)).toBe(false);
    expect(isValidMod37_2(body, check)).toBe(true);
  });

  it('can give the * check character, and refuses it inside a body', () => {
    const withStar = Array.from({ length: 2000 }, (_, i) => `ET${i}`).find((b) => mod37_2(b) === '*');
    expect(withStar).toBeDefined();
    expect(() => mod37_2('A*B')).toThrow(RangeError);
    expect(isValidMod37_2('a', '1')).toBe(false);
  });
});
