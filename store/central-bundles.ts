// The bundles this post received from the central service (issue 16, item 4), as signed, and the central
// service's public key. Only verified bundles are stored (server/central/bundles.ts verifies first).
import type { Db } from './db';
import { prepared } from './statements';

export interface StoredBundle {
  version: number;
  effectiveAt: string;
  text: string;
  signature: string;
  receivedAt: string;
}

const COLUMNS = 'version, effective_at AS effectiveAt, text, signature, received_at AS receivedAt';

// Bundles stored through each connection: a reader that keeps the stored bundles (server/central/live-settings.ts) sees
// one stored in this process at once, without asking the journal at every use.
const storedHere = new WeakMap<Db, number>();

/** How many bundles this process stored through `db`: changes whenever storeBundle stores one. */
export function bundlesStoredHere(db: Db): number {
  return storedHere.get(db) ?? 0;
}

/** False when this version is already stored (a pull that saw it before). */
export function storeBundle(db: Db, b: StoredBundle): boolean {
  const r = prepared(db, 'INSERT OR IGNORE INTO central_bundles (version, effective_at, text, signature, received_at) VALUES (?, ?, ?, ?, ?)').run(
    b.version,
    b.effectiveAt,
    b.text,
    b.signature,
    b.receivedAt,
  );
  if (r.changes > 0) storedHere.set(db, bundlesStoredHere(db) + 1);
  return r.changes > 0;
}

/** The newest stored version, 0 with none (live settings cache on it). */
export function latestBundleVersion(db: Db): number {
  return (prepared(db, 'SELECT coalesce(max(version), 0) AS v FROM central_bundles').get() as { v: number }).v;
}

/** Every stored bundle, oldest version first. */
export function storedBundles(db: Db): StoredBundle[] {
  return prepared(db, `SELECT ${COLUMNS} FROM central_bundles ORDER BY version`).all() as StoredBundle[];
}

export function bundleKey(db: Db): string | null {
  const r = prepared(db, 'SELECT public_key_pem AS pem FROM central_bundle_key WHERE one = 1').get() as { pem: string } | undefined;
  return r?.pem ?? null;
}

/** Kept once: a later, different key is taken only through a key-change statement (replaceBundleKey). */
export function keepBundleKey(db: Db, publicKeyPem: string, at: Date): void {
  prepared(db, 'INSERT OR IGNORE INTO central_bundle_key (one, public_key_pem, fetched_at) VALUES (1, ?, ?)').run(publicKeyPem, at.toISOString());
}

/** A new key taken through a key-change statement the held key signed (server/central/bundles-verify.ts checks it). */
export function replaceBundleKey(db: Db, publicKeyPem: string, at: Date): void {
  prepared(db, 'UPDATE central_bundle_key SET public_key_pem = ?, fetched_at = ? WHERE one = 1').run(publicKeyPem, at.toISOString());
}

/** The key-change statements this post accepted (journaled as taken), oldest first: a hub relays them to its kiosks. */
export function acceptedKeyChanges(db: Db): Array<{ text: string; signature: string }> {
  const rows = prepared(db, "SELECT payload FROM events WHERE kind = 'central.bundle-key-changed' ORDER BY id").all() as Array<{ payload: string }>;
  return rows.map((r) => JSON.parse(r.payload) as { text: string; signature: string });
}
