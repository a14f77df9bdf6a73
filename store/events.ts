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

export function appendEvent(db: Db, ev: NewEvent): number {
  const info = db
    .prepare('INSERT INTO events (at, kind, subject, payload) VALUES (?, ?, ?, ?)')
    .run((ev.at ?? new Date()).toISOString(), ev.kind, ev.subject ?? null, JSON.stringify(ev.payload ?? {}));
  return Number(info.lastInsertRowid);
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
