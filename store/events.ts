import { createHash } from 'node:crypto';
import type { Db } from './db';

export interface JournalEvent {
  id: number;
  at: string;
  kind: string;
  subject: string | null;
  payload: unknown;
}

export interface NewEvent {
  kind: string;
  subject?: string | null;
  payload?: unknown;
  at?: Date;
}

/** The chain link: any change to an earlier row changes every hash after it. */
export function eventHash(prevHash: string, at: string, kind: string, subject: string | null, payload: string): string {
  return createHash('sha256').update(JSON.stringify([prevHash, at, kind, subject, payload])).digest('hex');
}

/**
 * Appends one event. Safe inside a caller's transaction (then it is part of it); on its own it takes the
 * write lock first (BEGIN IMMEDIATE) so two processes cannot both chain onto the same previous row.
 */
export function appendEvent(db: Db, ev: NewEvent): number {
  const write = () => {
    const prev = db.prepare('SELECT hash FROM events ORDER BY id DESC LIMIT 1').get() as { hash: string } | undefined;
    const at = (ev.at ?? new Date()).toISOString();
    const subject = ev.subject ?? null;
    const payload = JSON.stringify(ev.payload ?? {});
    const prevHash = prev?.hash ?? '';
    const info = db
      .prepare('INSERT INTO events (at, kind, subject, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)')
      .run(at, ev.kind, subject, payload, prevHash, eventHash(prevHash, at, ev.kind, subject, payload));
    return Number(info.lastInsertRowid);
  };
  return db.inTransaction ? write() : db.transaction(write).immediate();
}

export function recentEvents(db: Db, opts: { limit?: number; kindPrefix?: string; subject?: string } = {}): JournalEvent[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (opts.kindPrefix) { where.push("kind LIKE ? ESCAPE '\\'"); args.push(opts.kindPrefix.replace(/[%_\\]/g, '\\$&') + '%'); }
  if (opts.subject) { where.push('subject = ?'); args.push(opts.subject); }
  const rows = db
    .prepare(`SELECT id, at, kind, subject, payload FROM events ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT ?`)
    .all(...args, opts.limit ?? 100) as Array<Omit<JournalEvent, 'payload'> & { payload: string }>;
  return rows.map((r) => ({ ...r, payload: JSON.parse(r.payload) as unknown }));
}

export type ChainCheck = { ok: true; count: number } | { ok: false; count: number; brokenAt: number; reason: string };

/** Walks the whole chain; names the first row whose hash or link does not match. */
export function verifyChain(db: Db): ChainCheck {
  let prev = '';
  let count = 0;
  for (const row of db.prepare('SELECT id, at, kind, subject, payload, prev_hash, hash FROM events ORDER BY id').iterate() as Iterable<{ id: number; at: string; kind: string; subject: string | null; payload: string; prev_hash: string; hash: string }>) {
    if (row.prev_hash !== prev) return { ok: false, count, brokenAt: row.id, reason: `event ${row.id} does not follow the event before it (a row was removed or inserted)` };
    if (eventHash(row.prev_hash, row.at, row.kind, row.subject, row.payload) !== row.hash) return { ok: false, count, brokenAt: row.id, reason: `event ${row.id} (${row.kind}) was changed after it was written` };
    prev = row.hash;
    count++;
  }
  return { ok: true, count };
}
