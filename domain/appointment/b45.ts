// Base45 (RFC 9285) through the base45 package, with the input checks the RFC requires and the package
// skips: it maps a foreign character to -1 and an out-of-range triple to a wrong byte instead of refusing.
import base45 from 'base45';

export const BASE45_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
const VALUE = new Map([...BASE45_ALPHABET].map((c, i) => [c, i] as const));

export function encodeBase45(bytes: Uint8Array): string {
  return base45.encode(bytes);
}

export type Base45Decoded = { ok: true; bytes: Uint8Array } | { ok: false; detail: string };

export function decodeBase45(text: string): Base45Decoded {
  if (text.length % 3 === 1) return { ok: false, detail: `base45 text of length ${text.length} cannot be complete (length mod 3 is 1)` };
  for (let i = 0; i < text.length; i += 3) {
    const c = VALUE.get(text[i] ?? '');
    const d = VALUE.get(text[i + 1] ?? '');
    const e = i + 2 < text.length ? VALUE.get(text[i + 2] ?? '') : 0;
    if (c === undefined || d === undefined || e === undefined) return { ok: false, detail: `character outside the base45 alphabet near position ${i}` };
    const n = c + d * 45 + e * 45 * 45;
    if (n > (i + 2 < text.length ? 0xffff : 0xff)) return { ok: false, detail: `base45 group at position ${i} is out of range` };
  }
  return { ok: true, bytes: new Uint8Array(base45.decode(text)) };
}
