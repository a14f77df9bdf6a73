// `kiosk token verify` takes its keys, consulate and services from the config `kiosk start` would use
// (--config, $KIOSK_CONFIG, else the Paris sample) unless --keys is given; a config given to --keys is read
// as the daemon reads it ($comment keys and all).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runKiosk, writeConfig } from '../support/daemon';
import { tempDir } from '../support/tmp';
import { issue } from '../../server/commands/token';

const PARIS = join(ROOT, 'fixtures/config/paris.json');
const SLOT = '2026-12-01T09:00+01:00';
const AT = '2026-12-01T08:30+01:00';
let token: string;
let tmp: { dir: string; cleanup: () => void };

beforeAll(async () => {
  tmp = tempDir('kiosk-verify-');
  const r = await issue({
    key: join(ROOT, 'fixtures/keys/b0ff66afbc2b7fa5.key.pem'),
    consulate: 'FR-PAR',
    appointment: 'A-1',
    service: ['passport'],
    persons: 1,
    slot: SLOT,
  });
  token = r.stdout;
});
afterAll(() => tmp.cleanup());

async function verify(args: string[], env: Record<string, string> = {}) {
  // An empty KIOSK_CONFIG counts as unset, as in a shell.
  const k = runKiosk(['token', 'verify', token, '--at', AT, ...args], { KIOSK_CONFIG: '', ...env });
  const code = await k.exited;
  return { code, stdout: k.stdout(), stderr: k.stderr() };
}

describe('kiosk token verify', () => {
  it('with no --keys uses the Paris sample, as kiosk start does', async () => {
    const r = await verify([]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, appointment: { consulate: 'FR-PAR', services: ['passport'] }, testKey: true });
  });

  it('reads --keys CONFIG like the daemon: fixtures/config/paris.json with its $comment keys', async () => {
    const r = await verify(['--keys', PARIS]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true });
  });

  it('uses --config, else $KIOSK_CONFIG: another consulate refuses the token', async () => {
    const paris = JSON.parse(readFileSync(PARIS, 'utf8')) as { consulate: Record<string, unknown> };
    const lyon = writeConfig(tmp.dir, { ...paris, consulate: { ...paris.consulate, code: 'FR-LYS' } }, 'lyon.json');
    for (const r of [await verify(['--config', lyon]), await verify([], { KIOSK_CONFIG: lyon })]) {
      expect(r.code).toBe(1);
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, reason: 'other-consulate' });
    }
  });

  it('an invalid config is refused with its bad fields, exit 2', async () => {
    const r = await verify(['--config', join(ROOT, 'fixtures/config/broken.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/consulate\.timeZone: expected an IANA time zone/);
  });
});
