// The one-time enrolment code `kiosk hub enrol` (a kiosk joining its post) and `kiosk central enrol` (a post joining the
// network) print: typeable, and carrying what the joiner needs to trust the server at first contact, as kubeadm's
// join token + discovery-token-ca-cert-hash
// (https://kubernetes.io/docs/reference/setup-tools/kubeadm/kubeadm-join/#token-based-discovery-with-ca-pinning).
//
// 25 bytes, 40 Crockford base32 characters in 8 groups of 5 (https://www.crockford.com/base32.html: no I, L,
// O, U; read case-insensitively, O as 0, I and L as 1; spaces and dashes ignored):
//   9 bytes  the secret (72 bits, one use, expiring, rate-limited by the server; only its hash is stored)
//   14 bytes the first 112 bits of the server's CA's SHA-256 (post CA or central CA) fingerprint (finding another certificate with the same
//            prefix is a 2^112 second-preimage search)
//   2 bytes  a check over the rest: a mistyped code is caught before any contact
import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const SECRET = 9;
const PIN = 14;
const CHECK = 2;
const BYTES = SECRET + PIN + CHECK;

export interface EnrolmentCode {
  secret: Buffer;
  /** Prefix of the server CA's SHA-256 fingerprint. */
  caPin: Buffer;
}

const check = (body: Buffer) => createHash('sha256').update(body).digest().subarray(0, CHECK);

function encode(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out; // 25 bytes are 200 bits: no remainder
}

function decode(text: string): Buffer | null {
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of text) {
    const i = ALPHABET.indexOf(ch);
    if (i < 0) return null;
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
    value &= (1 << bits) - 1;
  }
  return Buffer.from(out);
}

export function newEnrolmentCode(caFingerprint: Buffer): { text: string; code: EnrolmentCode } {
  const body = Buffer.concat([randomBytes(SECRET), caFingerprint.subarray(0, PIN)]);
  const text = encode(Buffer.concat([body, check(body)]))
    .match(/.{5}/g)!
    .join('-');
  return { text, code: { secret: body.subarray(0, SECRET), caPin: body.subarray(SECRET) } };
}

export type ParsedCode = { ok: true; code: EnrolmentCode } | { ok: false; detail: string };

export function parseEnrolmentCode(typed: string): ParsedCode {
  const norm = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  const bytes = norm.length === (BYTES * 8) / 5 ? decode(norm) : null;
  if (!bytes) return { ok: false, detail: `an enrolment code is 40 letters and digits in 8 groups of 5 (XXXXX-XXXXX-…); "${typed}" is not one: check it` };
  const body = bytes.subarray(0, SECRET + PIN);
  if (!check(body).equals(bytes.subarray(SECRET + PIN))) return { ok: false, detail: 'this enrolment code was mistyped (its check does not match): check it' };
  return { ok: true, code: { secret: body.subarray(0, SECRET), caPin: body.subarray(SECRET) } };
}

/** What a server stores of a code or a credential: SHA-256 hex (both are random, high-entropy: no salt or slow hash needed). */
export const secretHash = (secret: Buffer | string): string => createHash('sha256').update(secret).digest('hex');

/** Does the CA fingerprint match the code's pin? */
export const pinMatches = (code: EnrolmentCode, caFingerprint: Buffer): boolean => caFingerprint.subarray(0, PIN).equals(code.caPin);
