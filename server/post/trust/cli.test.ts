// `kiosk hub init|enrol|kiosks|revoke` and `kiosk join` as an operator runs them (the real bin/kiosk.js),
// against a hub served over HTTPS by this process with the identity the CLI made.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import { openJournal, type Db } from '../../../store/db';
import { tempDir } from '../../../test/support/tmp';
import { createHubLink } from '../link';
import { hubTlsOptions } from './identity';
import { hubLinkFile, loadHubLink } from './hub-link';
import { postTrustRoutes } from './routes';

// Each step starts the CLI from its TypeScript sources: seconds apiece on a loaded machine.
vi.setConfig({ testTimeout: 180_000 });

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const KIOSK_BIN = join(ROOT, 'bin/kiosk.js');
const t = tempDir('post-trust-cli-');
const hubDir = join(t.dir, 'hub');
const kioskDir = join(t.dir, 'kiosk');

let app: FastifyInstance | undefined;
let db: Db | undefined;
afterAll(async () => {
  await app?.close();
  db?.close();
  t.cleanup();
});

/** Async: the hub this process serves must keep answering while the child joins. */
function kiosk(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [KIOSK_BIN, ...args], { cwd: ROOT, env: { ...process.env, KIOSK_FROM_SOURCE: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const mode = (file: string) => statSync(file).mode & 0o777;
const fingerprintIn = (text: string) => /fingerprint[^\n]*?((?:[0-9a-f]{2}:){31}[0-9a-f]{2})/.exec(text)?.[1];

describe('kiosk hub and kiosk join', () => {
  it('init makes the identity once, enrol prints a code, join stores the link, kiosks lists, revoke refuses, init --force makes another', async () => {
    const init = await kiosk('hub', 'init', '--data', hubDir, '--host', 'hub.post.test');
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    const fingerprint = fingerprintIn(init.stdout);
    expect(fingerprint).toBeDefined();
    expect(mode(join(hubDir, 'post', 'ca.key'))).toBe(0o600);
    expect(mode(join(hubDir, 'post', 'hub.key'))).toBe(0o600);

    const again = await kiosk('hub', 'init', '--data', hubDir);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/every enrolled kiosk must then join again/);
    expect(again.stderr).toMatch(/--force/);

    const tls = hubTlsOptions(hubDir);
    if (!tls.ok) throw new Error(tls.detail);
    db = openJournal(join(hubDir, 'journal.sqlite'));
    app = Fastify({ https: { key: tls.key, cert: tls.cert } });
    await app.register(postTrustRoutes({ db, caPem: tls.caPem, version: '9.9.9' }), { prefix: '/api' });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as { port: number }).port;
    const url = `https://127.0.0.1:${port}`;

    const enrol = await kiosk('hub', 'enrol', '--kiosk', 'K2', '--data', hubDir, '--valid-minutes', '30');
    expect(enrol.stderr).toBe('');
    expect(enrol.code).toBe(0);
    const code = /\b[0-9A-Z]{5}(?:-[0-9A-Z]{5}){7}\b/.exec(enrol.stdout)?.[0];
    expect(code).toBeDefined();
    expect(enrol.stdout).toMatch(/kiosk join --hub https:\/\/\S+ --code /);

    const bad = await kiosk('join', '--hub', url, '--code', 'ABCDE-FGHJK', '--data', kioskDir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/kiosk join: .*enrolment code/);

    const joined = await kiosk('join', '--hub', url, '--code', code!, '--data', kioskDir);
    expect(joined.stderr).toBe('');
    expect(joined.code).toBe(0);
    expect(joined.stdout).toMatch(/joined .* as kiosk K2/);
    expect(mode(hubLinkFile(kioskDir))).toBe(0o600);
    const link = loadHubLink(kioskDir);
    if (!link.ok) throw new Error(link.detail);
    expect(await createHubLink(link.options).request('GET', '/api/post/hello')).toMatchObject({ ok: true, body: { kioskId: 'K2' } });

    const list = await kiosk('hub', 'kiosks', '--data', hubDir, '--json');
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([{ kioskId: 'K2', enrolledAt: expect.any(String), revokedAt: null, lastSeenAt: expect.any(String) }]);

    const revoke = await kiosk('hub', 'revoke', '--kiosk', 'K2', '--data', hubDir);
    expect(revoke.code).toBe(0);
    const r = await createHubLink(link.options).request('GET', '/api/post/hello');
    expect(r).toMatchObject({ ok: false, reason: 'refused' });
    if (!r.ok) expect(r.detail).toMatch(/revoked/);
    const twice = await kiosk('hub', 'revoke', '--kiosk', 'K2', '--data', hubDir);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/already revoked/);
    const table = await kiosk('hub', 'kiosks', '--data', hubDir);
    expect(table.stdout).toMatch(/^K2 +\d{4}-\S+ +\d{4}-\S+ +\d{4}-/m); // enrolled, revoked, last seen

    const forced = await kiosk('hub', 'init', '--data', hubDir, '--force');
    expect(forced.code).toBe(0);
    expect(fingerprintIn(forced.stdout)).not.toBe(fingerprint);
    expect(existsSync(join(hubDir, 'post', 'hub.pem'))).toBe(true);
    expect(readFileSync(join(hubDir, 'post', 'ca.pem'), 'utf8')).not.toBe(tls.caPem);
  });
});
