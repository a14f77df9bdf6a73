// The central service taking a post's chains (issue 16, item 2): every check on a real PostgreSQL, through the
// HTTP route a post uses (auth, limits, gzip), the chains built as a journal builds them (plain SHA-256 links).
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { openCentralDb, type CentralDb } from '../../central/db/db';
import { migrateCentral } from '../../central/db/migrations';
import { ensurePost, revokePost, setPostCredential } from '../../central/db/posts';
import { eventPartitions, storedEventIds } from '../../central/db/events';
import { buildCentralApp } from '../../central/http/app';
import { credentialHash } from '../../central/http/post-auth';
import { ingestPlugin } from '../../central/ingest/plugin';
import { eventHash } from '../../shared/event-chain';
import type { ShippedEvent } from '../../shared/post-events-api';
import type { CentralEventsBody } from '../../shared/central-events-api';

let tdb: TestDatabase;
let db: CentralDb;
let app: FastifyInstance;

const SECRET = {
  'FR-PAR': 'p'.repeat(43),
  'MA-RBA': 'r'.repeat(43),
  'ES-MAD': 'm'.repeat(43),
  'DE-BER': 'b'.repeat(43),
  'IT-ROM': 'i'.repeat(43),
  'BE-BRU': 'q'.repeat(43),
};
type Post = keyof typeof SECRET;

