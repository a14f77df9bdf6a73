import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { sampleConfig, writeConfig } from '../support/daemon';
import { tempDir } from '../support/tmp';
import { openJournal } from '../../store/db';
import { appendEvent } from '../../store/events';
import { register } from '../../server/commands/support-bundle';
import { redact } from '../../server/diagnostics/bundle';
import { writeFileSync } from 'node:fs';

let t: { dir: string; cleanup: () => void };
beforeAll(() => {
  t = tempDir();
  const data = join(t.dir, 'data');
  mkdirSync(join(data, 'logs'), { recursive: true });
  writeFileSync(join(data, 'logs', 'kiosk.1.log'), JSON.stringify({ level: 40, time: Date.now(), device: 'printer', msg: 'printer paper-out' }) + '\n');
  const db = openJournal(join(data, 'journal.sqlite'));
  appendEvent(db, { kind: 'daemon.started', payload: {} });
  appendEvent(db, { kind: 'diagnostics.fault', subject: 'printer', payload: { fault: 'paper-out' } });
  db.close();
});
afterAll(() => t?.cleanup());

async function run(args: string[]): Promise<string> {
  const program = new Command().exitOverride();
  register(program);
  let out = '';
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((s: string) => {
    out += s;
    return true;
  }) as typeof process.stdout.write;
  try {
    await program.parseAsync(['node', 'kiosk', ...args]);
  } finally {
    process.stdout.write = write;
  }
  return out;
}

describe('kiosk support-bundle', () => {
  it('packs config without secrets, logs, devices and a journal summary into a .tar.gz', async () => {
    const base = sampleConfig();
    const cfg = writeConfig(t.dir, {
      ...base,
      dataDir: join(t.dir, 'data'),
      server: { ...base.server, port: 1 },
      devices: { ...base.devices, terminal: { protocol: 'zvt', port: 'sim', password: '010203' } },
    });
    const out = join(t.dir, 'bundle.tar.gz');
    const printed = JSON.parse(await run(['support-bundle', '--out', out, '--config', cfg]));
    expect(printed).toMatchObject({ ok: true, out });
    expect(statSync(out).mode & 0o077).toBe(0);
    const x = join(t.dir, 'x');
    mkdirSync(x);
    execFileSync('tar', ['-xzf', out, '-C', x]);
    const [root] = readdirSync(x);
    expect(root).toMatch(/^kiosk-PAR-K1-/);
    const files = execFileSync('tar', ['-tzf', out], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((f) => f.slice(root!.length + 1))
      .sort();
    expect(files).toEqual(['README.txt', 'config.json', 'devices.json', 'diag.json', 'diag.txt', 'journal-summary.json', 'logs/kiosk.1.log']);
    const config = readFileSync(join(x, root!, 'config.json'), 'utf8');
    expect(config).not.toMatch(/scrypt\$/);
    expect(config).not.toMatch(/010203/);
    expect(config).not.toMatch(/BEGIN PUBLIC KEY/);
    expect(JSON.parse(config).auth.accounts[0]).toMatchObject({ id: 'amina', pinHash: '[removed]' });
    const journal = JSON.parse(readFileSync(join(x, root!, 'journal-summary.json'), 'utf8'));
    expect(journal.chain).toEqual({ ok: true, count: 2 });
    expect(journal.eventsByKind.map((e: { kind: string }) => e.kind)).toEqual(['daemon.started', 'diagnostics.fault']);
    expect(readFileSync(join(x, root!, 'logs/kiosk.1.log'), 'utf8')).toMatch(/printer paper-out/);
    expect(readFileSync(join(x, root!, 'diag.txt'), 'utf8')).toMatch(/self test/);
  });

  it('removes PINs, passwords, keys and tokens wherever they are, and keeps key ids', () => {
    expect(redact({ a: { pinHash: 'h', password: 1, kid: 'k1', apiToken: 't', list: [{ secretKey: 's', name: 'n' }] } })).toEqual({
      a: { pinHash: '[removed]', password: '[removed]', kid: 'k1', apiToken: '[removed]', list: [{ secretKey: '[removed]', name: 'n' }] },
    });
  });
});
