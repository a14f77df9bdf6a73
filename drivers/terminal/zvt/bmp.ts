// ZVT bitmaps (BMPs): one tag byte and a value whose length is fixed by the tag, or LLVAR/LLLVAR (length
// digits coded F0+d), or BER length for the TLV container 06. BCD helpers for amounts and numbers.
import { concat } from '../../bytes';

export type BmpFormat = { kind: 'fixed'; len: number } | { kind: 'llvar' } | { kind: 'lllvar' } | { kind: 'tlv' };

const fixed = (len: number): BmpFormat => ({ kind: 'fixed', len });
const LL: BmpFormat = { kind: 'llvar' };
const LLL: BmpFormat = { kind: 'lllvar' };

/** Tag → (name, format). Unknown tags stop decoding: their length cannot be guessed. */
export const BMPS: Record<number, { name: string; format: BmpFormat }> = {
  0x01: { name: 'timeout', format: fixed(1) },
  0x02: { name: 'max status infos', format: fixed(1) },
  0x03: { name: 'service byte', format: fixed(1) },
  0x04: { name: 'amount', format: fixed(6) },
  0x05: { name: 'pump number', format: fixed(1) },
  0x06: { name: 'TLV container', format: { kind: 'tlv' } },
  0x0b: { name: 'trace number', format: fixed(3) },
  0x0c: { name: 'time', format: fixed(3) },
  0x0d: { name: 'date', format: fixed(2) },
  0x0e: { name: 'expiry date', format: fixed(2) },
  0x17: { name: 'card sequence number', format: fixed(2) },
  0x19: { name: 'payment type', format: fixed(1) },
  0x22: { name: 'PAN / EF_ID', format: LL },
  0x23: { name: 'track 2', format: LL },
  0x24: { name: 'track 3', format: LLL },
  0x27: { name: 'result code', format: fixed(1) },
  0x29: { name: 'terminal id', format: fixed(4) },
  0x2a: { name: 'VU number', format: fixed(15) },
  0x2d: { name: 'track 1', format: LL },
  0x2e: { name: 'sync chip data', format: LLL },
  0x37: { name: 'original trace number', format: fixed(3) },
  0x3a: { name: 'CVV/CVC', format: fixed(2) },
  0x3b: { name: 'AID (authorisation attribute)', format: fixed(8) },
  0x3c: { name: 'additional text', format: LLL },
  0x3d: { name: 'password', format: fixed(3) },
  0x49: { name: 'currency code', format: fixed(2) },
  0x60: { name: 'individual totals', format: LLL },
  0x87: { name: 'receipt number', format: fixed(2) },
  0x88: { name: 'turnover number', format: fixed(3) },
  0x8a: { name: 'card type', format: fixed(1) },
  0x8b: { name: 'card name', format: LL },
  0x8c: { name: 'card type id', format: fixed(1) },
  0x9a: { name: 'Geldkarte payment data', format: LLL },
  0xa0: { name: 'result code AS', format: fixed(1) },
  0xa7: { name: 'chip data', format: LL },
  0xaa: { name: 'date YYMMDD', format: fixed(3) },
  0xaf: { name: 'EF_Info', format: LLL },
  0xba: { name: 'AID parameter', format: fixed(5) },
};

export type Fields = Map<number, Uint8Array>;

export type DecodeBmps = { ok: true; fields: Fields } | { ok: false; reason: string; fields: Fields };

/** Length prefix digits F0+d: 7 as LLVAR → F0 F7. */
export function varLength(n: number, digits: 2 | 3): Uint8Array {
  const s = String(n).padStart(digits, '0');
  if (s.length > digits) throw new RangeError(`length ${n} does not fit ${digits} digits`);
  return Uint8Array.from([...s].map((c) => 0xf0 + Number(c)));
}

function readVarLength(data: Uint8Array, at: number, digits: number): number | undefined {
  let n = 0;
  for (let i = 0; i < digits; i++) {
    const b = data[at + i];
    if (b === undefined || (b & 0xf0) !== 0xf0 || (b & 0x0f) > 9) return undefined;
    n = n * 10 + (b & 0x0f);
  }
  return n;
}

/** BER length as used by the TLV container: n, 81 n, 82 hi lo. */
export function berLength(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  if (n < 0x100) return Uint8Array.of(0x81, n);
  return Uint8Array.of(0x82, n >>> 8, n & 0xff);
}

function readBerLength(data: Uint8Array, at: number): { len: number; size: number } | undefined {
  const first = data[at];
  if (first === undefined) return undefined;
  if (first < 0x80) return { len: first, size: 1 };
  if (first === 0x81 && data[at + 1] !== undefined) return { len: data[at + 1]!, size: 2 };
  if (first === 0x82 && data[at + 2] !== undefined) return { len: (data[at + 1]! << 8) | data[at + 2]!, size: 3 };
  return undefined;
}

