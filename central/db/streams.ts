// Each post's chains as the central service holds them (issue 16): where each stands, its anchors, its flags,
// and the batch log. Batches of one chain are serialised by the stream row's lock (lockStream, FOR UPDATE).
import type { CentralClient, CentralDb } from './db';

export interface StreamRow {
  acceptedThrough: number;
  acceptedHash: string;
  keyedFrom: number | null;
  forked: boolean;
  /** The anchored id the post was last asked to show. */
  anchorCheck: number | null;
}

export type FlagKind = 'forked' | 'tampered' | 'truncated';

export interface FlagRow {
  kind: FlagKind;
  atId: number;
  detail: string;
  at: string;
}

/** The chain's row (made at its first batch), locked until the transaction ends; its contact and reported head written now. */
export async function lockStream(c: CentralClient, postId: string, origin: string, head: { id: number; hash: string } | null, now: Date): Promise<StreamRow> {
  await c.query(
    `INSERT INTO streams (post_id, origin, first_contact, last_contact) VALUES ($1, $2, $3, $3)
     ON CONFLICT (post_id, origin) DO NOTHING`,
    [postId, origin, now],
  );
  const r = await c.query<{ accepted_through: string; accepted_hash: string; keyed_from: string | null; forked: boolean; anchor_check: string | null }>(
    `SELECT accepted_through, accepted_hash, keyed_from, anchor_check,
            EXISTS (SELECT 1 FROM stream_flags f WHERE f.post_id = s.post_id AND f.origin = s.origin AND f.kind = 'forked') AS forked
     FROM streams s WHERE post_id = $1 AND origin = $2 FOR UPDATE`,
    [postId, origin],
  );
  await c.query(
    `UPDATE streams SET last_contact = greatest(last_contact, $3), reported_head = $4, reported_head_hash = $5 WHERE post_id = $1 AND origin = $2`,
    [postId, origin, now, head?.id ?? 0, head?.hash ?? ''],
  );
  const row = r.rows[0]!;
  return {
    acceptedThrough: Number(row.accepted_through),
    acceptedHash: row.accepted_hash,
    keyedFrom: row.keyed_from === null ? null : Number(row.keyed_from),
    forked: row.forked,
    anchorCheck: row.anchor_check === null ? null : Number(row.anchor_check),
  };
}

export async function setKeyedFrom(c: CentralClient, postId: string, origin: string, keyedFrom: number): Promise<void> {
  await c.query('UPDATE streams SET keyed_from = $3 WHERE post_id = $1 AND origin = $2', [postId, origin, keyedFrom]);
}

/** The chain now holds events through `through` (link `hash`), with their anchors and a line in the batch log. */
export async function advanceStream(
  c: CentralClient,
  postId: string,
  origin: string,
  batch: { firstId: number; through: number; hash: string; inserted: number; duplicates: number; anchors: ReadonlyArray<{ id: number; hash: string }> },
  now: Date,
): Promise<void> {
  await c.query('UPDATE streams SET accepted_through = $3, accepted_hash = $4, last_received_at = $5 WHERE post_id = $1 AND origin = $2', [
    postId,
    origin,
    batch.through,
    batch.hash,
    now,
  ]);
  await c.query(
    `INSERT INTO anchors (post_id, origin, id, hash, received_at) SELECT $1, $2, u.id, u.hash, $5 FROM unnest($3::bigint[], $4::text[]) AS u(id, hash)
     ON CONFLICT DO NOTHING`,
    [postId, origin, batch.anchors.map((a) => a.id), batch.anchors.map((a) => a.hash), now],
  );
  await c.query(
    `INSERT INTO ingest_batches (post_id, origin, first_id, last_id, inserted, duplicates, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT DO NOTHING`,
    [postId, origin, batch.firstId, batch.through, batch.inserted, batch.duplicates, now],
  );
}

