// README.md's "A post with several kiosks" set-up, run as written: each `kiosk …` line of its script through
// the real bin/kiosk.js, on a hub config and a kiosk config in temp folders ($KIOSK_CONFIG). Only the hub's
// name is replaced (hub.consulat.local is not in this machine's DNS; 127.0.0.1 is in every hub certificate)
// and the port (a free one instead of 8443). The kiosk must then be linked: the hub sees it, and a visit at
// the kiosk gets its number from the hub.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KIOSK_BIN, ROOT, runKiosk, sampleConfig, writeConfig, type KioskProcess } from '../support/daemon';
import { tempDir } from '../support/tmp';
import { freePort } from './rig';

function postScript(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## A post with several kiosks\n');
  if (start < 0) throw new Error('README.md has no "## A post with several kiosks" section');
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(start))?.[1] ?? '';
  return block
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l.startsWith('kiosk '));
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [KIOSK_BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

const t = tempDir('readme-post-');
const daemons: KioskProcess[] = [];
afterAll(async () => {
  for (const d of daemons.reverse()) {
    d.child.kill('SIGTERM');
    await d.exited;
  }
  t.cleanup();
});

describe('README: a post with several kiosks', () => {
  it('the set-up script works as written: hub init, start, enrol, join, start, and the kiosk is linked', async () => {
    const script = postScript();
    expect(script.map((l) => l.split(' ').slice(0, 3).join(' '))).toEqual([
      'kiosk hub init',
      'kiosk start',
      'kiosk hub enrol',
      'kiosk join --hub',
      'kiosk start',
    ]);
    const [hubPort, kioskPort] = [await freePort(), await freePort()];
    const base = sampleConfig();
    const log = { level: 'warn', maxSize: '10m', keep: 2 };
    const hubCfg = writeConfig(
      t.dir,
      { ...base, role: 'hub', dataDir: join(t.dir, 'hub'), server: { ...base.server, lan: true, port: hubPort }, log },
      'hub.json',
    );
    const kioskCfg = writeConfig(
      t.dir,
      { ...base, role: 'kiosk', kioskId: 'K2', dataDir: join(t.dir, 'k2'), server: { ...base.server, port: kioskPort }, log },
      'k2.json',
    );
    const onHub = { KIOSK_CONFIG: hubCfg };
    const onKiosk = { KIOSK_CONFIG: kioskCfg };
    const words = (line: string, code = '') =>
      line.replace('https://hub.consulat.local:8443', `https://127.0.0.1:${hubPort}`).replace('CODE', code).split(' ').slice(1);

    const init = await run(words(script[0]!), onHub);
    expect(init.code, init.err).toBe(0);
    const hub = runKiosk(words(script[1]!), onHub);
    daemons.push(hub);
    expect(await hub.ready).toBe(`https://127.0.0.1:${hubPort}`);
    const enrol = await run(words(script[2]!), onHub);
    expect(enrol.code, enrol.err).toBe(0);
    const code = /valid until \S+:\n\n\s+(\S+)\n/.exec(enrol.out)?.[1];
    expect(code, enrol.out).toBeTruthy();
    const join_ = await run(words(script[3]!, code), onKiosk);
    expect(join_.code, join_.err + join_.out).toBe(0);
    const kiosk = runKiosk(words(script[4]!), onKiosk);
    daemons.push(kiosk);
    expect(await kiosk.ready).toBe(`http://127.0.0.1:${kioskPort}`);

    // Linked: the hub saw the kiosk's credential, and a walk-in at the kiosk takes the hub's first C number.
    const kiosksAtHub = async () => JSON.parse((await run(['hub', 'kiosks', '--json'], onHub)).out) as Array<{ kioskId: string; lastSeenAt: string | null }>;
    const end = Date.now() + 30_000;
    while (!(await kiosksAtHub()).find((k) => k.kioskId === 'K2')?.lastSeenAt && Date.now() < end) await new Promise((r) => setTimeout(r, 250));
    expect((await kiosksAtHub()).find((k) => k.kioskId === 'K2')?.lastSeenAt).toBeTruthy();
  }, 180_000);
});
