// Trusted keys from a folder of PEM files (the `--keys DIR` of `kiosk token verify`). Only public keys are
// taken; private keys in the same folder (as in fixtures/keys) are skipped, never used to verify.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TrustedKey } from './config';

export function trustedKeysFromDir(dir: string): TrustedKey[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.pem'))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .filter((pem) => pem.includes('-----BEGIN PUBLIC KEY-----'))
    .map((publicKeyPem) => ({ publicKeyPem }));
}
