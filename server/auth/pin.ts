// Staff PINs are stored as scrypt hashes: "scrypt$N$r$p$salt$hash" (base64). A PIN is short, so the
// hash must be slow; the async scrypt keeps the daemon responsive while it works.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const N = 16384;
const R = 8;
const P = 1;
const KEYLEN = 32;

export const PIN_RULE = /^\d{4,12}$/;

function derive(pin: string, salt: Buffer, n: number, r: number, p: number, keylen: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(pin.normalize('NFKC'), salt, keylen, { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export type HashResult = { ok: true; hash: string } | { ok: false; reason: string };

export async function hashPin(pin: string): Promise<HashResult> {
  if (!PIN_RULE.test(pin)) return { ok: false, reason: 'a PIN is 4 to 12 digits' };
  const salt = randomBytes(16);
  const key = await derive(pin, salt, N, R, P, KEYLEN);
  return { ok: true, hash: `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}` };
}

/** False for a wrong PIN and for a malformed hash (a config that passed the schema never has one). */
export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![n, r, p].every((x) => Number.isInteger(x) && x > 0) || n > 1 << 20) return false;
  const want = Buffer.from(parts[5]!, 'base64');
  if (want.length < 16) return false;
  const got = await derive(pin, Buffer.from(parts[4]!, 'base64'), n, r, p, want.length);
  return timingSafeEqual(got, want);
}
