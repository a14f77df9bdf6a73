// `kiosk central bundle key --rotate` (issue 16, item 4): a new Ed25519 signing key, announced by a statement the OLD
// key signs, kept in the database and served with the key (GET /api/central/bundle-key). Posts verify the statement
// with the key they hold and only then trust the new one; a bundle from a key nobody vouched for is refused.
// Order: the statement is stored first, then the new key replaces the old file (the old one kept aside, 0600), so a
// failure at any step leaves the old key signing, never a key without its statement.
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inTransaction, type CentralDb } from '../db/db';
import { insertKeyChange, nextKeyChangeSeq } from '../db/bundles';
import { BUNDLE_KEY_FILE, ensureBundleKey, signBundleText } from './key';

export type RotateResult = { ok: true; publicKeyPem: string; seq: number; retired: string } | { ok: false; detail: string };

export async function rotateBundleKey(db: CentralDb, dataDir: string, now: Date): Promise<RotateResult> {
  const old = ensureBundleKey(dataDir);
  if (!old.ok) return old;
  const { privateKey } = generateKeyPairSync('ed25519');
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  const text = JSON.stringify({ kind: 'bundle-key-change', from: old.publicKeyPem, to: publicKeyPem, at: now.toISOString() });
  const next = join(dataDir, `${BUNDLE_KEY_FILE}.next`);
  const retired = join(dataDir, `bundle-signing-key.retired-${now.toISOString().replace(/[:.]/g, '-')}.pem`);
  try {
    writeFileSync(next, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    return { ok: false, detail: `cannot write the new key ${next} (${(err as Error).message}): another rotation running? remove it if none is` };
  }
  const seq = await inTransaction(db, async (c) => {
    const s = await nextKeyChangeSeq(c);
    await insertKeyChange(c, { seq: s, at: now, text, signature: signBundleText(text, old.privateKey) });
    return s;
  });
  renameSync(old.file, retired);
  renameSync(next, old.file);
  return { ok: true, publicKeyPem, seq, retired };
}
