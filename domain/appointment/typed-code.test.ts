import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CODE_ALPHABET, codeFromTokenId, parseTypedCode } from './typed-code';

describe('typed appointment code', () => {
  it('has 32 symbols and none of 0, O, 1, I', () => {
    expect(new Set(CODE_ALPHABET).size).toBe(32);
    expect(CODE_ALPHABET).not.toMatch(/[0O1I]/);
  });
  it('is 9 characters in groups of three, from the first 40 bits of the token id', () => {
    const code = codeFromTokenId(Uint8Array.from([0, 0, 0, 0, 0, 9, 9, 9]));
    expect(code).toMatch(/^[2-9A-Z]{3}-[2-9A-Z]{3}-[2-9A-Z]{3}$/);
    expect(code.startsWith('222-222-22')).toBe(true);
    expect(codeFromTokenId(Uint8Array.from([0, 0, 0, 0, 0, 1, 1, 1]))).toBe(code);
  });
  it('parses what it prints, in any case, with or without dashes and spaces', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8, maxLength: 8 }), (id) => {
        const code = codeFromTokenId(id);
        expect(parseTypedCode(code)).toEqual({ ok: true, code });
        expect(parseTypedCode(' ' + code.toLowerCase().replace(/-/g, ' ') + ' ')).toEqual({ ok: true, code });
      }),
    );
  });
  it('catches every single mistyped character', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8, maxLength: 8 }), fc.nat(8), fc.nat(30), (id, pos, shift) => {
        const raw = codeFromTokenId(id).replace(/-/g, '');
        const wrong = CODE_ALPHABET[(CODE_ALPHABET.indexOf(raw[pos]!) + 1 + shift) % 32]!;
        expect(parseTypedCode(raw.slice(0, pos) + wrong + raw.slice(pos + 1))).toMatchObject({ ok: false, reason: 'bad-code' });
      }),
    );
  });
  it('catches adjacent swaps of different characters', () => {
    let caught = 0;
    let total = 0;
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8, maxLength: 8 }), fc.nat(7), (id, pos) => {
        const raw = codeFromTokenId(id).replace(/-/g, '');
        if (raw[pos] === raw[pos + 1]) return;
        total++;
        if (!parseTypedCode(raw.slice(0, pos) + raw[pos + 1] + raw[pos] + raw.slice(pos + 2)).ok) caught++;
      }),
      { numRuns: 500 },
    );
    // Luhn mod N misses only the swaps of one specific pair per position class: well above 95 %.
    expect(caught / total).toBeGreaterThan(0.95);
  });
  it('explains a letter that never appears', () => {
    expect(parseTypedCode('OOO-222-222')).toMatchObject({ ok: false, detail: expect.stringContaining('never contain 0, O, 1 or I') });
    expect(parseTypedCode('222-222')).toMatchObject({ ok: false, detail: expect.stringContaining('9 characters') });
  });
});
