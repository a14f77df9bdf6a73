// Interoperability: a token built by an independent issuer — its own minimal CBOR writer, its own base45
// writer, its own Sig_structure, signed with the Web Crypto API (globalThis.crypto.subtle) — verifies with
// the kiosk's code. And the other way round: WebCrypto verifies a token the kiosk's code issued.
import { describe, expect, it } from 'vitest';
import { verifyToken } from '../../domain/appointment';
import { decodeBase45 } from '../../domain/appointment/b45';
import { KID_A, SLOT, ctx, issue, pem } from './fixtures';

// ---- a deliberately separate CBOR writer (RFC 8949 §3), only what a CWT needs ----
type C = number | string | Uint8Array | C[] | { map: Array<[C, C]> } | { tag: number; value: C };
function head(major: number, n: number): number[] {
  if (n < 24) return [(major << 5) | n];
  if (n < 0x100) return [(major << 5) | 24, n];
  if (n < 0x10000) return [(major << 5) | 25, n >> 8, n & 0xff];
  if (n < 0x100000000) return [(major << 5) | 26, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
  throw new Error('this writer stops at 32-bit lengths and integers');
}
function cbor(v: C): number[] {
  if (typeof v === 'number') return v >= 0 ? head(0, v) : head(1, -1 - v);
  if (typeof v === 'string') {
    const b = [...new TextEncoder().encode(v)];
    return [...head(3, b.length), ...b];
  }
  if (v instanceof Uint8Array) return [...head(2, v.length), ...v];
  if (Array.isArray(v)) return [...head(4, v.length), ...v.flatMap(cbor)];
  if ('map' in v) return [...head(5, v.map.length), ...v.map.flatMap(([k, x]) => [...cbor(k), ...cbor(x)])];
  return [...head(6, v.tag), ...cbor(v.value)];
}
const bytes = (v: C) => Uint8Array.from(cbor(v));

// ---- a deliberately separate base45 writer (RFC 9285 §4) ----
const B45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
function base45(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 2) {
    if (i + 1 < b.length) {
      const n = b[i]! * 256 + b[i + 1]!;
      s += B45[n % 45]! + B45[Math.floor(n / 45) % 45]! + B45[Math.floor(n / 2025)]!;
    } else s += B45[b[i]! % 45]! + B45[Math.floor(b[i]! / 45)]!;
  }
  return s;
}

const der = (p: string) => Uint8Array.from(atob(p.replace(/-----[A-Z ]+-----|\s/g, '')), (c) => c.charCodeAt(0));
const hexBytes = (h: string) => Uint8Array.from(h.match(/../g)!.map((x) => parseInt(x, 16)));
const subtle = globalThis.crypto.subtle;

describe('Web Crypto interoperability', () => {
  it('a token signed by an independent WebCrypto issuer verifies', async () => {
    const key = await subtle.importKey('pkcs8', der(pem(KID_A, 'key')), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
    const slot = SLOT.getTime() / 1000;
    const protectedBytes = bytes({
      map: [
        [1, -7],
        [4, hexBytes(KID_A)],
      ],
    });
    const payload = bytes({
      map: [
        [1, 'MA-RDV'],
        [4, slot + 1800],
        [5, slot - 3600],
        [7, hexBytes('00112233445566778899')],
        [
          -65537,
          {
            map: [
              [1, 'FR-PAR'],
              [2, 'WC-77'],
              [3, ['cnie']],
              [4, 3],
              [5, slot],
            ],
          },
        ],
      ],
    });
    const toSign = bytes(['Signature1', protectedBytes, new Uint8Array(0), payload]);
    // WebCrypto's ECDSA signature is already the raw r||s (IEEE P1363) that COSE wants.
    const signature = new Uint8Array(await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, toSign));
    expect(signature.length).toBe(64);
    const token = 'RDV1:' + base45(bytes({ tag: 18, value: [protectedBytes, { map: [] }, payload, signature] }));
    expect(await verifyToken(token, ctx())).toMatchObject({
      ok: true,
      appointment: { tokenId: '00112233445566778899', appointmentId: 'WC-77', services: ['cnie'], persons: 3, kid: KID_A },
    });
  });

  it('WebCrypto verifies the signature of a token the kiosk code issued, over a Sig_structure it builds itself', async () => {
    const token = await issue();
    const r = decodeBase45(token.slice(5));
    if (!r.ok) throw new Error(r.detail);
    const b = r.bytes;
    // Walk the COSE_Sign1 by hand: d2 84 <bstr prot> a0 <bstr payload> 58 40 <64 bytes>.
    expect([b[0], b[1]]).toEqual([0xd2, 0x84]);
    let i = 2;
    const readBstr = () => {
      const ib = b[i]!;
      let len = ib & 0x1f;
      i++;
      if (len === 24) {
        len = b[i]!;
        i++;
      } else if (len === 25) {
        len = b[i]! * 256 + b[i + 1]!;
        i += 2;
      }
      const out = b.slice(i, i + len);
      i += len;
      return out;
    };
    const prot = readBstr();
    expect(b[i]).toBe(0xa0);
    i++;
    const payload = readBstr();
    const sig = readBstr();
    const pub = await subtle.importKey('spki', der(pem(KID_A, 'pub')), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    const toVerify = bytes(['Signature1', prot, new Uint8Array(0), payload]);
    expect(await subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, pub, sig, toVerify)).toBe(true);
    toVerify[toVerify.length - 1]! ^= 1;
    expect(await subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, pub, sig, toVerify)).toBe(false);
  });
});
