// Shared by the dashboard's tests (issue 16): a migrated central database, a real daemon's day driven through
// its own flow and API, and its journal copied into the central `events` table as the ingest stores it.
import type { RunningDaemon } from '../../server/daemon';
import { openCentralDb, type CentralDb } from '../../central/db/db';
import { migrateCentral } from '../../central/db/migrations';
import { ensurePost, setPostCredential } from '../../central/db/posts';
import { credentialHash } from '../../central/http/post-auth';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { screenWatcher, visit } from '../../bench/visit-driver';

/** A migrated central database of its own; `posts` (post id → bearer credential) are enrolled as a join leaves them. */
export async function centralTestDb(label: string, posts: Record<string, string> = {}): Promise<{ tdb: TestDatabase; db: CentralDb }> {
  const tdb = await createTestDatabase(label);
  const opened = await openCentralDb({ url: tdb.url });
  if (!opened.ok) throw new Error(opened.detail);
  const db = opened.db;
  await migrateCentral(db);
  for (const [postId, credential] of Object.entries(posts)) {
    await ensurePost(db, postId);
    await setPostCredential(db, postId, credentialHash(credential), new Date());
  }
  return { tdb, db };
}

/** The post and its stream, as enrolment and the ingest leave them. */
export async function ensureStream(db: CentralDb, postId: string, origin = 'post'): Promise<void> {
  await db.query('INSERT INTO posts (post_id) VALUES ($1) ON CONFLICT DO NOTHING', [postId]);
  await db.query('INSERT INTO streams (post_id, origin) VALUES ($1, $2) ON CONFLICT DO NOTHING', [postId, origin]);
}

interface JournalRow {
  id: number;
  at: string;
  kind: string;
  subject: string | null;
  payload: string;
  hash: string;
}

/** Copies the daemon's journal events after `after` into the central events table; returns the last id copied. */
export async function copyJournal(db: CentralDb, daemon: RunningDaemon, postId: string, o: { origin?: string; after?: number } = {}): Promise<number> {
  const origin = o.origin ?? 'post';
  await ensureStream(db, postId, origin);
  const rows = daemon.ctx.db.prepare('SELECT id, at, kind, subject, payload, hash FROM events WHERE id > ? ORDER BY id').all(o.after ?? 0) as JournalRow[];
  for (const month of new Set(rows.map((r) => `${r.at.slice(0, 7)}-01`))) await db.query('SELECT ensure_event_partition($1::date)', [month]);
  for (const r of rows)
    await db.query(
      `INSERT INTO events (post_id, origin, id, at, kind, subject, payload, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, decode($8, 'hex'))
       ON CONFLICT DO NOTHING`,
      [postId, origin, r.id, r.at, r.kind, r.subject, r.payload, /^[0-9a-f]*$/i.test(r.hash) ? r.hash : ''],
    );
  await db.query(
    `UPDATE streams SET accepted_through = greatest(accepted_through, $3), last_contact = now(), last_received_at = now() WHERE post_id = $1 AND origin = $2`,
    [postId, origin, rows.at(-1)?.id ?? 0],
  );
  await db.query('UPDATE posts SET last_contact = now() WHERE post_id = $1', [postId]);
  return rows.at(-1)?.id ?? o.after ?? 0;
}

