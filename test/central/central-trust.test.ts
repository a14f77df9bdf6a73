// Trust between a post and the central service, as operators run it: `kiosk central init` and `start` (HTTPS) as
// real processes on a real PostgreSQL, `kiosk central enrol|revoke|posts`, and `kiosk central join` from a post's
// data dir; then an authenticated request through createCentralLink.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:https';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { runCentral } from '../support/central';
import { ROOT, runKiosk, type KioskProcess } from '../support/daemon';
import { tempDir } from '../support/tmp';
import { openCentralDb, type CentralDb } from '../../central/db/db';
import { addEnrolmentCode } from '../../central/db/enrolment';
import { initCentralIdentity, centralTlsOptions } from '../../central/tls/identity';
import { newEnrolmentCode, secretHash } from '../../shared/enrolment-code';
import { pemFingerprint } from '../../shared/x509';
import { createCentralLink } from '../../server/central/link';
import { centralLinkFile, loadCentralLink } from '../../server/central/link-file';
import { CentralHello } from '../../shared/central-api';

vi.setConfig({ testTimeout: 180_000 });

const t = tempDir('central-trust-');
const centralDir = join(t.dir, 'central');
let tdb: TestDatabase;
let db: CentralDb;
let central: KioskProcess;
let url = '';

/** A post's config (the Paris sample with its own data dir and consulate code). */
function postConfig(name: string, code = 'FR-PAR'): { config: string; data: string } {
  const data = join(t.dir, name);
  const paris = JSON.parse(readFileSync(join(ROOT, 'fixtures/config/paris.json'), 'utf8')) as { consulate: Record<string, unknown> };
  const config = join(t.dir, `${name}.json`);
  writeFileSync(config, JSON.stringify({ ...paris, dataDir: data, consulate: { ...paris.consulate, code } }, null, 2));
  return { config, data };
}

async function kiosk(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const p = runKiosk(args, { KIOSK_CENTRAL_DB: tdb.url, KIOSK_CENTRAL_DATA: centralDir });
  const code = await p.exited;
  return { code, stdout: p.stdout(), stderr: p.stderr() };
}

async function enrol(post = 'FR-PAR', ...more: string[]): Promise<string> {
  const r = await kiosk('central', 'enrol', '--post', post, ...more);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const code = /((?:[0-9A-Z]{5}-){7}[0-9A-Z]{5})/.exec(r.stdout)?.[1];
  expect(code, r.stdout).toBeDefined();
  return code!;
}

/** A raw POST with a content-encoding, trusting only the central CA. */
function postRaw(to: string, ca: string, data: Buffer, encoding: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(to, { method: 'POST', ca, headers: { 'content-type': 'application/json', 'content-encoding': encoding } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    // The server may answer and close before the whole body is sent.
    req.on('error', reject);
    req.end(data);
  });
}

const join_ = (post: { config: string; data: string }, code: string, at = url) =>
  kiosk('central', 'join', '--url', at, '--code', code, '-c', post.config, '-d', post.data);

beforeAll(async () => {
  tdb = await createTestDatabase('trust');
  const opened = await openCentralDb({ url: tdb.url });
  if (!opened.ok) throw new Error(opened.detail);
  db = opened.db;
});
afterAll(async () => {
  if (central) {
    central.child.kill('SIGTERM');
    await central.exited;
  }
  await db?.end();
  await tdb?.drop();
  t.cleanup();
});

describe('kiosk central init and start', () => {
  it('start refuses without an identity (saying what to do), unless --insecure-http', async () => {
    const none = runKiosk(['central', 'start', '--db', tdb.url, '--data', join(t.dir, 'nothing'), '--listen', '127.0.0.1:0']);
    expect(await none.exited).toBe(1);
    expect(none.stderr()).toMatch(/no TLS identity .*kiosk central init --data/);
    const plain = runCentral(tdb.url, ['--insecure-http']);
    expect(await plain.ready).toMatch(/^http:\/\//);
    plain.child.kill('SIGTERM');
    expect(await plain.exited).toBe(0);
  });

  it('init makes a central CA and the service certificate (keys 0600), once; start serves HTTPS with it', async () => {
    const init = await kiosk('central', 'init', '--data', centralDir, '--host', 'central.ministry.test');
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    expect(init.stdout).toMatch(/SHA-256 fingerprint: ([0-9a-f]{2}:){31}[0-9a-f]{2}/);
    for (const key of ['ca.key', 'central.key']) expect(statSync(join(centralDir, key)).mode & 0o777).toBe(0o600);
    const again = await kiosk('central', 'init', '--data', centralDir);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/exists.*--force/s);

    central = runCentral(tdb.url, ['--data', centralDir]);
    url = await central.ready;
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    // Without the central CA, a client refuses the service's certificate.
    await expect(fetch(`${url}/api/central/health`)).rejects.toThrow();
  });
});

