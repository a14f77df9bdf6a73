// A hub's central shipping (issue 16, item 2): its own journal as "post" and each kiosk chain it holds relayed as
// "kiosk:ID" with the kiosk's own links, to a central service on a real PostgreSQL, over HTTP with a post credential.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, type TestDatabase } from '../../test/support/postgres';
import { tempDir } from '../../test/support/tmp';
import { openCentralDb, type CentralDb } from '../../central/db/db';
import { migrateCentral } from '../../central/db/migrations';
import { ensurePost, setPostCredential } from '../../central/db/posts';
import { buildCentralApp } from '../../central/http/app';
import { credentialHash } from '../../central/http/post-auth';
import { ingestPlugin } from '../../central/ingest/plugin';
import { openJournal } from '../../store/db';
import type { Db } from '../../store/db';
import { appendEvent } from '../../store/events';
import { receiveEvents } from '../../store/post-events';
import { centralCursor } from '../../store/central-outbox';
import { eventHash } from '../../shared/event-chain';
import type { ShippedEvent } from '../../shared/post-events-api';
import { createHubLink } from '../post/link';
import { startCentralShipping } from './shipper';

let tdb: TestDatabase;
let cdb: CentralDb;
let app: FastifyInstance;
let url: string;
let hub: Db;
let cleanup: () => void;
const SECRET = 'h'.repeat(43);

function kioskChain(n: number): ShippedEvent[] {
  const out: ShippedEvent[] = [];
  let prev = '';
  for (let id = 1; id <= n; id++) {
    const at = new Date(Date.UTC(2026, 11, 1, 8, 0, id)).toISOString();
    const payload = JSON.stringify({ step: id });
    const hash = eventHash(prev, at, 'visit.step', null, payload);
    out.push({ id, at, kind: 'visit.step', subject: null, payload, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

beforeAll(async () => {
  tdb = await createTestDatabase('relay');
  const opened = await openCentralDb({ url: tdb.url });
  if (!opened.ok) throw new Error(opened.detail);
  cdb = opened.db;
  await migrateCentral(cdb);
  await ensurePost(cdb, 'FR-PAR');
  await setPostCredential(cdb, 'FR-PAR', credentialHash(SECRET), new Date());
  app = await buildCentralApp({ db: cdb, version: 'test', plugins: [ingestPlugin()] });
  url = await app.listen({ host: '127.0.0.1', port: 0 });
  let dir: string;
  ({ dir, cleanup } = tempDir('relay-'));
  hub = openJournal(join(dir, 'journal.sqlite'));
});
afterAll(async () => {
  hub?.close();
  cleanup?.();
  await app?.close();
  await cdb?.end();
  await tdb?.drop();
});

const held = async (origin: string) =>
  (
    await cdb.query<{ id: string; hash: string }>(`SELECT id, encode(hash, 'hex') AS hash FROM events WHERE post_id = 'FR-PAR' AND origin = $1 ORDER BY id`, [
      origin,
    ])
  ).rows.map((r) => ({ id: Number(r.id), hash: r.hash }));

describe('central shipping from a hub', () => {
  it('ships its own journal and relays each kiosk chain it holds, each once, in order, with its links', async () => {
    for (let i = 0; i < 30; i++) appendEvent(hub, { kind: 'queue.ticket', payload: { i } });
    const k2 = kioskChain(40);
    expect(receiveEvents(hub, 'K2', { head: { id: 40, hash: k2[39]!.hash }, keyedFrom: null, events: k2 }).ok).toBe(true);
    const link = createHubLink({ url, kioskId: 'FR-PAR', credential: SECRET });
    const shipping = startCentralShipping({ db: hub, link, relayKiosks: true, maxEvents: 7, pollMs: 50, heartbeatMs: 200, discoverMs: 100 });
    try {
      const own = hub.prepare('SELECT id, hash FROM events ORDER BY id').all() as Array<{ id: number; hash: string }>;
      await expect.poll(() => held('post'), { timeout: 20_000, interval: 100 }).toEqual(own);
      await expect.poll(() => held('kiosk:K2'), { timeout: 20_000, interval: 100 }).toEqual(k2.map((e) => ({ id: e.id, hash: e.hash })));
      // A kiosk that joins later is relayed too.
      const k3 = kioskChain(3);
      receiveEvents(hub, 'K3', { head: { id: 3, hash: k3[2]!.hash }, keyedFrom: null, events: k3 });
      await expect.poll(() => held('kiosk:K3'), { timeout: 20_000, interval: 100 }).toHaveLength(3);
      await expect.poll(() => centralCursor(hub, 'kiosk:K2').shippedThrough, { timeout: 5000 }).toBe(40);
      expect(shipping.status().map((s) => s.origin)).toEqual(['post', 'kiosk:K2', 'kiosk:K3']);
      expect(shipping.status().every((s) => s.flags.length === 0 && s.lastError === null)).toBe(true);
    } finally {
      await shipping.stop();
      link.close();
    }
  });
});
