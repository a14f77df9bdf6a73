// The central service's bundle signing key (issue 16, item 4): Ed25519, created once in the central data directory
// (0600, never leaves it), by `kiosk central bundle key` or at the first publish. Posts get the public key once
// (GET /api/central/bundle-key) over their pinned link and verify every bundle with it.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const BUNDLE_KEY_FILE = 'bundle-signing-key.pem';

export type BundleKeyResult = { ok: true; privateKey: KeyObject; publicKeyPem: string; created: boolean; file: string } | { ok: false; detail: string };

export function ensureBundleKey(dataDir: string): BundleKeyResult {
  const file = join(dataDir, BUNDLE_KEY_FILE);
  try {
    if (!existsSync(file)) {
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      const { privateKey } = generateKeyPairSync('ed25519');
      // 'wx': two publishers starting together must not each write a key; the loser reads the winner's.
      try {
        writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
        return { ok: true, privateKey, publicKeyPem: publicPem(privateKey), created: true, file };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
    const privateKey = createPrivateKey(readFileSync(file));
    if (privateKey.asymmetricKeyType !== 'ed25519')
      return { ok: false, detail: `${file} is not an Ed25519 key: move it away and run kiosk central bundle key` };
    return { ok: true, privateKey, publicKeyPem: publicPem(privateKey), created: false, file };
  } catch (err) {
    return { ok: false, detail: `cannot read or create the bundle signing key ${file}: ${(err as Error).message}` };
  }
}

const publicPem = (k: KeyObject) => createPublicKey(k).export({ type: 'spki', format: 'pem' }).toString();

/** Base64 Ed25519 signature of the text's exact UTF-8 bytes. */
export function signBundleText(text: string, privateKey: KeyObject): string {
  return sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64');
}