/** A plain chain of n events from `start` (one every 6 hours from 2026-11-28: it spans two months). */
function chain(n: number, t0 = Date.parse('2026-11-28T00:00:00.000Z')): ShippedEvent[] {
  const out: ShippedEvent[] = [];
  let prev = '';
  for (let id = 1; id <= n; id++) {
    const at = new Date(t0 + (id - 1) * 6 * 3600_000).toISOString();
    const payload = JSON.stringify({ n: id });
    const hash = eventHash(prev, at, 'visit.step', `v${id}`, payload);
    out.push({ id, at, kind: 'visit.step', subject: `v${id}`, payload, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

const body = (events: ShippedEvent[], head: ShippedEvent | null, extra: Partial<CentralEventsBody> = {}): CentralEventsBody => ({
  origin: 'post',
  head: head && { id: head.id, hash: head.hash },
  keyedFrom: null,
  events,
  ...extra,
});

const ship = async (post: Post, b: CentralEventsBody | Buffer, headers: Record<string, string> = {}) => {
  const r = await app.inject({
    method: 'POST',
    url: '/api/central/events',
    headers: { authorization: `Bearer ${SECRET[post]}`, 'content-type': 'application/json', ...headers },
    payload: Buffer.isBuffer(b) ? b : JSON.stringify(b),
  });
  return { status: r.statusCode, json: r.json() as Record<string, unknown> };
};
const streams = async (post: Post) =>
  (await app.inject({ url: '/api/central/streams', headers: { authorization: `Bearer ${SECRET[post]}` } })).json() as {
    streams: Array<{ origin: string; acceptedThrough: number; head: number; lag: number; flags: Array<{ kind: string; atId: number }> }>;
  };

beforeAll(async () => {
  tdb = await createTestDatabase('ingest');
  const opened = await openCentralDb({ url: tdb.url });
  if (!opened.ok) throw new Error(opened.detail);
  db = opened.db;
  await migrateCentral(db);
  for (const [post, secret] of Object.entries(SECRET)) {
    await ensurePost(db, post);
    await setPostCredential(db, post, credentialHash(secret), new Date());
  }
  app = await buildCentralApp({ db, version: 'test', plugins: [ingestPlugin({ maxEvents: 50, maxBytes: 64 * 1024 })] });
});
afterAll(async () => {
  await app?.close();
  await db?.end();
  await tdb?.drop();
});

describe('central ingest: a post ships its chain', () => {
  it('stores a chain in order, in its months’ partitions; a re-sent batch is taken as duplicates, stored once', async () => {
    const c = chain(30);
    const first = await ship('FR-PAR', body(c.slice(0, 20), c[29]!));
    expect(first).toMatchObject({ status: 200, json: { acceptedThrough: 20, acceptedHash: c[19]!.hash, inserted: 20, duplicates: 0 } });
    // The answer was lost: the post sends the same events again, and the next ones.
    const again = await ship('FR-PAR', body(c.slice(10, 30), c[29]!));
    expect(again).toMatchObject({ status: 200, json: { acceptedThrough: 30, inserted: 10, duplicates: 10 } });
    expect(await storedEventIds(db, 'FR-PAR', 'post')).toEqual(c.map((e) => e.id));
    const parts = await eventPartitions(db, 'FR-PAR', 'post');
    expect([...parts.keys()].sort()).toEqual(['events_2026_11', 'events_2026_12']);
    expect([...parts.values()].reduce((a, b) => a + b)).toBe(30);
    const [s] = (await streams('FR-PAR')).streams;
    expect(s).toMatchObject({ origin: 'post', acceptedThrough: 30, head: 30, lag: 0, flags: [] });
  });

  it('anchors each batch’s last event and asks the post to show an anchored link', async () => {
    const c = chain(12);
    const a = await ship('DE-BER', body(c.slice(0, 5), c[11]!));
    expect(a.json.anchorCheck).toEqual({ id: 5 });
    const b = await ship('DE-BER', body(c.slice(5, 12), c[11]!, { anchorProof: { id: 5, hash: c[4]!.hash } }));
    expect(b.json).toMatchObject({ acceptedThrough: 12, flags: [] });
    expect([5, 12]).toContain((b.json.anchorCheck as { id: number }).id);
    const anchors = await db.query('SELECT id::int AS id FROM anchors WHERE post_id = $1 ORDER BY id', ['DE-BER']);
    expect(anchors.rows.map((r) => r.id)).toEqual([5, 12]);
  });

  it('asks every anchor in turn, in the order of their ids, whatever their number of digits', async () => {
    // Ordered as text, 12 came before 5 and anchors 5 and 9 were never asked: an edit there was never found.
    const c = chain(100);
    for (const [from, to] of [
      [0, 5],
      [5, 9],
      [9, 12],
      [12, 50],
      [50, 100],
    ] as const)
      await ship('BE-BRU', body(c.slice(from, to), c[99]!));
    const asked: number[] = [];
    let last = 100;
    for (let i = 0; i < 10; i++) {
      const r = await ship('BE-BRU', body([], c[99]!, { anchorProof: { id: last, hash: c[last - 1]!.hash } }));
      last = (r.json.anchorCheck as { id: number }).id;
      asked.push(last);
    }
    expect(asked).toEqual([5, 9, 12, 50, 100, 5, 9, 12, 50, 100]);
  });

  it('a gap is refused with what is missing, and nothing of the batch is stored', async () => {
    const c = chain(10);
    await ship('MA-RBA', body(c.slice(0, 3), c[9]!));
    const gap = await ship('MA-RBA', body(c.slice(5, 10), c[9]!));
    expect(gap).toMatchObject({ status: 409, json: { reason: 'gap', acceptedThrough: 3, expectedFrom: 4, missing: { from: 4, to: 5 } } });
    expect(await storedEventIds(db, 'MA-RBA', 'post')).toEqual([1, 2, 3]);
  });

  it('a forged batch (wrong links), or an event changed after it was shipped: a fork, recorded, nothing stored, refused since', async () => {
    const c = chain(8);
    await ship('ES-MAD', body(c.slice(0, 4), c[7]!));
    const forged = c.slice(4, 8).map((e) => ({ ...e }));
    forged[1] = { ...forged[1]!, payload: JSON.stringify({ n: 'forged' }) }; // its link no longer matches it
    const f = await ship('ES-MAD', body(forged, c[7]!));
    expect(f).toMatchObject({ status: 409, json: { reason: 'fork', forkAt: 6, acceptedThrough: 4 } });
    expect(await storedEventIds(db, 'ES-MAD', 'post')).toEqual([1, 2, 3, 4]);
    const after = await ship('ES-MAD', body(c.slice(4, 8), c[7]!));
    expect(after).toMatchObject({ status: 409, json: { reason: 'forked' } });
    expect(await storedEventIds(db, 'ES-MAD', 'post')).toEqual([1, 2, 3, 4]);
    expect((await streams('ES-MAD')).streams[0]!.flags).toEqual([expect.objectContaining({ kind: 'forked', atId: 6 })]);

    // A kiosk chain whose old event is re-sent with another content (and link): a fork at that event.
    const k = chain(4);
    await ship('ES-MAD', body(k, k[3]!, { origin: 'kiosk:K2' }));
    const rewritten = { ...k[1]!, hash: 'f'.repeat(64) };
    const r = await ship('ES-MAD', body([rewritten], k[3]!, { origin: 'kiosk:K2' }));
    expect(r).toMatchObject({ status: 409, json: { reason: 'fork', forkAt: 2 } });
  });

  it('a wrong anchor proof flags the chain tampered, a head below what was taken flags it truncated; both shown', async () => {
    const c = chain(6);
    await ship('IT-ROM', body(c, c[5]!));
    const proof = await ship('IT-ROM', body([], c[5]!, { anchorProof: { id: 6, hash: 'e'.repeat(64) } }));
    expect(proof.status).toBe(200);
    const cut = await ship('IT-ROM', body([], c[3]!));
    expect(cut.json.flags).toEqual([expect.objectContaining({ kind: 'tampered', atId: 6 }), expect.objectContaining({ kind: 'truncated', atId: 5 })]);
    expect((await streams('IT-ROM')).streams[0]!.flags.map((f) => f.kind)).toEqual(['tampered', 'truncated']);
  });

  it('limits: too many events or too many bytes is 413 and nothing stored; a gzip batch is read', async () => {
    const c = chain(60, Date.parse('2026-10-01T00:00:00.000Z'));
    const many = await ship('MA-RBA', body(c.slice(3, 60), c[59]!));
    expect(many.status).toBe(413);
    const big = chain(4).slice(3);
    const huge = { ...big[0]!, payload: JSON.stringify({ x: 'y'.repeat(70 * 1024) }) };
    expect((await ship('MA-RBA', body([huge], huge))).status).toBe(413);
    expect(await storedEventIds(db, 'MA-RBA', 'post')).toEqual([1, 2, 3]);
    const m = chain(10);
    const zipped = gzipSync(JSON.stringify(body(m.slice(3, 10), m[9]!)));
    expect(await ship('MA-RBA', zipped, { 'content-encoding': 'gzip' })).toMatchObject({ status: 200, json: { acceptedThrough: 10 } });
  });

  it('a revoked post or an unknown credential is refused, nothing stored', async () => {
    await revokePost(db, 'MA-RBA', 'PC stolen', new Date());
    const m = chain(12);
    const r = await ship('MA-RBA', body(m.slice(10, 12), m[11]!));
    expect(r.status).toBe(403);
    expect(r.json.error).toMatch(/revoked/);
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/central/events',
      headers: { authorization: `Bearer ${'u'.repeat(43)}`, 'content-type': 'application/json' },
      payload: JSON.stringify(body(m.slice(10, 12), m[11]!)),
    });
    expect(unknown.statusCode).toBe(401);
    expect(await storedEventIds(db, 'MA-RBA', 'post')).toEqual([...Array(10).keys()].map((i) => i + 1));
  });
});
