import { describe, expect, it } from 'vitest';
import { Tag, encode } from 'cbor2';
import { decodeSign1, encodeSign1, protectedHeader, sigStructure } from './cose';
import { toHex } from './hex';

const kid = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
const sig = new Uint8Array(64).fill(7);
const payload = Uint8Array.from([0xa0]);

describe('COSE_Sign1', () => {
  it("protected header is exactly {1: -7, 4: h'kid'}", () => {
    expect(toHex(protectedHeader(kid))).toBe('a201260448' + '0102030405060708');
  });
  it('Sig_structure is ["Signature1", protected, h\'\', payload]', () => {
    const p = protectedHeader(kid);
    // 84 = array(4); 6a "Signature1"; 4d = bstr(13); 40 = empty bstr; 41 a0 = payload.
    expect(toHex(sigStructure(p, payload))).toBe('84' + '6a5369676e617475726531' + '4d' + toHex(p) + '40' + '41a0');
  });
  it('round-trips and starts with tag 18', () => {
    const bytes = encodeSign1({ protectedBytes: protectedHeader(kid), payload, signature: sig });
    expect(bytes[0]).toBe(0xd2);
    const r = decodeSign1(bytes);
    expect(r.ok && toHex(r.value.kid)).toBe(toHex(kid));
  });
  it('accepts the untagged array too', () => {
    expect(decodeSign1(encode([protectedHeader(kid), new Map(), payload, sig])).ok).toBe(true);
  });
  const bad: Array<[string, unknown, string]> = [
    ['another tag', new Tag(98, [protectedHeader(kid), new Map(), payload, sig]), 'tag 98'],
    ['three items', [protectedHeader(kid), new Map(), payload], 'four items'],
    ['a DER signature (70 bytes)', [protectedHeader(kid), new Map(), payload, new Uint8Array(70)], '64 bytes'],
    [
      'alg ES384',
      [
        encode(
          new Map<number, unknown>([
            [1, -35],
            [4, kid],
          ]),
        ),
        new Map(),
        payload,
        sig,
      ],
      'ES256',
    ],
    ['alg only in the unprotected header', [encode(new Map([[4, kid]])), new Map([[1, -7]]), payload, sig], 'ES256'],
    [
      'kid in the unprotected header',
      [
        encode(
          new Map<number, unknown>([
            [1, -7],
            [4, kid],
          ]),
        ),
        new Map([[4, kid]]),
        payload,
        sig,
      ],
      'protected header only',
    ],
    ['no kid', [encode(new Map([[1, -7]])), new Map(), payload, sig], 'kid'],
    [
      'a critical header',
      [
        encode(
          new Map<number, unknown>([
            [1, -7],
            [2, [99]],
            [4, kid],
          ]),
        ),
        new Map(),
        payload,
        sig,
      ],
      'critical',
    ],
    ['a text payload', [protectedHeader(kid), new Map(), 'hi', sig], 'byte strings'],
    ['a protected header that is not CBOR', [Uint8Array.from([0xff]), new Map(), payload, sig], 'protected header'],
  ];
  it.each(bad)('refuses %s', (_name, value, detail) => {
    const r = decodeSign1(encode(value));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.detail).toContain(detail);
  });
});