export function decodeBmps(data: Uint8Array, start = 0): DecodeBmps {
  const fields: Fields = new Map();
  let at = start;
  while (at < data.length) {
    const tag = data[at]!;
    const spec = BMPS[tag];
    if (!spec) return { ok: false, reason: `unknown BMP ${tag.toString(16).padStart(2, '0')} at offset ${at}`, fields };
    at++;
    let len: number | undefined;
    switch (spec.format.kind) {
      case 'fixed':
        len = spec.format.len;
        break;
      case 'llvar':
        len = readVarLength(data, at, 2);
        if (len !== undefined) at += 2;
        break;
      case 'lllvar':
        len = readVarLength(data, at, 3);
        if (len !== undefined) at += 3;
        break;
      case 'tlv': {
        const ber = readBerLength(data, at);
        if (ber) {
          len = ber.len;
          at += ber.size;
        }
        break;
      }
    }
    if (len === undefined) return { ok: false, reason: `bad length prefix for BMP ${tag.toString(16)} (${spec.name})`, fields };
    if (at + len > data.length) return { ok: false, reason: `BMP ${tag.toString(16)} (${spec.name}) runs past the end of the APDU`, fields };
    fields.set(tag, data.slice(at, at + len));
    at += len;
  }
  return { ok: true, fields };
}

/** Tag + value with the length prefix its format needs. */
export function encodeBmp(tag: number, value: Uint8Array): Uint8Array {
  const spec = BMPS[tag];
  if (!spec) throw new RangeError(`BMP ${tag.toString(16)} is not in the table`);
  let prefix: Uint8Array = new Uint8Array(0);
  switch (spec.format.kind) {
    case 'fixed':
      if (value.length !== spec.format.len) throw new RangeError(`BMP ${tag.toString(16)} needs ${spec.format.len} bytes, got ${value.length}`);
      break;
    case 'llvar':
      prefix = varLength(value.length, 2);
      break;
    case 'lllvar':
      prefix = varLength(value.length, 3);
      break;
    case 'tlv':
      prefix = berLength(value.length);
      break;
  }
  return concat(Uint8Array.of(tag), prefix, value);
}

/** Digits → packed BCD, left-padded with zeros to `bytes` bytes. */
export function toBcd(digits: string, bytes: number): Uint8Array {
  if (!/^\d*$/.test(digits) || digits.length > bytes * 2) throw new RangeError(`"${digits}" does not fit ${bytes} BCD bytes`);
  const s = digits.padStart(bytes * 2, '0');
  const out = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) out[i] = (Number(s[2 * i]) << 4) | Number(s[2 * i + 1]);
  return out;
}

/** Packed BCD → digits. Nibble E reads as '*' (masked PAN), F is padding and is dropped. */
export function fromBcd(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) {
    for (const n of [b >>> 4, b & 0x0f]) {
      if (n <= 9) s += String(n);
      else if (n === 0x0e) s += '*';
      else if (n !== 0x0f) s += '?';
    }
  }
  return s;
}

/** BMP 04 carries the amount as 6 BCD bytes: 12 digits of minor units. (The kiosk's own limit is MAX_AMOUNT_MINOR in shared/money.ts.) */
export const ZVT_MAX_AMOUNT_MINOR = 999_999_999_999;

export function amountToBcd(minor: number): Uint8Array {
  if (!Number.isSafeInteger(minor) || minor < 0 || minor > ZVT_MAX_AMOUNT_MINOR) throw new RangeError(`amount ${minor} does not fit 6 BCD bytes`);
  return toBcd(String(minor), 6);
}

export function bcdToNumber(bytes: Uint8Array): number | undefined {
  const s = fromBcd(bytes);
  return /^\d+$/.test(s) ? Number(s) : undefined;
}

/** Masked PAN as BCD with E for hidden digits, padded with F to whole bytes. */
export function panToBcd(pan: string): Uint8Array {
  const nibbles = [...pan].map((c) => (c === '*' ? 0x0e : Number(c)));
  if (nibbles.length % 2) nibbles.push(0x0f);
  const out = new Uint8Array(nibbles.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = (nibbles[2 * i]! << 4) | nibbles[2 * i + 1]!;
  return out;
}

export const ascii = (bytes: Uint8Array): string => String.fromCharCode(...bytes);
export const fromAscii = (s: string): Uint8Array => Uint8Array.from([...s].map((c) => c.charCodeAt(0) & 0xff));
