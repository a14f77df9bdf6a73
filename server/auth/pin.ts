// Staff PINs are stored as scrypt hashes: "scrypt$N$r$p$salt$hash" (base64), the format of shared/scrypt-hash.ts.
// A PIN is short, so the hash must be slow.
import { scryptHash, scryptVerify } from '../../shared/scrypt-hash';

export const PIN_RULE = /^\d{4,12}$/;

export type HashResult = { ok: true; hash: string } | { ok: false; reason: string };

export async function hashPin(pin: string): Promise<HashResult> {
  if (!PIN_RULE.test(pin)) return { ok: false, reason: 'a PIN is 4 to 12 digits' };
  return { ok: true, hash: await scryptHash(pin) };
}

/** False for a wrong PIN and for a malformed hash (a config that passed the schema never has one). */
export const verifyPin = (pin: string, stored: string): Promise<boolean> => scryptVerify(pin, stored);