describe('enrolment and join', () => {
  it('a post joins with its code, its link file is 0600, and an authenticated request through createCentralLink works', async () => {
    const code = await enrol('FR-PAR', '--name', 'Consulat général, Paris', '--valid-minutes', '30');
    const post = postConfig('paris');
    const j = await join_(post, code);
    expect(j.stderr).toBe('');
    expect(j.code).toBe(0);
    expect(j.stdout).toMatch(/joined the central service at https:\/\/127\.0\.0\.1:\d+ as post FR-PAR/);
    const file = centralLinkFile(post.data);
    expect(file).toBe(join(post.data, 'central', 'central-link.json'));
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const loaded = loadCentralLink(post.data);
    if (!loaded.ok) throw new Error(loaded.detail);
    const link = createCentralLink(loaded.options);
    try {
      const hello = await link.request('GET', '/api/central/hello');
      expect(hello).toMatchObject({ ok: true, status: 200 });
      expect(CentralHello.parse((hello as { body: unknown }).body).postId).toBe('FR-PAR');
      // gzip request bodies are accepted (the health route does not care; the echo of join is enough below)
    } finally {
      link.close();
    }

    const posts = await kiosk('central', 'posts', '--json');
    expect(posts.code).toBe(0);
    expect(JSON.parse(posts.stdout)).toEqual([
      expect.objectContaining({ postId: 'FR-PAR', name: 'Consulat général, Paris', enrolledAt: expect.any(String), revokedAt: null }),
    ]);
    const table = await kiosk('central', 'posts');
    expect(table.stdout).toMatch(/FR-PAR/);

    // A code joins once.
    const reused = await join_(postConfig('paris-again'), code);
    expect(reused.code).toBe(1);
    expect(reused.stderr).toMatch(/already used .*kiosk central enrol --post FR-PAR/);
  });

  it('an expired code, a code for another post and a mistyped code are refused, saying what to do', async () => {
    const { text, code } = newEnrolmentCode(pemFingerprint(readFileSync(join(centralDir, 'ca.pem'), 'utf8')));
    const longAgo = new Date(Date.now() - 3 * 3600_000);
    await addEnrolmentCode(db, { postId: 'FR-PAR', secretHash: secretHash(code.secret), expiresAt: new Date(longAgo.getTime() + 60_000), at: longAgo });
    const expired = await join_(postConfig('paris-expired'), text);
    expect(expired.code).toBe(1);
    expect(expired.stderr).toMatch(/expired at .*kiosk central enrol --post FR-PAR/);

    const forRabat = await enrol('MA-RBA');
    const other = await join_(postConfig('paris-other'), forRabat);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/issued for post MA-RBA.*this post is FR-PAR/);
    // The code was not spent: Rabat joins with it.
    const rabat = await join_(postConfig('rabat', 'MA-RBA'), forRabat);
    expect(rabat.stderr).toBe('');
    expect(rabat.code).toBe(0);

    const good = await enrol('FR-PAR');
    const typo = good.slice(0, 3) + (good[3] === 'A' ? 'B' : 'A') + good.slice(4);
    const mistyped = await join_(postConfig('paris-typo'), typo);
    expect(mistyped.code).toBe(1);
    expect(mistyped.stderr).toMatch(/mistyped/);
  });

  it('a server whose CA is not the one the code names never sees the code', async () => {
    const otherDir = join(t.dir, 'impostor');
    const made = await initCentralIdentity({ dataDir: otherDir, hosts: [] });
    expect(made.ok).toBe(true);
    const tls = centralTlsOptions(otherDir);
    if (!tls.ok) throw new Error(tls.detail);
    const seen: string[] = [];
    const impostor: Server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
      seen.push(`${req.method} ${req.url}`);
      res.end('{}');
    });
    await new Promise<void>((r) => impostor.listen(0, '127.0.0.1', r));
    try {
      const port = (impostor.address() as { port: number }).port;
      const code = await enrol('FR-PAR');
      const r = await join_(postConfig('paris-impostor'), code, `https://127.0.0.1:${port}`);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/not the central service.*The code was not sent/s);
      expect(seen).toEqual([]);
      expect(existsSync(centralLinkFile(join(t.dir, 'paris-impostor')))).toBe(false);
    } finally {
      await new Promise((r) => impostor.close(r));
    }
  });

  it('a gzip bomb on join is refused with 413 and spends nothing; other encodings 415', async () => {
    const code = await enrol('FR-PAR');
    const ca = readFileSync(join(centralDir, 'ca.pem'), 'utf8');
    // Valid JSON once inflated (the code, then 512 KiB of spaces), under the join's 1 KiB bound on the wire.
    const bomb = gzipSync(Buffer.concat([Buffer.from(JSON.stringify({ code, postId: 'FR-PAR' })), Buffer.alloc(512 * 1024, 0x20)]), { level: 9 });
    expect(bomb.length).toBeLessThan(1024);
    const r = await postRaw(`${url}/api/central/join`, ca, bomb, 'gzip');
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body)).toMatchObject({ reason: 'too-large', error: expect.stringMatching(/inflates to more than 1024 bytes: nothing was stored/) });
    const br = await postRaw(`${url}/api/central/join`, ca, Buffer.from('{}'), 'br');
    expect(br.status).toBe(415);
    expect(br.body).toMatch(/gzip/);
    // The code was not spent: it still joins.
    const post = postConfig('paris-after-bomb');
    const j = await join_(post, code);
    expect(j.stderr).toBe('');
    expect(j.code).toBe(0);
  });

  it('a revoked post is refused (403, saying what to do); enrolling it again takes it back', async () => {
    // The post that joined last (each join replaces the post's credential); joins from one address are 10 a minute.
    const post = { config: join(t.dir, 'paris-after-bomb.json'), data: join(t.dir, 'paris-after-bomb') };
    const rev = await kiosk('central', 'revoke', '--post', 'FR-PAR', '--reason', 'PC stolen');
    expect(rev.stderr).toBe('');
    expect(rev.code).toBe(0);
    expect(rev.stdout).toMatch(/^Post FR-PAR revoked at /);
    const loaded = loadCentralLink(post.data);
    if (!loaded.ok) throw new Error(loaded.detail);
    const link = createCentralLink(loaded.options);
    try {
      const r = await link.request('GET', '/api/central/hello');
      expect(r).toMatchObject({ ok: false, reason: 'refused', status: 403 });
      expect((r as { detail: string }).detail).toMatch(/the central service refused post FR-PAR: .*revoked .*PC stolen.*enrol it again/);
    } finally {
      link.close();
    }
    const twice = await kiosk('central', 'revoke', '--post', 'FR-PAR', '--reason', 'again');
    expect(twice.code).toBe(1);
    const unknown = await kiosk('central', 'revoke', '--post', 'ES-MAD', '--reason', 'never');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no post ES-MAD/);

    expect((await join_(post, await enrol('FR-PAR'))).code).toBe(0);
    const again = loadCentralLink(post.data);
    if (!again.ok) throw new Error(again.detail);
    const back = createCentralLink(again.options);
    try {
      expect(await back.request('GET', '/api/central/hello')).toMatchObject({ ok: true });
    } finally {
      back.close();
    }
  });

  it('loadCentralLink says what to do when the post has not joined, or its link file is readable by others', async () => {
    const none = loadCentralLink(join(t.dir, 'never-joined'));
    expect(none).toMatchObject({ ok: false, detail: expect.stringMatching(/has not joined the central service .*kiosk central join --url/) });
    const file = centralLinkFile(join(t.dir, 'paris'));
    chmodSync(file, 0o644);
    expect(loadCentralLink(join(t.dir, 'paris'))).toMatchObject({ ok: false, detail: expect.stringMatching(/chmod 600/) });
    chmodSync(file, 0o600);
  });
});
