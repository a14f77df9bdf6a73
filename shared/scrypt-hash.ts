// The one stored form of a short secret (staff PINs, server/auth/pin.ts; ministry passwords, central/db/users-password.ts):
// scrypt through node:crypto, stored as "scrypt$N$r$p$salt$hash" (base64), so an operator reads one format. The
// parameters travel in the string: a hash made with other ones still verifies. The async scrypt keeps the process
// answering while it works.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const N = 16384;
const R = 8;
const P = 1;
const KEYLEN = 32;

function derive(secret: string, salt: Buffer, n: number, r: number, p: number, keylen: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret.normalize('NFKC'), salt, keylen, { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function scryptHash(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(secret, salt, N, R, P, KEYLEN);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** False for a wrong secret and for a malformed hash. */
export async function scryptVerify(secret: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![n, r, p].every((x) => Number.isInteger(x) && x > 0) || n > 1 << 20) return false;
  const want = Buffer.from(parts[5]!, 'base64');
  if (want.length < 16) return false;
  const got = await derive(secret, Buffer.from(parts[4]!, 'base64'), n, r, p, want.length);
  return timingSafeEqual(got, want);
}
