// The `kiosk token` tool, end to end through its own entry point: keygen, issue (with PNG), verify.
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import jsQR from 'jsqr';

const dir = mkdtempSync(join(tmpdir(), 'token-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
const CMD = fileURLToPath(new URL('../../server/commands/token.ts', import.meta.url));
const TEST_KEY = fileURLToPath(new URL('../../fixtures/keys/b0ff66afbc2b7fa5.key.pem', import.meta.url));
const TEST_PUB = fileURLToPath(new URL('../../fixtures/keys/b0ff66afbc2b7fa5.pub.pem', import.meta.url));
const run = (...args: string[]) => spawnSync(TSX, [CMD, 'token', ...args], { encoding: 'utf8' });

describe('kiosk token', () => {
  it('keygen → issue (PNG) → verify; PNG decodes back to the token', () => {
    const keys = join(dir, 'keys');
    const k = JSON.parse(execFileSync(TSX, [CMD, 'token', 'keygen', '--out', keys], { encoding: 'utf8' })) as { kid: string; privateKey: string };
    expect(k.kid).toMatch(/^[0-9a-f]{16}$/);
    expect(readdirSync(keys).sort()).toEqual([`${k.kid}.key.pem`, `${k.kid}.pub.pem`]);
    expect(statSync(k.privateKey).mode & 0o777).toBe(0o600);

    const png = join(dir, 'qr.png');
    const issued = run(
      'issue',
      '--key',
      k.privateKey,
      '--consulate',
      'FR-PAR',
      '--appointment',
      '123456',
      '--service',
      'passport',
      '--persons',
      '2',
      '--slot',
      '2026-12-01T09:00+01:00',
      '--png',
      png,
    );
    expect(issued.status).toBe(0);
    const token = issued.stdout.trim();
    expect(token).toMatch(/^RDV1:[0-9A-Z $%*+\-./:]+$/);

    const img = PNG.sync.read(readFileSync(png));
    expect(jsQR(new Uint8ClampedArray(img.data), img.width, img.height)?.data).toBe(token);

    const ok = run('verify', token, '--keys', keys, '--consulate', 'FR-PAR', '--at', '2026-12-01T08:30+01:00');
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, appointment: { consulate: 'FR-PAR', persons: 2, services: ['passport'] }, testKey: false });

    const early = run('verify', token, '--keys', keys, '--consulate', 'FR-PAR', '--at', '2026-12-01T07:00+01:00');
    expect(early.status).toBe(1);
    expect(JSON.parse(early.stdout)).toMatchObject({ ok: false, reason: 'too-early', opensAt: '2026-12-01T07:00:00.000Z' });
  });

  it('verify with a config file: consulate from the config, test key flagged', () => {
    const token = run(
      'issue',
      '--key',
      TEST_KEY,
      '--consulate',
      'FR-PAR',
      '--appointment',
      'X1',
      '--service',
      'cnie',
      '--slot',
      '2026-12-01T09:00+01:00',
    ).stdout.trim();
    const cfg = join(dir, 'kiosk.yaml');
    const pub = readFileSync(TEST_PUB, 'utf8');
    // A whole kiosk config, validated as the daemon validates it; services default to fixtures/services.json.
    writeFileSync(
      cfg,
      'consulate: { code: FR-PAR, name: { fr: Consulat }, timeZone: Europe/Paris, currency: EUR, chanceryRate: 0.093 }\n' +
        `appointments:\n  trustedKeys:\n    - publicKeyPem: |\n${pub
          .trim()
          .split('\n')
          .map((l) => '        ' + l)
          .join('\n')}\n`,
    );
    const r = run('verify', token, '--keys', cfg, '--at', '2026-12-01T08:55+01:00');
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, testKey: true });
  });

  it('usage errors exit 2 and say what to do', () => {
    const r = run('verify', 'RDV1:AAA', '--keys', join(dir, 'no-such-folder'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--keys');
    const bad = run('issue', '--key', TEST_KEY, '--consulate', 'FR-PAR', '--appointment', '1', '--service', 'passport', '--slot', 'tomorrow');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('ISO 8601');
  });
});
