import { describe, expect, it } from 'vitest';
import { decodeBase45, encodeBase45 } from './b45';

const enc = (s: string) => encodeBase45(new TextEncoder().encode(s));
const dec = (s: string) => {
  const r = decodeBase45(s);
  return r.ok ? new TextDecoder().decode(r.bytes) : r;
};

describe('base45 (RFC 9285)', () => {
  it('encodes the RFC examples', () => {
    expect(enc('AB')).toBe('BB8');
    expect(enc('Hello!!')).toBe('%69 VD92EX0');
    expect(enc('base-45')).toBe('UJCLQE7W581');
  });
  it('decodes the RFC example', () => {
    expect(dec('QED8WEX0')).toBe('ietf!');
  });
  it('refuses a triple above 65535 (the RFC\'s "GGW")', () => {
    expect(decodeBase45('GGW')).toMatchObject({ ok: false });
  });
  it('refuses a final pair above 255', () => {
    expect(decodeBase45('::')).toMatchObject({ ok: false });
  });
  it('refuses characters outside the alphabet, lower case included', () => {
    expect(decodeBase45('bb8')).toMatchObject({ ok: false });
    expect(decodeBase45('B#8')).toMatchObject({ ok: false });
  });
  it('refuses a length that leaves one character over', () => {
    expect(decodeBase45('BB8B')).toMatchObject({ ok: false, detail: expect.stringContaining('length') });
  });
  it('round-trips every byte value', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const r = decodeBase45(encodeBase45(all));
    expect(r.ok && [...r.bytes]).toEqual([...all]);
  });
});
