// Two posts (standalone daemons, real processes) ship their journals to the central service (a real process on a
// real PostgreSQL) while visits go on (issue 16, item 2): every event of both arrives once and in order; the central
// service SIGKILLed mid-shipping and restarted, and down while a post works on: no duplicate, no gap, caught up; a
// journal edited after shipping is flagged by the anchor check; forged, replayed, revoked and oversized batches are
// refused and store nothing.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { runKiosk, writeConfig, type KioskProcess } from '../support/daemon';
import { CENTRAL_READY } from '../support/central';
import { freePort } from '../support/ports';
import { tempDir } from '../support/tmp';
import { openCentralDb, type CentralDb } from '../../central/db/db';
import { migrateCentral } from '../../central/db/migrations';
import { ensurePost, revokePost, setPostCredential } from '../../central/db/posts';
import { storedEventIds } from '../../central/db/events';
import { credentialHash } from '../../central/http/post-auth';
import type { ShippedEvent } from '../../shared/post-events-api';

const PARIS = JSON.parse(readFileSync(new URL('../../fixtures/config/paris.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const POSTS = { 'FR-PAR': 'p'.repeat(43), 'FR-LYO': 'l'.repeat(43), 'ES-MAD': 'm'.repeat(43) } as const;
type PostId = keyof typeof POSTS;
const FAST = { KIOSK_CENTRAL_HEARTBEAT_MS: '300', KIOSK_CENTRAL_POLL_MS: '100', KIOSK_CENTRAL_MAX_BACKOFF_MS: '400' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, ms: number, f: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(150);
  }
}

let tdb: TestDatabase;
let db: CentralDb;
let dir: string;
let cleanup: () => void;
let centralPort: number;
let central: KioskProcess | null = null;
const posts = new Map<PostId, { dir: string; cfg: string; k: KioskProcess; url: string }>();

async function startCentralProcess(env: NodeJS.ProcessEnv = {}) {
  central = runKiosk(['central', 'start', '--db', tdb.url, '--listen', `127.0.0.1:${centralPort}`, '--insecure-http'], env, { ready: CENTRAL_READY });
  await central.ready;
}
async function killCentral() {
  central!.child.kill('SIGKILL');
  await central!.exited;
}

async function startPost(id: PostId, env: NodeJS.ProcessEnv = {}) {
  const pdir = join(dir, id);
  mkdirSync(join(pdir, 'data', 'central'), { recursive: true, mode: 0o700 });
  const link = { url: `http://127.0.0.1:${centralPort}`, postId: id, credential: POSTS[id], caPem: null };
  writeFileSync(join(pdir, 'data', 'central', 'central-link.json'), JSON.stringify(link), { mode: 0o600 });
  const cfg = writeConfig(pdir, { ...PARIS, dataDir: join(pdir, 'data'), log: { level: 'warn', maxSize: '10m', keep: 2 } });
  const k = runKiosk(['start', '--config', cfg, '--port', '0'], { ...FAST, ...env });
  posts.set(id, { dir: pdir, cfg, k, url: await k.ready });
}
async function stopPost(id: PostId) {
  const { k } = posts.get(id)!;
  k.child.kill('SIGTERM');
  await k.exited;
}

/**
 * A day later for the processes started with it: libfaketime (Debian's `faketime` package, installed by .ci/run) shifts
 * the clock a real daemon reads, journal timestamps and business day included. Nothing in the daemon takes a fake clock.
 */
const LIBFAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';
const NEXT_DAY = { LD_PRELOAD: LIBFAKETIME, FAKETIME: '+1d', FAKETIME_DONT_RESET: '1' };

const journal = (id: PostId) => join(posts.get(id)!.dir, 'data', 'journal.sqlite');
function ownEvents(id: PostId): ShippedEvent[] {
  const j = new Database(journal(id), { readonly: true });
  try {
    return j.prepare('SELECT id, at, kind, subject, payload, prev_hash AS prevHash, hash FROM events ORDER BY id').all() as ShippedEvent[];
  } finally {
    j.close();
  }
}

const act = (url: string, body: object) =>
  fetch(`${url}/api/checkin/event`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const screen = async (url: string) => ((await (await fetch(`${url}/api/checkin`)).json()) as { screen: string }).screen;
/** The summary with Pay offered: the terminal answered its last status check (issue 17 part 4). */
const payOffered = async (url: string) => {
  const v = (await (await fetch(`${url}/api/checkin`)).json()) as { screen: string; terminal?: { ready: boolean | null } };
  return v.screen.startsWith('summary') && v.terminal?.ready === true;
};

/** A walk-in visit paid and printed on the simulated devices, back on a final screen. */
async function visit(id: PostId) {
  const { url } = posts.get(id)!;
  await until('attract', 20_000, async () => ((await screen(url)).startsWith('attract') ? true : undefined));
  await act(url, { type: 'TOUCH' });
  await act(url, { type: 'SELECT_LANGUAGE', language: 'fr' });
  await act(url, { type: 'WALK_IN' });
  await act(url, { type: 'SELECT_SERVICE', service: 'passport' });
  await until('summary with Pay offered', 45_000, async () => ((await payOffered(url)) ? true : undefined));
  await act(url, { type: 'CONFIRM' });
  await until('done', 30_000, async () => (/^(done|printFailed)/.test(await screen(url)) ? true : undefined));
  await act(url, { type: 'TOUCH' }); // leaves the done screen sooner
}

/** The central copy of a post's own chain: ids 1..head, each once, in order, with the post's links. */
async function caughtUp(id: PostId, ms = 60_000) {
  return until(`${id} caught up`, ms, async () => {
    const mine = ownEvents(id);
    const r = await db.query<{ id: string; hash: string }>(
      `SELECT id, encode(hash, 'hex') AS hash FROM events WHERE post_id = $1 AND origin = 'post' ORDER BY id`,
      [id],
    );
    return r.rows.length >= mine.length ? { mine, held: r.rows.map((x) => ({ id: Number(x.id), hash: x.hash })) } : undefined;
  });
}

const postBatch = (id: PostId, body: unknown, raw?: string) =>
  fetch(`http://127.0.0.1:${centralPort}/api/central/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${POSTS[id]}`, 'content-type': 'application/json' },
    body: raw ?? JSON.stringify(body),
  });

/**
 * The status of a POST whose announced length is over the limit, its body never sent: the service answers from the
 * headers. Sending the body raced the answer: the service closes the connection after it, and a client still
 * writing could see the reset before the status and never hear it (a hang on CI).
 */
function postEarlyAnswered(id: PostId, raw: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `http://127.0.0.1:${centralPort}/api/central/events`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${POSTS[id]}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(raw) },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      },
    );
    req.on('error', reject); // after the answer, a no-op (the destroy's own error included)
    req.flushHeaders();
  });
}

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('central-ingest-'));
  tdb = await createTestDatabase('ingest_posts');
  const opened = await openCentralDb({ url: tdb.url });
  if (!opened.ok) throw new Error(opened.detail);
  db = opened.db;
  await migrateCentral(db);
  for (const [id, secret] of Object.entries(POSTS)) {
    await ensurePost(db, id);
    await setPostCredential(db, id, credentialHash(secret), new Date());
  }
  centralPort = await freePort();
  await startCentralProcess();
  await Promise.all([startPost('FR-PAR'), startPost('FR-LYO')]);
}, 120_000);

