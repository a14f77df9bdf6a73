// The day feeds received from the booking system (migration 024): the feeds applied, one row per sequence, and
// every distinct file seen with what became of it. The verification is the server's (server/appointment/day-feed.ts).
import type { Db } from './db';
import { appendEvent } from './events';
import { prepared } from './statements';

export interface StoredFeed {
  consulate: string;
  sequence: number;
  day: string;
  issuedAt: string;
  receivedAt: string;
  source: string;
  sha256: string;
  tokenCount: number;
  body: string;
}

interface FeedRow {
  consulate: string;
  sequence: number;
  day: string;
  issued_at: string;
  received_at: string;
  source: string;
  sha256: string;
  token_count: number;
  body: string;
}

const toFeed = (r: FeedRow): StoredFeed => ({
  consulate: r.consulate,
  sequence: r.sequence,
  day: r.day,
  issuedAt: r.issued_at,
  receivedAt: r.received_at,
  source: r.source,
  sha256: r.sha256,
  tokenCount: r.token_count,
  body: r.body,
});

export type SeenOutcome = 'applied' | 'refused' | 'already-applied' | 'older';

export function seenOutcome(db: Db, sha256: string): { outcome: SeenOutcome; reason: string | null } | undefined {
  return prepared(db, 'SELECT outcome, reason FROM appointment_feed_seen WHERE sha256 = ?').get(sha256) as
    { outcome: SeenOutcome; reason: string | null } | undefined;
}

/** The highest sequence applied for the consulate (0: none): a feed must be above it to be applied. */
export function latestSequence(db: Db, consulate: string): number {
  const r = prepared(db, 'SELECT max(sequence) AS s FROM appointment_feeds WHERE consulate = ?').get(consulate) as { s: number | null };
  return r.s ?? 0;
}

/** Every feed kept, oldest sequence first: verified again at start (their revocations stay in force while kept). */
export function keptFeeds(db: Db, consulate: string): StoredFeed[] {
  return (prepared(db, 'SELECT * FROM appointment_feeds WHERE consulate = ? ORDER BY sequence').all(consulate) as FeedRow[]).map(toFeed);
}

export interface ApplyInput extends Omit<StoredFeed, 'tokenCount'> {
  tokenCount: number;
  revoked: number;
}

/**
 * Records an applied feed and its journal event in one transaction. False when the sequence is no longer above the
 * latest (another source delivered a newer one meanwhile): nothing written.
 */
export function recordApplied(db: Db, f: ApplyInput): boolean {
  return db
    .transaction(() => {
      if (f.sequence <= latestSequence(db, f.consulate)) return false;
      prepared(
        db,
        `INSERT INTO appointment_feeds (consulate, sequence, day, issued_at, received_at, source, sha256, token_count, body)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(f.consulate, f.sequence, f.day, f.issuedAt, f.receivedAt, f.source, f.sha256, f.tokenCount, f.body);
      markSeen(db, f.sha256, f.receivedAt, f.source, 'applied', null, null);
      appendEvent(db, {
        kind: 'appointment.feed-applied',
        subject: `${f.consulate}/${f.sequence}`,
        payload: { day: f.day, sequence: f.sequence, issuedAt: f.issuedAt, tokens: f.tokenCount, revoked: f.revoked, source: f.source, sha256: f.sha256 },
        at: new Date(f.receivedAt),
      });
      return true;
    })
    .immediate();
}

/** A file not applied: journaled once per distinct content, so a source that keeps serving it is not logged at every poll. */
export function recordNotApplied(
  db: Db,
  s: { sha256: string; at: Date; source: string; outcome: Exclude<SeenOutcome, 'applied'>; reason: string | null; detail: string | null },
): void {
  db.transaction(() => {
    if (seenOutcome(db, s.sha256)) return;
    markSeen(db, s.sha256, s.at.toISOString(), s.source, s.outcome, s.reason, s.detail);
    appendEvent(db, {
      kind: s.outcome === 'refused' ? 'appointment.feed-refused' : 'appointment.feed-ignored',
      subject: s.sha256,
      payload: { source: s.source, outcome: s.outcome, reason: s.reason, detail: s.detail },
      at: s.at,
    });
  }).immediate();
}

function markSeen(db: Db, sha256: string, at: string, source: string, outcome: SeenOutcome, reason: string | null, detail: string | null): void {
  // A file refused before (its key not yet trusted) and applied after a restart: the row says what it became.
  prepared(
    db,
    `INSERT INTO appointment_feed_seen (sha256, seen_at, source, outcome, reason, detail) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (sha256) DO UPDATE SET seen_at = excluded.seen_at, source = excluded.source, outcome = excluded.outcome,
       reason = excluded.reason, detail = excluded.detail`,
  ).run(sha256, at, source, outcome, reason, detail);
}

export function lastRefused(db: Db): { at: string; source: string; reason: string; detail: string } | null {
  const r = prepared(db, "SELECT seen_at, source, reason, detail FROM appointment_feed_seen WHERE outcome = 'refused' ORDER BY seen_at DESC LIMIT 1").get() as
    { seen_at: string; source: string; reason: string | null; detail: string | null } | undefined;
  return r ? { at: r.seen_at, source: r.source, reason: r.reason ?? '', detail: r.detail ?? '' } : null;
}

/** Retention: feeds of days before `beforeDay` go, except the newest (it holds the sequence an older feed must not pass). */
export function purgeOldFeeds(db: Db, consulate: string, beforeDay: string): number {
  return prepared(
    db,
    `DELETE FROM appointment_feeds WHERE consulate = ? AND day < ?
       AND sequence < (SELECT max(sequence) FROM appointment_feeds WHERE consulate = ?)`,
  ).run(consulate, beforeDay, consulate).changes;
}
