import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { mkdirSync, readdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import { runKiosk, writeConfig, ROOT } from '../support/daemon';
import { tempDir } from '../support/tmp';

let cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});
function tmp() {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
}
const sample = {
  consulate: { code: 'FR-PAR', name: { fr: 'Consulat' }, timeZone: 'Europe/Paris', currency: 'EUR', chanceryRate: 0.093 },
};

describe('kiosk start as a process', () => {
  it('prints its URL, serves health, and on SIGTERM closes cleanly and journals the stop', async () => {
    const dir = tmp();
    const cfg = writeConfig(dir, { ...sample, dataDir: join(dir, 'data') });
    mkdirSync(join(dir, 'data'));
    const k = runKiosk(['start', '--config', cfg, '--port', '0']);
    const url = await k.ready;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await (await fetch(`${url}/api/health`)).json();
    expect(health.devices).toHaveLength(3);
    k.child.kill('SIGTERM');
    expect(await k.exited).toBe(0);
    const db = new Database(join(dir, 'data', 'journal.sqlite'), { readonly: true });
    const kinds = (db.prepare('SELECT kind FROM events ORDER BY id').all() as { kind: string }[]).map((r) => r.kind);
    db.close();
    // Between the start and the stop, only the device lights: at start, and as they settled (server/devices/journal-changes.ts).
    expect(kinds[0]).toBe('daemon.started');
    expect(kinds.at(-1)).toBe('daemon.stopped');
    expect(kinds.slice(1, -1)).toEqual(expect.arrayContaining(['devices.changed']));
    expect(new Set(kinds.slice(1, -1))).toEqual(new Set(['devices.changed']));
    // Structured JSON logs on stdout and in the rotating file.
    expect(
      k
        .stdout()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .every((l) => JSON.parse(l).app === 'kiosk'),
    ).toBe(true);
    expect(readdirSync(join(dir, 'data', 'logs')).some((f) => /^kiosk\.\d+\.log$/.test(f))).toBe(true);
  });

  it('says which port is taken and exits non-zero without half-starting', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    const dir = tmp();
    const k = runKiosk(['start', '--data', dir], { PORT: String(port) });
    expect(await k.exited).toBe(1);
    expect(k.stderr()).toMatch(new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use.*PORT=`));
    blocker.close();
  });

  it('exits 2 with the bad fields of an invalid config', async () => {
    const k = runKiosk(['start', '--config', join(ROOT, 'fixtures/config/broken.yaml')]);
    expect(await k.exited).toBe(2);
    expect(k.stderr()).toMatch(/devices\.terminal\.protocol: expected one of "concert"\|"zvt"; got "ingenico"/);
  });

  it('refuses a data directory that does not exist, naming it', async () => {
    const dir = tmp();
    const k = runKiosk(['start', '--data', join(dir, 'missing'), '--port', '0']);
    expect(await k.exited).toBe(1);
    expect(k.stderr()).toMatch(/data directory .*missing does not exist: create it/);
  });

  it('refuses an unreadable trusted key with exit 2, naming it', async () => {
    const dir = tmp();
    const cfg = writeConfig(dir, {
      ...sample,
      dataDir: dir,
      appointments: { trustedKeys: [{ publicKeyPem: '-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----\n' }] },
    });
    const k = runKiosk(['start', '--config', cfg, '--port', '0']);
    expect(await k.exited).toBe(2);
    expect(k.stderr()).toMatch(/appointments\.trustedKeys\[0\]/);
  });

  it('refuses a journal from a newer version and leaves it alone', async () => {
    const dir = tmp();
    const db = new Database(join(dir, 'journal.sqlite'));
    db.pragma('user_version = 4242');
    db.close();
    const k = runKiosk(['start', '--data', dir, '--port', '0']);
    expect(await k.exited).toBe(1);
    expect(k.stderr()).toMatch(/schema version 4242.*newer version/);
  });
});

describe('kiosk config check and db migrate', () => {
  it('config check passes the sample and exits 2 on the broken one', async () => {
    const ok = runKiosk(['config', 'check', join(ROOT, 'fixtures/config/paris.json')]);
    expect(await ok.exited).toBe(0);
    expect(ok.stdout()).toMatch(/is valid: FR-PAR \(Europe\/Paris, EUR\)/);
    const bad = runKiosk(['config', 'check', join(ROOT, 'fixtures/config/broken.yaml')]);
    expect(await bad.exited).toBe(2);
    expect(bad.stderr()).toMatch(/9 problems/);
    expect(bad.stderr()).toMatch(/colour: unknown key/);
  });

  it('db migrate creates the journal, then says it is up to date', async () => {
    const dir = tmp();
    const first = runKiosk(['db', 'migrate', '--data', dir]);
    expect(await first.exited).toBe(0);
    expect(first.stdout()).toMatch(/migrated from schema version 0 to \d+/);
    const again = runKiosk(['db', 'migrate', '--data', dir]);
    expect(await again.exited).toBe(0);
    expect(again.stdout()).toMatch(/already at schema version/);
  });

  it('--help lists the commands', async () => {
    const k = runKiosk(['--help']);
    expect(await k.exited).toBe(0);
    for (const c of ['start', 'config', 'db']) expect(k.stdout()).toContain(c);
  });
});
