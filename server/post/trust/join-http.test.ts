// /api/post/join over plain HTTP (a hub with insecureLan): guessing is rate-limited, and `kiosk join
// --insecure-lan` joins without a certificate to pin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { openJournal, type Db } from '../../../store/db';
import { tempDir } from '../../../test/support/tmp';
import { createHubLink } from '../link';
import { enrolKiosk } from './enrol';
import { hubTlsOptions, initPostIdentity } from './identity';
import { joinHub } from './join';
import { loadHubLink } from './hub-link';
import { postTrustRoutes } from './routes';

const t = tempDir('post-join-http-');
const hubDir = join(t.dir, 'hub');
let db: Db;
let app: FastifyInstance;
let url: string;
beforeAll(async () => {
  expect(await initPostIdentity({ dataDir: hubDir, hosts: [] })).toMatchObject({ ok: true });
  const tls = hubTlsOptions(hubDir);
  if (!tls.ok) throw new Error(tls.detail);
  db = openJournal(join(hubDir, 'journal.sqlite'));
  app = Fastify();
  await app.register(postTrustRoutes({ db, caPem: null, version: '1', joinsPerMinute: { perAddress: 3, all: 100 } }), { prefix: '/api' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
}, 60_000);
afterAll(async () => {
  await app?.close();
  db?.close();
  t.cleanup();
});

describe('join over plain HTTP', () => {
  it('is refused without --insecure-lan, and joins with it (nothing pinned)', async () => {
    const enrol = enrolKiosk(db, hubDir, { kioskId: 'K9', validMinutes: 5 });
    if (!enrol.ok) throw new Error(enrol.detail);
    const dir = join(t.dir, 'kiosk');
    const plain = await joinHub({ hubUrl: url, code: enrol.code, dataDir: dir });
    expect(plain).toMatchObject({ ok: false, reason: 'address' });
    if (!plain.ok) expect(plain.detail).toMatch(/https:\/\/HOST:PORT.*--insecure-lan/);
    expect(await joinHub({ hubUrl: url, code: enrol.code, dataDir: dir, insecureLan: true })).toMatchObject({ ok: true, kioskId: 'K9' });
    const link = loadHubLink(dir);
    if (!link.ok) throw new Error(link.detail);
    expect(link.options.caPem).toBeUndefined();
    expect(await createHubLink(link.options).request('GET', '/api/post/hello')).toMatchObject({ ok: true, body: { kioskId: 'K9' } });
  });

  it('answers a malformed code with what a code looks like, and too many attempts with 429', async () => {
    const post = () => fetch(`${url}/api/post/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"code":"12345"}' });
    const first = await post();
    expect(first.status).toBe(400);
    expect(((await first.json()) as { error: string }).error).toMatch(/40 letters and digits in 8 groups of 5/);
    let last = first;
    for (let i = 0; i < 3; i++) last = await post();
    expect(last.status).toBe(429);
    expect(((await last.json()) as { error: string }).error).toMatch(/too many join attempts/);
    expect(last.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});
