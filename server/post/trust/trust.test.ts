// Enrolment and trust between a post hub and its kiosks over real TLS on loopback: the hub's identity made
// by initPostIdentity, a Fastify HTTPS server with postTrustRoutes, the kiosk side through joinHub,
// loadHubLink and createHubLink (server/post/link.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { openJournal, type Db } from '../../../store/db';
import { listKiosks, revokeKiosk } from '../../../store/post-kiosks';
import { tempDir } from '../../../test/support/tmp';
import { createHubLink } from '../link';
import { hubTlsOptions, initPostIdentity } from './identity';
import { enrolKiosk } from './enrol';
import { joinHub } from './join';
import { HUB_LINK_FILE, loadHubLink } from './hub-link';
import { postTrustRoutes } from './routes';
import { POST_DIR } from './paths';

const t = tempDir('post-trust-');
afterAll(() => t.cleanup());

interface Hub {
  dir: string;
  db: Db;
  app: FastifyInstance;
  url: string;
  requests: string[];
}

async function startHub(name: string): Promise<Hub> {
  const dir = join(t.dir, name);
  const init = await initPostIdentity({ dataDir: dir, hosts: ['hub.post.test'] });
  expect(init).toMatchObject({ ok: true });
  const tls = hubTlsOptions(dir);
  if (!tls.ok) throw new Error(tls.detail);
  const db = openJournal(join(dir, 'journal.sqlite'));
  const app = Fastify({ https: { key: tls.key, cert: tls.cert } });
  const requests: string[] = [];
  app.addHook('onRequest', async (req) => void requests.push(`${req.method} ${req.url}`));
  await app.register(postTrustRoutes({ db, caPem: tls.caPem, version: '9.9.9' }), { prefix: '/api' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { dir, db, app, url: `https://127.0.0.1:${address.port}`, requests };
}

let hub: Hub;
let other: Hub;
beforeAll(async () => {
  hub = await startHub('hub');
  other = await startHub('other-hub'); // the same hub re-initialised: another post CA
}, 60_000);
afterAll(async () => {
  for (const h of [hub, other]) {
    await h?.app.close();
    h?.db.close();
  }
});

function enrol(h: Hub, o: Parameters<typeof enrolKiosk>[2]): { code: string } {
  const r = enrolKiosk(h.db, h.dir, o);
  if (!r.ok) throw new Error(r.detail);
  return r;
}
const kioskDir = (name: string) => join(t.dir, name);
const mode = (file: string) => statSync(file).mode & 0o777;

describe('the post identity', () => {
  it('is a CA and a hub certificate signed by it for the given host, localhost and the loopback addresses; keys 0600', () => {
    const post = join(hub.dir, POST_DIR);
    expect(mode(join(post, 'ca.key'))).toBe(0o600);
    expect(mode(join(post, 'hub.key'))).toBe(0o600);
    const ca = new X509Certificate(readFileSync(join(post, 'ca.pem')));
    const leaf = new X509Certificate(readFileSync(join(post, 'hub.pem')));
    expect(ca.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.checkHost('hub.post.test')).toBe('hub.post.test');
    expect(leaf.checkHost('localhost')).toBe('localhost');
    expect(leaf.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(leaf.checkIP('::1')).toBe('::1');
  });

  it('hubTlsOptions says to run kiosk hub init when there is none', () => {
    const r = hubTlsOptions(kioskDir('nothing-here'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.detail).toMatch(/kiosk hub init/);
  });

  it('is not overwritten without force, and says that every kiosk must join again', async () => {
    const r = await initPostIdentity({ dataDir: hub.dir, hosts: [] });
    expect(r).toMatchObject({ ok: false, reason: 'exists' });
    if (!r.ok) expect(r.detail).toMatch(/--force.*join again|join again.*--force/s);
  });
});

describe('enrol → join → hello', () => {
  it('a kiosk joins with its code, stores its link 0600 and greets the hub with it', async () => {
    const dir = kioskDir('kiosk-k2');
    const { code } = enrol(hub, { kioskId: 'K2', validMinutes: 60 });
    expect(code).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){7}$/);
    const joined = await joinHub({ hubUrl: hub.url, code: code.toLowerCase().replace(/-/g, ' '), dataDir: dir });
    expect(joined).toMatchObject({ ok: true, kioskId: 'K2' });
    expect(mode(join(dir, POST_DIR, HUB_LINK_FILE))).toBe(0o600);
    // The hub keeps no secret in clear: neither the code's nor the credential.
    const stored = JSON.parse(readFileSync(join(dir, POST_DIR, HUB_LINK_FILE), 'utf8')) as { credential: string };
    const dump = JSON.stringify(hub.db.prepare('SELECT * FROM post_kiosks').all()) + JSON.stringify(hub.db.prepare('SELECT * FROM post_enrolment_codes').all());
    expect(dump).not.toContain(stored.credential);

    const link = loadHubLink(dir);
    if (!link.ok) throw new Error(link.detail);
    expect(link.options).toMatchObject({ url: hub.url, kioskId: 'K2' });
    const hello = await createHubLink(link.options).request('GET', '/api/post/hello');
    expect(hello).toMatchObject({ ok: true, status: 200, body: { kioskId: 'K2', version: '9.9.9' } });
    if (hello.ok) expect(Math.abs(Date.parse((hello.body as { hubTime: string }).hubTime) - Date.now())).toBeLessThan(600_000);
    expect(listKiosks(hub.db).find((k) => k.kioskId === 'K2')?.lastSeenAt).not.toBeNull();
  });

  it('a code joins once', async () => {
    const { code } = enrol(hub, { kioskId: 'K4', validMinutes: 60 });
    expect(await joinHub({ hubUrl: hub.url, code, dataDir: kioskDir('kiosk-k4') })).toMatchObject({ ok: true });
    const again = await joinHub({ hubUrl: hub.url, code, dataDir: kioskDir('kiosk-k4-bis') });
    expect(again).toMatchObject({ ok: false, reason: 'refused' });
    if (!again.ok) expect(again.detail).toMatch(/already used.*kiosk hub enrol --kiosk K4/);
    expect(existsSync(join(kioskDir('kiosk-k4-bis'), POST_DIR, HUB_LINK_FILE))).toBe(false);
  });

  it('an expired code is refused', async () => {
    const { code } = enrol(hub, { kioskId: 'K5', validMinutes: 1, now: new Date(Date.now() - 120_000) });
    const r = await joinHub({ hubUrl: hub.url, code, dataDir: kioskDir('kiosk-k5') });
    expect(r).toMatchObject({ ok: false, reason: 'refused' });
    if (!r.ok) expect(r.detail).toMatch(/expired.*kiosk hub enrol --kiosk K5/);
  });

  it('a mistyped code is caught on the kiosk, before any contact', async () => {
    const { code } = enrol(hub, { kioskId: 'K6', validMinutes: 60 });
    const typo = (code[0] === 'A' ? 'B' : 'A') + code.slice(1);
    const before = hub.requests.length;
    const r = await joinHub({ hubUrl: hub.url, code: typo, dataDir: kioskDir('kiosk-k6') });
    expect(r).toMatchObject({ ok: false, reason: 'code' });
    if (!r.ok) expect(r.detail).toMatch(/mistyped|check/);
    expect(hub.requests.length).toBe(before);
  });
});

describe('refusals', () => {
  it('no credential, or one the hub does not know: refused, saying what to do', async () => {
    const link = loadHubLink(kioskDir('kiosk-k2'));
    if (!link.ok) throw new Error(link.detail);
    const none = await createHubLink({ ...link.options, credential: '' }).request('GET', '/api/post/hello');
    expect(none).toMatchObject({ ok: false, reason: 'refused', status: 401 });
    if (!none.ok) expect(none.detail).toMatch(/no kiosk credential.*kiosk join/);
    const unknown = await createHubLink({ ...link.options, credential: 'x'.repeat(43) }).request('GET', '/api/post/hello');
    expect(unknown).toMatchObject({ ok: false, reason: 'refused', status: 401 });
    if (!unknown.ok) expect(unknown.detail).toMatch(/does not know this kiosk credential/);
  });

  it('a revoked kiosk is refused and told how to come back', async () => {
    const dir = kioskDir('kiosk-k3');
    const { code } = enrol(hub, { kioskId: 'K3', validMinutes: 60 });
    expect(await joinHub({ hubUrl: hub.url, code, dataDir: dir })).toMatchObject({ ok: true });
    const link = loadHubLink(dir);
    if (!link.ok) throw new Error(link.detail);
    expect(await createHubLink(link.options).request('GET', '/api/post/hello')).toMatchObject({ ok: true });
    expect(revokeKiosk(hub.db, 'K3', new Date())).toMatchObject({ ok: true });
    const r = await createHubLink(link.options).request('GET', '/api/post/hello');
    expect(r).toMatchObject({ ok: false, reason: 'refused', status: 403 });
    if (!r.ok) expect(r.detail).toMatch(/kiosk K3 was revoked at .*kiosk hub enrol --kiosk K3/);
  });

  it("facing another post's hub, join refuses before sending the secret and an existing link refuses the certificate", async () => {
    const { code } = enrol(hub, { kioskId: 'K7', validMinutes: 60 });
    const r = await joinHub({ hubUrl: other.url, code, dataDir: kioskDir('kiosk-k7') });
    expect(r).toMatchObject({ ok: false, reason: 'certificate' });
    if (!r.ok) expect(r.detail).toMatch(/not this post's hub/);
    expect(other.requests).toEqual([]); // the TLS handshake only: no request, so no code, reached it
    // The code is still good for the right hub.
    expect(await joinHub({ hubUrl: hub.url, code, dataDir: kioskDir('kiosk-k7') })).toMatchObject({ ok: true, kioskId: 'K7' });

    const link = loadHubLink(kioskDir('kiosk-k2'));
    if (!link.ok) throw new Error(link.detail);
    const moved = await createHubLink({ ...link.options, url: other.url }).request('GET', '/api/post/hello');
    expect(moved).toMatchObject({ ok: false, reason: 'certificate' });
    expect(other.requests).toEqual([]);
  });
});

describe('loadHubLink', () => {
  it('says to run kiosk join when the kiosk has not joined', () => {
    const r = loadHubLink(kioskDir('never-joined'));
    expect(r).toMatchObject({ ok: false });
    if (!r.ok) expect(r.detail).toMatch(/kiosk join --hub https:\/\/HOST:PORT --code/);
  });

  it('refuses a link file others can read, and one that is not a link', () => {
    const dir = kioskDir('kiosk-k2');
    const file = join(dir, POST_DIR, HUB_LINK_FILE);
    chmodSync(file, 0o644);
    const open = loadHubLink(dir);
    expect(open).toMatchObject({ ok: false });
    if (!open.ok) expect(open.detail).toMatch(/0644.*chmod 600/);
    chmodSync(file, 0o600);
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, '{"url": 3}');
    const bad = loadHubLink(dir);
    expect(bad).toMatchObject({ ok: false });
    if (!bad.ok) expect(bad.detail).toMatch(/not a hub link.*kiosk join/);
    writeFileSync(file, good);
    expect(loadHubLink(dir).ok).toBe(true);
  });
});
