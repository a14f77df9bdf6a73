import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32: no I, L, O, U to misread

/**
 * A payment id / idempotency key: "P" + 9 random base32 characters (45 bits). Ten characters, because that
 * is what Concert E+ carries in its private field, so the terminal's own journal shows our id.
 */
export function newPaymentId(): string {
  const bytes = randomBytes(9);
  let s = 'P';
  for (const b of bytes) s += ALPHABET[b & 31];
  return s;
}
