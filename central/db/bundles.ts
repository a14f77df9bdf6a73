// Signed bundles (issue 16, item 4): what the central service published, and which version each post applies.
import type { CentralClient, CentralDb } from './db';

export interface BundleRow {
  version: number;
  publishedAt: Date;
  effectiveAt: Date;
  text: string;
  signature: string;
}

/** pg_advisory_xact_lock key: "bundle versions" (two publishers at once get consecutive versions). */
const LOCK = 7_160_405;

/** The next version, under a lock held until the caller's transaction ends. */
export async function nextBundleVersion(c: CentralClient): Promise<number> {
  await c.query('SELECT pg_advisory_xact_lock($1)', [LOCK]);
  const r = await c.query<{ v: number }>('SELECT coalesce(max(version), 0) + 1 AS v FROM bundles');
  return r.rows[0]!.v;
}

export async function insertBundle(c: CentralClient, b: BundleRow & { publicKeyPem: string }): Promise<void> {
  await c.query('INSERT INTO bundles (version, published_at, effective_at, text, signature, public_key_pem) VALUES ($1, $2, $3, $4, $5, $6)', [
    b.version,
    b.publishedAt,
    b.effectiveAt,
    b.text,
    b.signature,
    b.publicKeyPem,
  ]);
}

const COLUMNS = 'version, published_at AS "publishedAt", effective_at AS "effectiveAt", text, signature';

/**
 * The bundle in force at `now` (the highest version already effective) and the next one published for later
 * (the lowest version above it, still pending): a version superseded before its time is never served.
 */
export async function latestBundles(db: CentralDb, now: Date): Promise<{ inForce: BundleRow | null; pending: BundleRow | null }> {
  const inForce = (await db.query<BundleRow>(`SELECT ${COLUMNS} FROM bundles WHERE effective_at <= $1 ORDER BY version DESC LIMIT 1`, [now])).rows[0] ?? null;
  const pending =
    (
      await db.query<BundleRow>(`SELECT ${COLUMNS} FROM bundles WHERE effective_at > $1 AND version > $2 ORDER BY version LIMIT 1`, [
        now,
        inForce?.version ?? 0,
      ])
    ).rows[0] ?? null;
  return { inForce, pending };
}

/** The key that signed the newest bundle; null before the first publish. */
export async function bundlePublicKey(db: CentralDb): Promise<string | null> {
  const r = await db.query<{ pem: string }>('SELECT public_key_pem AS pem FROM bundles ORDER BY version DESC LIMIT 1');
  return r.rows[0]?.pem ?? null;
}

export async function listBundles(db: CentralDb): Promise<BundleRow[]> {
  return (await db.query<BundleRow>(`SELECT ${COLUMNS} FROM bundles ORDER BY version`)).rows;
}

/** A post's report; an older report arriving late never lowers what is recorded for the same instant. */
export async function recordApplied(db: CentralDb, postId: string, version: number, appliedAt: Date, now: Date): Promise<void> {
  await db.query(
    `INSERT INTO post_bundles (post_id, version, applied_at, reported_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (post_id) DO UPDATE SET version = $2, applied_at = $3, reported_at = $4 WHERE post_bundles.applied_at <= $3`,
    [postId, version, appliedAt, now],
  );
}

export interface AppliedRow {
  postId: string;
  version: number | null;
  appliedAt: Date | null;
  reportedAt: Date | null;
}

/** Every post, with the version it last reported (null: never reported). */
export async function appliedByPost(db: CentralDb): Promise<AppliedRow[]> {
  const r = await db.query<AppliedRow>(
    `SELECT p.post_id AS "postId", b.version, b.applied_at AS "appliedAt", b.reported_at AS "reportedAt"
     FROM posts p LEFT JOIN post_bundles b USING (post_id) ORDER BY p.post_id`,
  );
  return r.rows;
}

export interface KeyChangeRow {
  seq: number;
  text: string;
  signature: string;
}

/** pg_advisory_xact_lock key: "bundle key changes" (two rotations at once are ordered). */
const KEY_LOCK = 7_160_406;

/** The next statement's number, under a lock held until the caller's transaction ends. */
export async function nextKeyChangeSeq(c: CentralClient): Promise<number> {
  await c.query('SELECT pg_advisory_xact_lock($1)', [KEY_LOCK]);
  return (await c.query<{ s: number }>('SELECT coalesce(max(seq), 0) + 1 AS s FROM bundle_key_changes')).rows[0]!.s;
}

export async function insertKeyChange(c: CentralClient, k: KeyChangeRow & { at: Date }): Promise<void> {
  await c.query('INSERT INTO bundle_key_changes (seq, at, text, signature) VALUES ($1, $2, $3, $4)', [k.seq, k.at, k.text, k.signature]);
}

/** Every key change, oldest first: what a post walks from the key it holds. */
export async function keyChanges(db: CentralDb): Promise<KeyChangeRow[]> {
  return (await db.query<KeyChangeRow>('SELECT seq, text, signature FROM bundle_key_changes ORDER BY seq')).rows;
}