async function api(
  daemon: RunningDaemon,
  method: string,
  path: string,
  cookie?: string,
  body?: unknown,
): Promise<{ status: number; body: unknown; cookie?: string }> {
  const r = await fetch(`${daemon.url}${path}`, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(cookie ? { cookie } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await r.text();
  const setCookie = r.headers.get('set-cookie')?.split(';')[0];
  return { status: r.status, body: text ? (JSON.parse(text) as unknown) : null, ...(setCookie ? { cookie: setCookie } : {}) };
}

export interface PostReport {
  day: string;
  stats: {
    visitors: { total: { tickets: number; persons: number }; byService: Array<{ service: string; tickets: number; persons: number }> };
    noShows: { total: number };
    counters: Array<{ counter: string; served: number; noShows: number }>;
    fees: Array<{ service: string; currency: string; payments: number; totalMinor: number }>;
    tests: { payments: number; totalMinor: number };
    kiosks: Array<{ kioskId: string; currency: string; payments: number; totalMinor: number; dayClose: string | null }>;
  };
  postDay: {
    kiosks: Array<{
      kioskId: string;
      dayClose: string | null;
      closes: Array<{ terminalId: string; balanced: boolean; terminalTotalMinor: number; journalTotalMinor: number }> | null;
    }>;
    totals: Array<{ currency: string; payments: number; totalMinor: number }>;
  };
}

/** The supervisor's own figures for `day`, from the daemon's report API. */
export async function postReport(daemon: RunningDaemon, day: string): Promise<PostReport> {
  const login = await api(daemon, 'POST', '/api/auth/login', undefined, { user: 'sofia', pin: '3333', app: 'reports' });
  if (login.status !== 200 || !login.cookie) throw new Error(`supervisor login failed: ${JSON.stringify(login.body)}`);
  const stats = await api(daemon, 'GET', `/api/reports/stats?from=${day}&to=${day}`, login.cookie);
  const post = await api(daemon, 'GET', `/api/reports/post-day?day=${day}`, login.cookie);
  if (stats.status !== 200 || post.status !== 200) throw new Error(`report: ${JSON.stringify(stats.body)} ${JSON.stringify(post.body)}`);
  return { day, stats: (stats.body as { stats: PostReport['stats'] }).stats, postDay: post.body as PostReport['postDay'] };
}

/** The daemon's business day now. */
export const daemonDay = (daemon: RunningDaemon) => daemon.ctx.queue.today();

/**
 * A day at the post: `visits` paid walk-ins; at counter 3 the first is served, the second is a no-show after its
 * recalls, the rest wait. With `close`, the supervisor closes the terminal's day against the simulator's log.
 */
export async function drivePostDay(daemon: RunningDaemon, o: { visits: number; close: boolean }): Promise<void> {
  const step = screenWatcher(daemon);
  for (let i = 0; i < o.visits; i++) await visit(step, null);
  const q = daemon.ctx.queue;
  const who = { id: 'yusuf' };
  const must = <T>(r: ({ ok: true } & T) | { ok: false; detail?: string; reason?: string }): T => {
    if (!r.ok) throw new Error(`queue: ${JSON.stringify(r)}`);
    return r as T;
  };
  if (o.visits >= 1) {
    must(q.callNext('3', who));
    must(q.start('3', who));
    must(q.finish('3', who));
  }
  if (o.visits >= 2) {
    must(q.callNext('3', who));
    must(q.recall('3', who));
    must(q.recall('3', who));
    must(q.noShow('3', who));
  }
  if (o.close) {
    const login = await api(daemon, 'POST', '/api/auth/login', undefined, { user: 'sofia', pin: '3333', app: 'reports' });
    const r = await api(daemon, 'POST', '/api/reports/day/close', login.cookie, {
      day: daemonDay(daemon),
      terminalId: 'terminal',
      source: 'simulator-log',
      print: false,
    });
    if (r.status !== 200) throw new Error(`day close: ${JSON.stringify(r.body)}`);
  }
}

/** Journal-shaped events of a small day at `postId` (tickets, a call, a paid visit), stored as the ingest stores them. */
export async function storeSyntheticDay(db: CentralDb, postId: string, o: { day: string; at: Date; lastContact: Date; services: string[] }): Promise<void> {
  await ensureStream(db, postId);
  const ev: Array<{ kind: string; subject: string; payload: unknown }> = [];
  o.services.forEach((service, i) => {
    const ticket = `${postId}/${o.day}/A/${i + 1}`;
    ev.push({ kind: 'queue.ticket.issued', subject: ticket, payload: { service, counter: null, actor: 'kiosk:K1', persons: 1, label: `A${i + 1}` } });
    if (i === 0) {
      ev.push({ kind: 'queue.ticket.called', subject: ticket, payload: { service, counter: '1', actor: 'amina' } });
      ev.push({ kind: 'queue.ticket.finished', subject: ticket, payload: { service, counter: '1', actor: 'amina' } });
    }
  });
  const pay = `${postId}-pay-1`;
  ev.push({
    kind: 'etimbre.issued',
    subject: `ET-${postId}`,
    payload: { amountMinor: 8000, currency: 'EUR', services: ['passport'], persons: 1, kioskId: 'K1' },
  });
  ev.push({ kind: 'checkin.paying', subject: pay, payload: { visit: { quote: { lines: [{ unitFeeMad: '860', persons: 1 }] } } } });
  ev.push({
    kind: 'payment.intent',
    subject: pay,
    payload: { kioskId: 'K1', terminalId: 'terminal', amountMinor: 8000, currency: 'EUR', reference: `ET-${postId}`, isTest: false, shortRefDay: o.day },
  });
  ev.push({ kind: 'payment.approved', subject: pay, payload: { from: 'intent', to: 'approved' } });
  ev.push({ kind: 'diagnostics.fault', subject: 'printer', payload: { fault: 'paper-out', by: 'karim' } });
  const first = Number((await db.query('SELECT coalesce(max(id), 0) AS n FROM events WHERE post_id = $1', [postId])).rows[0].n);
  await db.query('SELECT ensure_event_partition($1::date)', [`${o.at.toISOString().slice(0, 7)}-01`]);
  for (const [i, e] of ev.entries())
    await db.query(`INSERT INTO events (post_id, origin, id, at, kind, subject, payload, hash) VALUES ($1, 'post', $2, $3, $4, $5, $6, '\\x00')`, [
      postId,
      first + i + 1,
      new Date(o.at.getTime() + i * 60_000),
      e.kind,
      e.subject,
      JSON.stringify(e.payload),
    ]);
  await db.query(`UPDATE streams SET accepted_through = $2 WHERE post_id = $1 AND origin = 'post'`, [postId, first + ev.length]);
  await db.query('UPDATE posts SET last_contact = $2 WHERE post_id = $1', [postId, o.lastContact]);
}