/** The link anchored at `id` (kept for ever), else the raw event's; null when neither is held. */
export async function heldLink(c: CentralClient, postId: string, origin: string, id: number): Promise<string | null> {
  const r = await c.query<{ hash: string }>(
    `SELECT hash FROM anchors WHERE post_id = $1 AND origin = $2 AND id = $3
     UNION ALL SELECT encode(hash, 'hex') FROM events WHERE post_id = $1 AND origin = $2 AND id = $3 LIMIT 1`,
    [postId, origin, id],
  );
  return r.rows[0]?.hash ?? null;
}

/** The first anchored id at or above `from` (wrapping to the lowest): the one the post is asked to show next. */
export async function anchorAtOrAbove(c: CentralClient, postId: string, origin: string, from: number): Promise<number | null> {
  const r = await c.query<{ id: string }>(
    // Ordered by the bigint column: an output column named id::text would order '12' before '5' and never ask 5.
    `(SELECT a.id FROM anchors a WHERE a.post_id = $1 AND a.origin = $2 AND a.id >= $3 ORDER BY a.id LIMIT 1)
     UNION ALL (SELECT a.id FROM anchors a WHERE a.post_id = $1 AND a.origin = $2 ORDER BY a.id LIMIT 1) LIMIT 1`,
    [postId, origin, from],
  );
  return r.rows[0] ? Number(r.rows[0].id) : null;
}

export async function setAnchorCheck(c: CentralClient, postId: string, origin: string, id: number | null): Promise<void> {
  await c.query('UPDATE streams SET anchor_check = $3 WHERE post_id = $1 AND origin = $2', [postId, origin, id]);
}

/** Records a flag once (per kind and event id). */
export async function addFlag(c: CentralClient, postId: string, origin: string, f: { kind: FlagKind; atId: number; detail: string }, now: Date): Promise<void> {
  await c.query(`INSERT INTO stream_flags (post_id, origin, kind, at_id, detail, found_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`, [
    postId,
    origin,
    f.kind,
    f.atId,
    f.detail,
    now,
  ]);
}

interface ListedRow {
  post_id: string;
  origin: string;
  accepted_through: string;
  reported_head: string | null;
  last_contact: Date;
  last_received_at: Date | null;
  flags: Array<{ kind: FlagKind; atId: number; detail: string; at: string }> | null;
}

export interface StreamView {
  postId: string;
  origin: string;
  acceptedThrough: number;
  head: number | null;
  lag: number;
  lastContact: string;
  lastReceivedAt: string | null;
  flags: FlagRow[];
}

/** Every chain (or one post's), with its flags, by post and origin. */
export async function listStreams(db: CentralDb | CentralClient, postId?: string): Promise<StreamView[]> {
  const r = await db.query<ListedRow>(
    `SELECT s.post_id, s.origin, s.accepted_through, s.reported_head, s.last_contact, s.last_received_at,
            (SELECT json_agg(json_build_object('kind', f.kind, 'atId', f.at_id, 'detail', f.detail,
                    'at', to_char(f.found_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) ORDER BY f.found_at, f.at_id)
             FROM stream_flags f WHERE f.post_id = s.post_id AND f.origin = s.origin) AS flags
     FROM streams s WHERE ($1::text IS NULL OR s.post_id = $1) ORDER BY s.post_id, s.origin`,
    [postId ?? null],
  );
  return r.rows.map((x) => {
    const through = Number(x.accepted_through);
    const head = x.reported_head === null ? null : Number(x.reported_head);
    return {
      postId: x.post_id,
      origin: x.origin,
      acceptedThrough: through,
      head,
      lag: Math.max(0, (head ?? 0) - through),
      lastContact: x.last_contact.toISOString(),
      lastReceivedAt: x.last_received_at?.toISOString() ?? null,
      flags: (x.flags ?? []).map((f) => ({ ...f, atId: Number(f.atId) })),
    };
  });
}
