import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { runKiosk, writeConfig } from '../support/daemon';
import { startTestDaemon } from '../support/daemon';
import { tempDir } from '../support/tmp';

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  ({ dir, cleanup } = tempDir());
  mkdirSync(join(dir, 'data'));
});
afterAll(() => cleanup());

const base = (extra: object) => ({
  consulate: { code: 'FR-PAR', name: { fr: 'Consulat' }, timeZone: 'Europe/Paris', currency: 'EUR', chanceryRate: 0.093 },
  dataDir: join(dir, 'data'),
  server: { port: 1 },
  ...extra,
});

describe('kiosk diag', () => {
  it('reports a configured serial port that does not exist and exits non-zero', async () => {
    const cfg = writeConfig(dir, base({ devices: { terminal: { protocol: 'zvt', port: '/dev/ttyUSB9' } } }), 'missing-port.json');
    const k = runKiosk(['diag', '--json', '--config', cfg]);
    expect(await k.exited).toBe(1);
    const report = JSON.parse(k.stdout());
    expect(report.ok).toBe(false);
    const terminal = report.checks.find((c: { name: string }) => c.name === 'terminal (zvt)');
    expect(terminal).toMatchObject({ ok: false, detail: expect.stringMatching(/\/dev\/ttyUSB9 does not exist: check the cable and devices\.terminal\.port/) });
    expect(Array.isArray(report.discovered.serial)).toBe(true);
  });

  it('passes with simulated devices, warning that the daemon is not running', async () => {
    const cfg = writeConfig(dir, base({}), 'sim.json');
    const k = runKiosk(['diag', '--config', cfg]);
    expect(await k.exited).toBe(0);
    expect(k.stdout()).toMatch(/\[WARN\] daemon\s+not running/);
    expect(k.stdout()).toMatch(/All checks passed/);
  });

  it('asks the running daemon for device states instead of opening its ports', async () => {
    const t = tempDir();
    const daemon = await startTestDaemon(t.dir);
    try {
      daemon.ctx.hardware.printer.sim?.setFault('paper-out');
      await daemon.ctx.hardware.printer.service.status();
      const cfg = writeConfig(dir, base({ dataDir: t.dir, server: { port: daemon.port } }), 'running.json');
      const k = runKiosk(['diag', '--json', '--config', cfg]);
      expect(await k.exited).toBe(1);
      const report = JSON.parse(k.stdout());
      expect(report.checks.find((c: { name: string }) => c.name === 'daemon')).toMatchObject({ ok: true });
      expect(report.checks.find((c: { name: string }) => c.name.startsWith('printer'))).toMatchObject({ ok: false, detail: expect.stringMatching(/^error: paper out: load a new roll/) });
      expect(report.checks.find((c: { name: string }) => c.name === 'journal chain')).toMatchObject({ ok: true });
    } finally {
      await daemon.close();
      t.cleanup();
    }
  });
});
