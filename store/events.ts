import { createHmac } from 'node:crypto';
import { eventHash } from '../shared/event-chain';
import type { Db } from './db-type';
import { chainStateOf, usableKey, type ChainKey } from './chain-key';
import { prepared } from './statements';

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

// The unkeyed chain link of journals written before migration 009 (and still used for their events before the
// key's `keyedFrom`): anyone can recompute it, it detects accidents, not an editor. One rule in shared/, which
// the hub and the central service check shipped chains with.
export { eventHash };

/** The keyed link (HMAC-SHA256 under the journal's key, store/chain-key.ts): only the key holder can forge it. */
export function keyedEventHash(key: Buffer, prevHash: string, at: string, kind: string, subject: string | null, payload: string): string {
  return createHmac('sha256', key)
    .update(JSON.stringify([prevHash, at, kind, subject, payload]))
    .digest('hex');
}

/** The link of event `id`: keyed from the key's `keyedFrom` on, unkeyed before (or without a key). */
export function linkOf(key: ChainKey | null, id: number, prevHash: string, at: string, kind: string, subject: string | null, payload: string): string {
  return key && id >= key.keyedFrom ? keyedEventHash(key.key, prevHash, at, kind, subject, payload) : eventHash(prevHash, at, kind, subject, payload);
}

interface Statements {
  last: { get(): unknown };
  insert: { run(...args: unknown[]): { lastInsertRowid: number | bigint } };
}
// Prepared once per connection: appendEvent is on every payment step's path.
const statements = new WeakMap<Db, Statements>();
function stmts(db: Db): Statements {
  let s = statements.get(db);
  if (!s) {
    s = {
      last: db.prepare('SELECT id, hash FROM events ORDER BY id DESC LIMIT 1'),
      insert: db.prepare('INSERT INTO events (at, kind, subject, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)'),
    };
    statements.set(db, s);
  }
  return s;
}

/** Events after which the head is anchored at once (store/anchor.ts): money and day closes. */
export function isMoneyEvent(kind: string): boolean {
  return kind.startsWith('payment.') || kind.startsWith('refund.') || kind.startsWith('day.');
}
const moneyListeners = new WeakMap<Db, (id: number) => void>();
/** Called with its id after a money event is appended (it may still be inside the caller's transaction). */
export function onMoneyEvent(db: Db, listener: ((id: number) => void) | null): void {
  if (listener) moneyListeners.set(db, listener);
  else moneyListeners.delete(db);
}

/**
 * Appends one event. Safe inside a caller's transaction (then it is part of it); on its own it takes the
 * write lock first (BEGIN IMMEDIATE) so two processes cannot both chain onto the same previous row.
 */
export function appendEvent(db: Db, ev: NewEvent): number {
  const key = usableKey(db);
  const s = stmts(db);
  const write = () => {
    const prev = s.last.get() as { id: number; hash: string } | undefined;
    const at = (ev.at ?? new Date()).toISOString();
    const subject = ev.subject ?? null;
    const payload = JSON.stringify(ev.payload ?? {});
    const prevHash = prev?.hash ?? '';
    const hash = key ? keyedEventHash(key.key, prevHash, at, ev.kind, subject, payload) : eventHash(prevHash, at, ev.kind, subject, payload);
    return Number(s.insert.run(at, ev.kind, subject, payload, prevHash, hash).lastInsertRowid);
  };
  const id = db.inTransaction ? write() : db.transaction(write).immediate();
  if (isMoneyEvent(ev.kind)) moneyListeners.get(db)?.(id);
  return id;
}

export function recentEvents(db: Db, opts: { limit?: number; kindPrefix?: string; subject?: string } = {}): JournalEvent[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (opts.kindPrefix) {
    where.push("kind LIKE ? ESCAPE '\\'");
    args.push(opts.kindPrefix.replace(/[%_\\]/g, '\\$&') + '%');
  }
  if (opts.subject) {
    where.push('subject = ?');
    args.push(opts.subject);
  }
  const rows = prepared(
    db,
    `SELECT id, at, kind, subject, payload FROM events ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT ?`,
  ).all(...args, opts.limit ?? 100) as Array<Omit<JournalEvent, 'payload'> & { payload: string }>;
  return rows.map((r) => ({ ...r, payload: JSON.parse(r.payload) as unknown }));
}

/** `keyProblem`: the journal has a key this connection cannot use (missing or wrong key file): not verified. */
export type ChainCheck = { ok: true; count: number } | { ok: false; count: number; brokenAt: number; reason: string; keyProblem?: true };

export interface EventRow {
  id: number;
  at: string;
  kind: string;
  subject: string | null;
  payload: string;
  prev_hash: string;
  hash: string;
}

/**
 * Walks the whole chain; names the first row whose link does not match. Events from the key's `keyedFrom`
 * on must carry the keyed link. `visit` sees every row that checked out (store/verify.ts reads payments
 * from it in the same pass).
 */
export function verifyChain(db: Db, visit?: (row: EventRow) => void): ChainCheck {
  const state = chainStateOf(db);
  if (state.keyed && state.key === null) {
    const first = (db.prepare('SELECT keyed_from AS k FROM journal_chain').get() as { k: number } | undefined)?.k ?? 1;
    return { ok: false, count: 0, brokenAt: first, reason: state.problem, keyProblem: true };
  }
  const key = state.keyed ? state.key : null;
  let prev = '';
  let count = 0;
  for (const row of db.prepare('SELECT id, at, kind, subject, payload, prev_hash, hash FROM events ORDER BY id').iterate() as Iterable<EventRow>) {
    if (row.prev_hash !== prev)
      return { ok: false, count, brokenAt: row.id, reason: `event ${row.id} does not follow the event before it (a row was removed or inserted)` };
    if (linkOf(key, row.id, row.prev_hash, row.at, row.kind, row.subject, row.payload) !== row.hash)
      return { ok: false, count, brokenAt: row.id, reason: `event ${row.id} (${row.kind}) was changed after it was written` };
    visit?.(row);
    prev = row.hash;
    count++;
  }
  return { ok: true, count };
}

/** The newest event's id and link hash, or null for an empty journal. */
export function lastEvent(db: Db): { id: number; hash: string } | null {
  return (prepared(db, 'SELECT id, hash FROM events ORDER BY id DESC LIMIT 1').get() as { id: number; hash: string } | undefined) ?? null;
}

/** The link hash of event `id`, if the journal has it. */
export function eventHashOf(db: Db, id: number): string | undefined {
  return (prepared(db, 'SELECT hash FROM events WHERE id = ?').get(id) as { hash: string } | undefined)?.hash;
}

/**
 * How many events the journal holds up to and including `id`. Counted on the smallest covering index, not on the
 * table: `id <= ?` made SQLite walk the table's own b-tree, every event's payload with it: 96 ms for 400,000 events
 * (about a year of a busy kiosk), twice at each start (store/anchor.ts). The `+` keeps the planner off the rowid range,
 * so it takes a covering index: 9.6 ms (`npm run bench journal`). Still one pass over that index.
 */
export function eventCountUpTo(db: Db, id: number): number {
  return (prepared(db, 'SELECT count(*) AS n FROM events WHERE +id <= ?').get(id) as { n: number }).n;
}
