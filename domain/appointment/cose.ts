// COSE_Sign1 (RFC 9052 §4.2, §4.4) with ES256, exactly: the protected header is a bstr holding
// {1: -7 (alg ES256), 4: kid}; the signature covers Sig_structure = ["Signature1", protected, h'', payload]
// and is the raw r||s pair (64 bytes), not DER.
import { Tag } from 'cbor2';
import { cborDecode, cborEncode } from './cbor';

export const COSE_SIGN1_TAG = 18;
export const ALG_ES256 = -7;
const HDR_ALG = 1;
const HDR_CRIT = 2;
const HDR_KID = 4;
export const ES256_SIGNATURE_LENGTH = 64;

export interface Sign1 {
  /** The protected header exactly as received: the signature covers these bytes, not a re-encoding. */
  protectedBytes: Uint8Array;
  kid: Uint8Array;
  payload: Uint8Array;
  signature: Uint8Array;
}

export function protectedHeader(kid: Uint8Array): Uint8Array {
  return cborEncode(
    new Map<number, unknown>([
      [HDR_ALG, ALG_ES256],
      [HDR_KID, kid],
    ]),
  );
}

export function sigStructure(protectedBytes: Uint8Array, payload: Uint8Array): Uint8Array {
  return cborEncode(['Signature1', protectedBytes, new Uint8Array(0), payload]);
}

export function encodeSign1(s: Omit<Sign1, 'kid'>): Uint8Array {
  return cborEncode(new Tag(COSE_SIGN1_TAG, [s.protectedBytes, new Map(), s.payload, s.signature]));
}

export type Sign1Decoded = { ok: true; value: Sign1 } | { ok: false; detail: string };

const isBytes = (v: unknown): v is Uint8Array => v instanceof Uint8Array;

export function decodeSign1(bytes: Uint8Array): Sign1Decoded {
  const top = cborDecode(bytes);
  if (!top.ok) return top;
  let arr = top.value;
  // COSE_Sign1_Tagged (tag 18) or the bare array: RFC 9052 allows both where the context is known.
  if (arr instanceof Tag) {
    if (Number(arr.tag) !== COSE_SIGN1_TAG) return { ok: false, detail: `CBOR tag ${String(arr.tag)} is not COSE_Sign1 (18)` };
    arr = arr.contents;
  }
  if (!Array.isArray(arr) || arr.length !== 4) return { ok: false, detail: 'not a COSE_Sign1 array of four items' };
  const [prot, unprot, payload, signature] = arr as unknown[];
  if (!isBytes(prot) || !isBytes(payload) || !isBytes(signature))
    return { ok: false, detail: 'COSE_Sign1 protected header, payload and signature must be byte strings' };
  if (!(unprot instanceof Map)) return { ok: false, detail: 'COSE_Sign1 unprotected header must be a map' };
  if (signature.length !== ES256_SIGNATURE_LENGTH)
    return { ok: false, detail: `ES256 signature must be ${ES256_SIGNATURE_LENGTH} bytes (r||s), got ${signature.length}` };
  const hdr = cborDecode(prot);
  if (!hdr.ok) return { ok: false, detail: `protected header: ${hdr.detail}` };
  if (!(hdr.value instanceof Map)) return { ok: false, detail: 'protected header is not a map' };
  const h = hdr.value as Map<unknown, unknown>;
  if (h.get(HDR_ALG) !== ALG_ES256) return { ok: false, detail: 'protected header alg must be ES256 (-7)' };
  // Anything marked critical is something we do not understand: RFC 9052 §3.1 says refuse.
  if (h.has(HDR_CRIT) || unprot.has(HDR_CRIT)) return { ok: false, detail: 'critical header parameters are not supported' };
  if (unprot.has(HDR_ALG) || unprot.has(HDR_KID)) return { ok: false, detail: 'alg and kid belong in the protected header only' };
  const kid = h.get(HDR_KID);
  if (!isBytes(kid) || kid.length === 0 || kid.length > 32) return { ok: false, detail: 'protected header kid must be a byte string of 1 to 32 bytes' };
  return { ok: true, value: { protectedBytes: prot, kid, payload, signature } };
}
