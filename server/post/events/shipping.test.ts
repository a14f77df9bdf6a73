// Event shipping end to end over real sockets: a Fastify hub on 127.0.0.1 with its journal on a real SQLite
// file, a kiosk journal (plain links from an older version, then keyed ones) shipped through createHubLink.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { openJournal, type Db } from '../../../store/db';
import { appendEvent, eventHashOf, linkOf, recentEvents, verifyChain } from '../../../store/events';
import { usableKey } from '../../../store/chain-key';
import { loadMigrations, migrate } from '../../../store/migrations';
import { setOutboxCursor } from '../../../store/post-outbox';
import { kioskHead, receivedCount } from '../../../store/post-events';
import { createHubLink, type HubLink } from '../link';
import type { KioskAuth } from '../kiosk-auth';
import { postEventRoutes } from './routes';
import type { JournalSync } from '../../../store/journal-sync';
import { startEventShipper, type EventShipper, type EventShipperOptions } from './shipper';
import { KioskLinks } from '../../../shared/post-events-api';
import { tempDir } from '../../../test/support/tmp';

const CREDENTIALS: Record<string, string> = { 'secret-k1': 'K1', 'secret-k2': 'K2' };
/** The test's KioskAuth: a bearer map (server/post/trust/ is the real one). */
const bearerAuth: KioskAuth = (req) => {
  const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
  if (!m) return { ok: false, status: 401, reason: 'no-credential', detail: 'no kiosk credential: join the post first' };
  const kioskId = CREDENTIALS[m[1]!];
  return kioskId ? { ok: true, kioskId } : { ok: false, status: 401, reason: 'unknown', detail: 'unknown kiosk credential' };
};

interface Hub {
  app: FastifyInstance;
  db: Db;
  port: number;
  url: string;
  /** Batches received (bodies' event counts and sizes) and 409s answered. */
  batches: Array<{ events: number; bytes: number }>;
  refusals: number;
  /** Set: the hub "dies" after committing this batch (1-based), before its answer leaves: the kiosk never hears it. */
  dieAfterBatch?: number;
  close(): Promise<void>;
}

async function startHub(file: string, port = 0, syncJournal?: JournalSync): Promise<Hub> {
  const db = openJournal(file);
  const app = Fastify();
  const hub: Hub = { app, db, port: 0, url: '', batches: [], refusals: 0, close: async () => {} };
  app.addHook('preHandler', async (req) => {
    if (req.method === 'POST')
      hub.batches.push({ events: (req.body as { events?: unknown[] } | null)?.events?.length ?? 0, bytes: Number(req.headers['content-length']) });
  });
  app.addHook('onSend', async (req, reply) => {
    if (reply.statusCode === 409) hub.refusals++;
    if (req.method === 'POST' && hub.batches.length === hub.dieAfterBatch) req.raw.socket.destroy();
  });
  // Dead: no later request gets in (until the test closes it and starts it again).
  app.addHook('onRequest', async (req) => {
    if (hub.dieAfterBatch !== undefined && hub.batches.length >= hub.dieAfterBatch) req.raw.socket.destroy();
  });
  await app.register(
    postEventRoutes({
      db,
      ...(syncJournal ? { syncJournal } : {}),
      kioskAuth: bearerAuth,
      authorize: (req, roles) =>
        roles.includes(req.headers['x-test-role'] as never) ? { ok: true } : { ok: false, status: 401, detail: 'sign in as supervisor or technician' },
    }),
    { prefix: '/api' },
  );
  await app.listen({ host: '127.0.0.1', port });
  hub.port = (app.server.address() as AddressInfo).port;
  hub.url = `http://127.0.0.1:${hub.port}`;
  hub.close = async () => {
    await app.close();
    db.close();
  };
  return hub;
}

