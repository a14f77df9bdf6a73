// `kiosk central init --cert FILE --key FILE`: the central service with the ministry's own certificate (from the
// ministry's CA) instead of a CA of its own. The files are checked before anything is written; posts then pin the
// ministry's root through their enrolment code, join over HTTPS and ship (real processes, PostgreSQL).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCentralDb, type CentralDb } from '../../central/db/db';
import { colonHex, makeCa, makeServerCert, pemFingerprint, type Pem } from '../../shared/x509';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { runCentral } from '../support/central';
import { ROOT, runKiosk, type KioskProcess } from '../support/daemon';
import { tempDir } from '../support/tmp';
import { until } from '../post/rig';

vi.setConfig({ testTimeout: 180_000 });

const t = tempDir('central-own-cert-');
let tdb: TestDatabase;
let db: CentralDb;
let ministry: Pem;
const running: KioskProcess[] = [];
const YEAR_MS = 365 * 24 * 3600 * 1000;

const file = (name: string, text: string) => {
  writeFileSync(join(t.dir, name), text, { mode: 0o600 });
  return join(t.dir, name);
};

async function kiosk(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const p = runKiosk(args, { KIOSK_CENTRAL_DB: tdb.url });
  const code = await p.exited;
  return { code, stdout: p.stdout(), stderr: p.stderr() };
}

beforeAll(async () => {
  tdb = await createTestDatabase('own_cert');
  const opened = await openCentralDb({ url: tdb.url });
  if (!opened.ok) throw new Error(opened.detail);
  db = opened.db;
  ministry = await makeCa({ name: 'Ministry root CA', now: new Date() });
});
afterAll(async () => {
  for (const p of running) {
    p.child.kill('SIGTERM');
    await p.exited;
  }
  await db?.end();
  await tdb?.drop();
  t.cleanup();
});

describe('kiosk central init --cert --key (the ministry certificate)', () => {
  it('refuses a key of another certificate, an expired certificate, a non-PEM file and a host the certificate does not name; writes nothing', async () => {
    const now = new Date();
    const leaf = await makeServerCert({ ca: ministry, hosts: ['central.ministry.test', '127.0.0.1'], now });
    const other = await makeServerCert({ ca: ministry, hosts: ['other.ministry.test'], now });
    const expired = await makeServerCert({ ca: ministry, hosts: ['central.ministry.test'], now: new Date(now.getTime() - 11 * YEAR_MS) });
    const chain = file('chain.pem', leaf.certPem + ministry.certPem);
    const dir = join(t.dir, 'refused');
    const init = (cert: string, key: string, ...more: string[]) => kiosk('central', 'init', '--data', dir, '--cert', cert, '--key', key, ...more);

    const mismatch = await init(chain, file('other.key', other.keyPem));
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toMatch(/other\.key is not the key of the first certificate in .*chain\.pem: give the key that goes with that certificate/);

    const old = await init(file('expired.pem', expired.certPem + ministry.certPem), file('expired.key', expired.keyPem));
    expect(old.code).toBe(1);
    expect(old.stderr).toMatch(
      /the certificate "CN=central\.ministry\.test" in .*expired\.pem expired on \d{4}-\d\d-\d\d.*ask the ministry's CA for a new one/,
    );

    const notPem = await init(file('notes.txt', 'this is not a certificate\n'), file('leaf.key', leaf.keyPem));
    expect(notPem.code).toBe(1);
    expect(notPem.stderr).toMatch(/notes\.txt holds no PEM certificate \(-----BEGIN CERTIFICATE-----\).*openssl x509/);

    const keyNotPem = await init(chain, file('notes.key', 'not a key\n'));
    expect(keyNotPem.code).toBe(1);
    expect(keyNotPem.stderr).toMatch(/notes\.key is not a PEM private key/);

    const unnamed = await init(chain, join(t.dir, 'leaf.key'), '--host', 'central.ministry.test', '--host', 'kiosk-central.ministry.test');
    expect(unnamed.code).toBe(1);
    expect(unnamed.stderr).toMatch(/does not name kiosk-central\.ministry\.test.*it names central\.ministry\.test, 127\.0\.0\.1/);

    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });

  it('a good pair: the service serves it, a post pins the ministry root with its code, joins over HTTPS and ships', async () => {
    const leaf = await makeServerCert({ ca: ministry, hosts: ['central.ministry.test', '127.0.0.1'], now: new Date() });
    const dir = join(t.dir, 'central');
    const init = await kiosk(
      'central',
      'init',
      '--data',
      dir,
      '--cert',
      file('good.pem', leaf.certPem + ministry.certPem),
      '--key',
      file('good.key', leaf.keyPem),
      '--host',
      'central.ministry.test',
    );
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    expect(init.stdout).toContain(`SHA-256 fingerprint: ${colonHex(pemFingerprint(ministry.certPem))}`);
    expect(init.stdout).toMatch(/the ministry's certificate/);
    // The service has no CA key of its own: the ministry's CA signs its certificates.
    expect(existsSync(join(dir, 'ca.key'))).toBe(false);

    const central = runCentral(tdb.url, ['--data', dir]);
    running.push(central);
    const url = await central.ready;
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);

    const enrol = runKiosk(['central', 'enrol', '--post', 'FR-PAR', '--data', dir], { KIOSK_CENTRAL_DB: tdb.url });
    expect(await enrol.exited).toBe(0);
    const code = /((?:[0-9A-Z]{5}-){7}[0-9A-Z]{5})/.exec(enrol.stdout())![1]!;
    const paris = JSON.parse(readFileSync(join(ROOT, 'fixtures/config/paris.json'), 'utf8')) as { consulate: Record<string, unknown> };
    const config = file('paris.json', JSON.stringify({ ...paris, dataDir: join(t.dir, 'paris'), consulate: { ...paris.consulate, code: 'FR-PAR' } }));
    const joined = await kiosk('central', 'join', '--url', url, '--code', code, '-c', config);
    expect(joined.stderr).toBe('');
    expect(joined.code).toBe(0);
    const link = JSON.parse(readFileSync(join(t.dir, 'paris', 'central', 'central-link.json'), 'utf8')) as { caPem: string };
    expect(pemFingerprint(link.caPem)).toEqual(pemFingerprint(ministry.certPem));

    const post = runKiosk(['start', '--config', config, '--port', '0'], { KIOSK_CENTRAL_POLL_MS: '100', KIOSK_CENTRAL_HEARTBEAT_MS: '300' });
    running.push(post);
    await post.ready;
    const shipped = async () => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE post_id = 'FR-PAR'`)).rows[0]!.n;
    await until('events shipped by FR-PAR to the central service', async () => (await shipped()) > 0);
  });
});