afterAll(async () => {
  for (const p of posts.values()) {
    p.k.child.kill('SIGTERM');
    await p.k.exited;
  }
  if (central && central.child.exitCode === null && central.child.signalCode === null) {
    central.child.kill('SIGTERM');
    await central.exited;
  }
  await db?.end();
  await tdb?.drop();
  cleanup?.();
});

describe('posts ship their journals to the central service (real processes)', () => {
  it('every event of both posts arrives once and in order, with the posts’ own links', async () => {
    await Promise.all([visit('FR-PAR'), visit('FR-LYO')]);
    await Promise.all([visit('FR-PAR'), visit('FR-LYO')]);
    for (const id of ['FR-PAR', 'FR-LYO'] as const) {
      const { mine, held } = await caughtUp(id);
      expect(held.slice(0, mine.length)).toEqual(mine.map((e) => ({ id: e.id, hash: e.hash })));
      expect(mine.some((e) => e.kind.startsWith('payment.'))).toBe(true);
    }
    // The anchor checks ran (the posts showed anchored links) and found nothing wrong.
    const s = await db.query(`SELECT post_id, anchor_check, (SELECT count(*)::int FROM stream_flags f WHERE f.post_id = s.post_id) AS flags FROM streams s`);
    expect(s.rows).toEqual(
      expect.arrayContaining([expect.objectContaining({ post_id: 'FR-PAR', flags: 0 }), expect.objectContaining({ post_id: 'FR-LYO', flags: 0 })]),
    );
    expect(s.rows.every((r) => r.anchor_check !== null)).toBe(true);
    // Each daemon's own device lights (journaled at start and on change) reach the central projections: the printer's
    // paper is known, which the start event alone (device names) cannot tell.
    const lights = await db.query(`SELECT device_id, status, paper FROM proj_devices WHERE post_id = 'FR-PAR' AND kiosk_id = 'post' ORDER BY 1`);
    expect(lights.rows).toEqual(expect.arrayContaining([expect.objectContaining({ device_id: 'printer', paper: expect.any(String) })]));
  }, 120_000);

  it('the central service SIGKILLed inside a batch’s transaction, then down while a post works on: no duplicate, no gap, caught up', async () => {
    // Inside, for certain: the test's own transaction holds the events table in SHARE mode, so the next batch that
    // carries events waits at its INSERT, after its stream row was locked, until the kill (heartbeats insert nothing
    // and pass). The central service is SIGKILLed while PostgreSQL shows that INSERT waiting; its transaction can then
    // only roll back.
    await caughtUp('FR-PAR'); // this month's partition exists: creating one would wait on the lock outside any batch
    const lock = await db.connect();
    let shipping: Promise<void>;
    try {
      await lock.query('BEGIN');
      await lock.query('LOCK TABLE events IN SHARE MODE');
      shipping = visit('FR-PAR');
      await until('a batch waiting inside its transaction', 30_000, async () => {
        const r = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock' AND state = 'active' AND query LIKE 'INSERT INTO events %'`,
        );
        return r.rows[0]!.n > 0 ? true : undefined;
      });
      const held = await storedEventIds(db, 'FR-PAR', 'post');
      await killCentral();
      await lock.query('ROLLBACK');
      // Nothing of the killed batch was kept: its transaction never committed.
      expect(await storedEventIds(db, 'FR-PAR', 'post')).toEqual(held);
      expect(ownEvents('FR-PAR').length).toBeGreaterThan(held.length);
    } finally {
      lock.release();
    }
    await shipping;
    // Offline: the post serves visitors as always; its events wait in its journal.
    await visit('FR-PAR');
    await visit('FR-LYO');
    await sleep(1000);
    await startCentralProcess();
    for (const id of ['FR-PAR', 'FR-LYO'] as const) {
      const { mine } = await caughtUp(id);
      const ids = await storedEventIds(db, id, 'post');
      expect(ids.slice(0, mine.length)).toEqual(mine.map((e) => e.id));
      expect(new Set(ids).size).toBe(ids.length);
    }
  }, 180_000);

  it('a journal edited after shipping is flagged by the anchor check', async () => {
    const { mine } = await caughtUp('FR-LYO');
    // Each request asks one anchor, in turn from the last one asked: the edited one is a few places ahead of it, so it
    // is asked within a few heartbeats however many anchors the earlier tests left (the first one could be hundreds of
    // requests away: a minute on a loaded CI machine).
    const anchors = (await db.query<{ id: string }>(`SELECT id FROM anchors WHERE post_id = 'FR-LYO' AND origin = 'post' ORDER BY id`)).rows
      .map((r) => Number(r.id))
      .filter((id) => id < mine.length); // the head is checked on every request anyway
    const asked = await db.query<{ anchor_check: string }>(`SELECT anchor_check FROM streams WHERE post_id = 'FR-LYO' AND origin = 'post'`);
    const next = Math.max(
      0,
      anchors.findIndex((id) => id > Number(asked.rows[0]!.anchor_check)),
    );
    const target = anchors[(next + 2) % anchors.length]!;
    expect(target).toBeLessThan(mine.length);
    const j = new Database(journal('FR-LYO'));
    try {
      const trigger = (j.prepare("SELECT sql FROM sqlite_master WHERE name = 'events_no_update'").get() as { sql: string }).sql;
      j.exec('DROP TRIGGER events_no_update');
      j.prepare('UPDATE events SET payload = ? WHERE id = ?').run(JSON.stringify({ edited: true }), target);
      j.exec(trigger);
    } finally {
      j.close();
    }
    const flag = await until('the tampered flag', 60_000, async () => {
      const r = await fetch(`http://127.0.0.1:${centralPort}/api/central/streams`, { headers: { authorization: `Bearer ${POSTS['FR-LYO']}` } });
      const { streams } = (await r.json()) as { streams: Array<{ origin: string; flags: Array<{ kind: string; atId: number }> }> };
      return streams.find((s) => s.origin === 'post')?.flags.find((f) => f.kind === 'tampered');
    });
    expect(flag.atId).toBe(target);
  }, 90_000);

  it('a forged batch, a replayed one, a revoked post’s and an oversized one: refused, nothing stored', async () => {
    // ES-MAD ships the start of FR-PAR's chain as its own (a copy of a real, keyed chain).
    const chain = ownEvents('FR-PAR').slice(0, 6);
    const body = (events: ShippedEvent[]) => ({ origin: 'post', head: { id: 6, hash: chain[5]!.hash }, keyedFrom: 1, events });
    expect((await postBatch('ES-MAD', body(chain.slice(0, 3)))).status).toBe(200);
    const replay = await postBatch('ES-MAD', body(chain.slice(0, 3)));
    expect(await replay.json()).toMatchObject({ acceptedThrough: 3, inserted: 0, duplicates: 3 });
    const forged = chain.slice(3).map((e, i) => (i === 1 ? { ...e, prevHash: 'a'.repeat(64) } : e));
    const f = await postBatch('ES-MAD', body(forged));
    expect(f.status).toBe(409);
    expect(await f.json()).toMatchObject({ reason: 'fork', forkAt: 5 });
    expect(await storedEventIds(db, 'ES-MAD', 'post')).toEqual([1, 2, 3]);

    const before = await storedEventIds(db, 'FR-PAR', 'post');
    const huge = JSON.stringify({
      origin: 'post',
      head: null,
      keyedFrom: 1,
      events: [{ ...chain[0]!, payload: JSON.stringify({ x: 'y'.repeat(5 * 1024 * 1024) }) }],
    });
    expect(await postEarlyAnswered('FR-PAR', huge)).toBe(413);
    await revokePost(db, 'FR-LYO', 'test: PC stolen', new Date());
    const revoked = await postBatch('FR-LYO', body(chain.slice(0, 1)));
    expect(revoked.status).toBe(403);
    expect(await storedEventIds(db, 'FR-PAR', 'post')).toEqual(expect.arrayContaining(before));
    expect((await db.query(`SELECT count(*)::int AS n FROM events WHERE post_id = 'ES-MAD'`)).rows[0].n).toBe(3);
  }, 60_000);

  it('a post offline for a day (its clock and the central one a day on) catches up: each event once, in order, the day’s visits projected', async () => {
    expect(existsSync(LIBFAKETIME), `${LIBFAKETIME} is missing: apt-get install faketime`).toBe(true);
    await caughtUp('FR-PAR');
    await killCentral();
    // The post works on through the next day while the central service is down: restarted a day on, it serves visitors.
    await stopPost('FR-PAR');
    const before = ownEvents('FR-PAR');
    await startPost('FR-PAR', NEXT_DAY);
    const dayStart = Date.now() + 20 * 3_600_000; // every event of the shifted day is at least this late
    for (let i = 0; i < 3; i++) await visit('FR-PAR');
    const offline = ownEvents('FR-PAR').slice(before.length);
    expect(offline.length).toBeGreaterThan(0);
    expect(offline.every((e) => Date.parse(e.at) >= dayStart)).toBe(true);
    // The next morning the central service is back (a day on too) and the post catches up.
    await startCentralProcess(NEXT_DAY);
    const { mine } = await caughtUp('FR-PAR', 90_000);
    const ids = await storedEventIds(db, 'FR-PAR', 'post');
    expect(ids.slice(0, mine.length)).toEqual(mine.map((e) => e.id));
    expect(new Set(ids).size).toBe(ids.length);
    const visits = await until('the day’s visits projected', 30_000, async () => {
      const r = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM proj_visits WHERE post_id = 'FR-PAR' AND issued_at >= $1`, [new Date(dayStart)]);
      return r.rows[0]!.n >= 3 ? r.rows[0]!.n : undefined;
    });
    expect(visits).toBe(3);
  }, 240_000);
});