async function waitFor(what: string, cond: () => boolean, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A kiosk journal: `plain` events written by a version without a key, then `keyed` more. */
function kioskJournal(file: string, plain: number, keyed: number): Db {
  const old = openJournal(file, { migrate: false });
  migrate(old, loadMigrations(), 8);
  for (let i = 1; i <= plain; i++) appendEvent(old, { kind: 'old.event', payload: { i } });
  old.close();
  const db = openJournal(file);
  append(db, keyed);
  return db;
}
const append = (db: Db, n: number) =>
  db.transaction(() => Array.from({ length: n }, (_, i) => appendEvent(db, { kind: 'k.event', subject: `s${i}`, payload: { i } })))();

/** The hub's copy equals the kiosk's journal, row for row. */
const copyOf = (hub: Db, kioskId: string) =>
  hub.prepare('SELECT id, at, kind, subject, payload, prev_hash, hash FROM post_received_events WHERE kiosk_id = ? ORDER BY id').all(kioskId);
const journalOf = (db: Db) => db.prepare('SELECT id, at, kind, subject, payload, prev_hash, hash FROM events ORDER BY id').all();

let dir: string;
let cleanup: () => void;
let kiosk: Db;
let hub: Hub;
let link: HubLink;
const shippers: EventShipper[] = [];
const ship = (o: Partial<EventShipperOptions> = {}) => {
  const s = startEventShipper({ db: kiosk, link, minBackoffMs: 20, maxBackoffMs: 100, pollMs: 50, timeoutMs: 5000, ...o });
  shippers.push(s);
  return s;
};

beforeEach(async () => {
  const t = tempDir('post-ship-');
  dir = t.dir;
  cleanup = t.cleanup;
  kiosk = kioskJournal(join(dir, 'kiosk.sqlite'), 5, 95);
  hub = await startHub(join(dir, 'hub.sqlite'));
  link = createHubLink({ url: hub.url, kioskId: 'K1', credential: 'secret-k1' });
});
afterEach(async () => {
  for (const s of shippers.splice(0)) await s.stop();
  if (hub.app.server.listening) await hub.close();
  if (kiosk.open) kiosk.close();
  cleanup();
});

describe('event shipping, kiosk to hub over HTTP', () => {
  it('ships everything, then new events when nudged; lag and last contact on both sides', async () => {
    const s = ship({ pollMs: 60_000 }); // only a nudge can wake it promptly
    await waitFor('the whole journal at the hub', () => s.status().lag === 0 && s.status().shippedThrough === 100);
    expect(copyOf(hub.db, 'K1')).toEqual(journalOf(kiosk));
    expect(s.status()).toMatchObject({ state: 'idle', lag: 0, lastError: null, lastContact: expect.any(String) });
    append(kiosk, 7);
    expect(s.status().lag).toBe(7);
    s.nudge();
    await waitFor('the new events at the hub', () => s.status().shippedThrough === 107);

    const res = await fetch(`${hub.url}/api/post/kiosks`, { headers: { 'x-test-role': 'supervisor' } });
    const { kiosks } = KioskLinks.parse(await res.json());
    expect(kiosks).toEqual([
      expect.objectContaining({ kioskId: 'K1', shippedThrough: 107, reportedHead: 107, lag: 0, chain: 'ok', keyedFrom: 6, fork: null, attention: null }),
    ]);
    expect(Date.parse(kiosks[0]!.lastContact)).toBeGreaterThan(Date.now() - 60_000);
    expect((await fetch(`${hub.url}/api/post/kiosks`)).status).toBe(401);
    const stranger = await fetch(`${hub.url}/api/post/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(stranger.status).toBe(401);
  });

  it("the hub writes a batch without an fsync on its event loop and answers once its journal's sync returned (issue 14)", async () => {
    await hub.close();
    let release: () => void = () => {};
    let asked = 0;
    hub = await startHub(join(dir, 'hub.sqlite'), 0, () => {
      asked++;
      return new Promise<void>((r) => (release = r));
    });
    link = createHubLink({ url: hub.url, kioskId: 'K1', credential: 'secret-k1' });
    const s = ship({ pollMs: 60_000 });
    await waitFor('the batch written at the hub, its sync asked', () => asked === 1 && receivedCount(hub.db, 'K1') === 100);
    // Written, not yet durable: the kiosk has not been told, so its cursor has not moved.
    await new Promise((r) => setImmediate(r));
    expect(s.status().shippedThrough).toBe(0);
    release();
    await waitFor('the kiosk told', () => s.status().shippedThrough === 100);
  });

  it('the hub dies mid-way (a batch committed, its answer lost) and restarts on the same journal: resumes, every event once', async () => {
    hub.dieAfterBatch = 3;
    const s = ship({ maxEvents: 30 });
    await waitFor('the lost answer seen', () => s.status().lastError !== null);
    // The hub holds 90 events; the kiosk heard of 60 and keeps journaling visits while the hub is down.
    expect(receivedCount(hub.db, 'K1')).toBe(90);
    await hub.close();
    append(kiosk, 250);
    expect(s.status()).toMatchObject({ state: 'retrying', shippedThrough: 60, lag: 290, lastError: { reason: 'unreachable' } });
    const lastContact = s.status().lastContact;
    const { port } = hub;
    hub = await startHub(join(dir, 'hub.sqlite'), port);
    await waitFor('the backlog drained', () => s.status().lag === 0, 30_000);
    expect(s.status()).toMatchObject({ state: 'idle', lastError: null, shippedThrough: 350 });
    expect(s.status().lastContact! > lastContact!).toBe(true);
    expect(copyOf(hub.db, 'K1')).toEqual(journalOf(kiosk));
    expect(hub.batches.every((b) => b.events <= 30)).toBe(true);
    expect(kioskHead(hub.db, 'K1')).toMatchObject({ shippedThrough: 350, lag: 0, fork: null });
  });

  it('a kiosk that crashed after the hub took a batch but before saving its cursor re-sends: taken as duplicates, no double row', async () => {
    const first = ship();
    await waitFor('shipped', () => first.status().shippedThrough === 100);
    await first.stop();
    setOutboxCursor(kiosk, 40, eventHashOf(kiosk, 40)!); // as if the answers to the batches after event 40 were never saved
    append(kiosk, 10);
    const again = ship();
    await waitFor('caught up again', () => again.status().shippedThrough === 110);
    expect(receivedCount(hub.db, 'K1')).toBe(110);
    expect(copyOf(hub.db, 'K1')).toEqual(journalOf(kiosk));
    expect(kioskHead(hub.db, 'K1')!.fork).toBeNull();
    expect(hub.refusals).toBe(0);
  });

  it('a hub restored from an older backup asks again from what it holds (the kiosk’s cursor goes back)', async () => {
    const s = ship();
    await waitFor('shipped', () => s.status().shippedThrough === 100);
    await s.stop();
    await hub.close();
    const { port } = hub;
    // A hub with an empty journal (restored from before this kiosk shipped) on the same address.
    hub = await startHub(join(dir, 'hub-restored.sqlite'), port);
    append(kiosk, 5);
    const again = ship();
    // 105 events and the kiosk's own note that the hub acknowledged less than before (journaled, so shipped too).
    await waitFor('everything again at the restored hub', () => receivedCount(hub.db, 'K1') === 106 && again.status().lag === 0);
    expect(copyOf(hub.db, 'K1')).toEqual(journalOf(kiosk));
    expect(hub.refusals).toBeGreaterThanOrEqual(1); // the gap answer that said where to start
    const behind = kiosk.prepare("SELECT payload FROM events WHERE kind = 'post.hub-behind'").all() as { payload: string }[];
    expect(behind.map((b) => JSON.parse(b.payload) as unknown)).toEqual([{ hubHolds: 0, hadConfirmed: 100 }]);
  });

  it('a forged batch after a gap is refused with what is missing, and nothing of it is kept', async () => {
    const s = ship();
    await waitFor('shipped', () => s.status().shippedThrough === 100);
    await s.stop();
    append(kiosk, 20);
    const rows = kiosk.prepare('SELECT id, at, kind, subject, payload, prev_hash AS prevHash, hash FROM events WHERE id > 110 ORDER BY id').all();
    const a = await link.request('POST', '/api/post/events', { head: { id: 120, hash: (rows.at(-1) as { hash: string }).hash }, keyedFrom: 6, events: rows });
    expect(a).toMatchObject({
      ok: false,
      status: 409,
      body: { reason: 'gap', expectedFrom: 101, missing: { from: 101, to: 110 }, acceptedThrough: 100, error: expect.stringMatching(/send from event 101/) },
    });
    expect(receivedCount(hub.db, 'K1')).toBe(100);
    expect(kioskHead(hub.db, 'K1')!.fork).toBeNull();
  });

  it('a kiosk journal rewritten after shipping is a fork: refused, recorded once however often the kiosk retries, shown on both sides', async () => {
    const s = ship();
    await waitFor('shipped', () => s.status().shippedThrough === 100);
    await s.stop();
    // Someone with the kiosk's key changes a shipped event and recomputes every later link: the kiosk's own
    // check passes, the hub's copy does not match.
    const key = usableKey(kiosk);
    kiosk.exec('DROP TRIGGER events_no_update');
    let prev = (kiosk.prepare('SELECT prev_hash AS p FROM events WHERE id = 50').get() as { p: string }).p;
    for (const r of kiosk.prepare('SELECT id, at, kind, subject, payload FROM events WHERE id >= 50 ORDER BY id').all() as Array<{
      id: number;
      at: string;
      kind: string;
      subject: string | null;
      payload: string;
    }>) {
      const payload = r.id === 50 ? JSON.stringify({ i: 'changed' }) : r.payload;
      const hash = linkOf(key, r.id, prev, r.at, r.kind, r.subject, payload);
      kiosk.prepare('UPDATE events SET payload = ?, prev_hash = ?, hash = ? WHERE id = ?').run(payload, prev, hash, r.id);
      prev = hash;
    }
    expect(verifyChain(kiosk).ok).toBe(true);
    append(kiosk, 3);
    const again = ship();
    await waitFor('refused several times', () => hub.refusals >= 3);
    expect(again.status()).toMatchObject({ state: 'refused', shippedThrough: 100, lag: 3, lastError: { reason: expect.stringMatching(/^fork/) } });
    expect(recentEvents(hub.db, { kindPrefix: 'post.chain-fork' })).toHaveLength(1);
    expect(receivedCount(hub.db, 'K1')).toBe(100);
    const { kiosks } = KioskLinks.parse(await (await fetch(`${hub.url}/api/post/kiosks`, { headers: { 'x-test-role': 'technician' } })).json());
    expect(kiosks[0]).toMatchObject({
      kioskId: 'K1',
      chain: 'forked',
      fork: { atId: 101 },
      attention: expect.stringMatching(/parted from the hub's copy at event 101/),
    });
  });

  it('10 000 events ship in bounded batches', async () => {
    append(kiosk, 9_900);
    const started = Date.now();
    const s = ship({ pollMs: 1000 });
    await waitFor('10 000 events at the hub', () => s.status().shippedThrough === 10_000, 120_000);
    const ms = Date.now() - started;
    expect(receivedCount(hub.db, 'K1')).toBe(10_000);
    expect(hub.batches.filter((b) => b.events > 0).length).toBe(20);
    expect(Math.max(...hub.batches.map((b) => b.events))).toBe(500);
    const maxBytes = Math.max(...hub.batches.map((b) => b.bytes));
    expect(maxBytes).toBeLessThan(512 * 1024);
    console.log(`event shipping: 10 000 events in ${hub.batches.length} batches of at most 500 (${Math.round(maxBytes / 1024)} KiB) in ${ms} ms`);
  }, 150_000);
});
