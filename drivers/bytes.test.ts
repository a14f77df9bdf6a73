import { describe, expect, it } from 'vitest';
import { concat, hex, toHex } from './bytes';

describe('byte helpers', () => {
  it('concatenates any number of parts, empty ones included, into a new array', () => {
    const a = Uint8Array.of(1, 2);
    const out = concat(a, new Uint8Array(0), Uint8Array.of(3));
    expect([...out]).toEqual([1, 2, 3]);
    out[0] = 9;
    expect(a[0]).toBe(1);
    expect(concat().length).toBe(0);
  });

  it('writes bytes as upper-case two-digit hex', () => {
    expect(hex(0x0a)).toBe('0A');
    expect(hex(0xff)).toBe('FF');
    expect(toHex(Uint8Array.of(0x10, 0x02, 0x06, 0x1e))).toBe('10 02 06 1E');
  });
});
