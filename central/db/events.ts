// Raw events of every post's chains (issue 16), in monthly partitions of `events` (migration 001). Each batch
// is written with one set-based INSERT … SELECT FROM unnest(…): a row-by-row insert costs a round trip per event.
import type { CentralClient, CentralDb } from './db';

export interface RawEvent {
  id: number;
  at: string;
  kind: string;
  subject: string | null;
  payload: string;
  hash: string;
}

/** The first day of each month the events fall in ("2026-12-01"), once each. */
export const monthsOf = (events: ReadonlyArray<{ at: string }>): string[] => [...new Set(events.map((e) => `${new Date(e.at).toISOString().slice(0, 7)}-01`))];

/**
 * Makes the months' partitions before a batch is stored, outside the batch's transaction: a partition made and
 * left empty is harmless, and two posts' first batches of a month may race to make it (the loser sees it made).
 */
export async function ensureEventPartitions(db: CentralDb, months: readonly string[]): Promise<void> {
  for (const m of months) {
    for (let attempt = 0; ; attempt++) {
      try {
        await db.query('SELECT ensure_event_partition($1::date)', [m]);
        break;
      } catch (err) {
        const code = (err as { code?: string }).code;
        // 42P07 duplicate_table, 23505 unique_violation (pg_type): another session made it a moment ago.
        if (attempt > 0 || (code !== '42P07' && code !== '23505')) throw err;
      }
    }
  }
}

/** Stores a batch's new events (consecutive, already checked) in one statement. */
export async function insertEvents(c: CentralClient, postId: string, origin: string, events: readonly RawEvent[], receivedAt: Date): Promise<number> {
  if (events.length === 0) return 0;
  const r = await c.query(
    `INSERT INTO events (post_id, origin, id, at, kind, subject, payload, hash, received_at)
     SELECT $1, $2, u.id, u.at, u.kind, u.subject, u.payload, decode(u.hash, 'hex'), $9
     FROM unnest($3::bigint[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::text[]) AS u(id, at, kind, subject, payload, hash)`,
    [
      postId,
      origin,
      events.map((e) => e.id),
      events.map((e) => e.at),
      events.map((e) => e.kind),
      events.map((e) => e.subject),
      events.map((e) => e.payload),
      events.map((e) => e.hash),
      receivedAt,
    ],
  );
  return r.rowCount ?? 0;
}

/** The links held for these ids of a chain (hex), from the raw events. */
export async function storedLinks(c: CentralClient, postId: string, origin: string, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const r = await c.query<{ id: string; hash: string }>(
    `SELECT id::text AS id, encode(hash, 'hex') AS hash FROM events WHERE post_id = $1 AND origin = $2 AND id = ANY($3::bigint[])`,
    [postId, origin, ids],
  );
  return new Map(r.rows.map((x) => [Number(x.id), x.hash]));
}

/** A chain's stored event ids, in order (tests and audits: every event once, in order). */
export async function storedEventIds(db: CentralDb, postId: string, origin: string): Promise<number[]> {
  const r = await db.query<{ id: string }>('SELECT id FROM events WHERE post_id = $1 AND origin = $2 ORDER BY id', [postId, origin]);
  return r.rows.map((x) => Number(x.id));
}

/** Which partition each of a chain's events sits in (tests: the month's, never the default one). */
export async function eventPartitions(db: CentralDb, postId: string, origin: string): Promise<Map<string, number>> {
  const r = await db.query<{ p: string; n: string }>(
    'SELECT tableoid::regclass::text AS p, count(*)::text AS n FROM events WHERE post_id = $1 AND origin = $2 GROUP BY 1',
    [postId, origin],
  );
  return new Map(r.rows.map((x) => [x.p, Number(x.n)]));
}
