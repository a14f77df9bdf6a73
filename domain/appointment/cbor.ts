// One place for how tokens use CBOR: untrusted input is decoded strictly (maps stay Maps so integer keys
// survive, duplicate keys are refused) and every failure becomes a value, never an exception.
import { decode, encode } from 'cbor2';

export type Decoded = { ok: true; value: unknown } | { ok: false; detail: string };

export function cborDecode(bytes: Uint8Array): Decoded {
  try {
    return { ok: true, value: decode(bytes, { preferMap: true, rejectDuplicateKeys: true }) };
  } catch (err) {
    return { ok: false, detail: `not valid CBOR: ${err instanceof Error ? err.message : String(err)}` };
  }
}

export function cborEncode(value: unknown): Uint8Array {
  return encode(value);
}
