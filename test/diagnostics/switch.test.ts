// Runtime switching real ⇄ simulator on "real" devices made of real transports: a serial scanner on a socat
// pty, a LAN printer (the virtual printer behind TCP on loopback), and a terminal whose port is missing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSync, writeSync, closeSync } from 'node:fs';
import { PNG } from 'pngjs';
import { startTestDaemon, sampleConfig } from '../support/daemon';
import { tempDir } from '../support/tmp';
import { ptyPair, type PtyPair } from '../scanner/pty';
import type { RunningDaemon } from '../../server/daemon';
import { VirtualPrinter } from '../../drivers/printer/sim/virtual-printer';
import { listenTcp, type SimTcpServer } from '../../drivers/printer/sim/tcp-server';
import { attachPayments, signIn, until, type Client } from './support';
import { Overview, PrintedJobs } from '../../shared/diagnostics-api';
import type { ScannedCode } from '../../drivers/scanner/index';

let daemon: RunningDaemon;
let tech: Client;
let pty: PtyPair;
let lan: SimTcpServer;
let lanPrinter: VirtualPrinter;
let cleanup: () => void;
const codes: ScannedCode[] = [];

beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  pty = await ptyPair();
  lanPrinter = new VirtualPrinter();
  lan = await listenTcp(lanPrinter, '127.0.0.1', 0);
  const base = sampleConfig();
  daemon = await startTestDaemon(t.dir, {
    demo: false,
    devices: {
      printer: { ...base.devices.printer, transport: lan.url },
      scanner: { ...base.devices.scanner, type: 'serial', port: pty.a },
      terminal: { ...base.devices.terminal, port: '/dev/ttyUSB-kiosk-test-missing', timers: { enqAckMs: 300 } },
    },
  });
  // Subscribed once, at start-up, as the check-in flow does: must survive every switch.
  daemon.ctx.hardware.scanner.onCode((c) => codes.push(c));
  await attachPayments(daemon);
  tech = await signIn(daemon);
}, 60_000);
afterAll(async () => {
  await daemon?.close();
  await lan?.close();
  lanPrinter?.close();
  await pty?.close();
  cleanup?.();
});

const scanOnPty = (text: string) => {
  const fd = openSync(pty.b, 'w');
  writeSync(fd, `${text}\r`);
  closeSync(fd);
};
const overview = async () => Overview.parse((await tech.get('diagnostics/overview')).body);

describe('switching devices at runtime', () => {
  it('starts on the real devices: scanner reads the pty, printer answers on TCP, terminal offline', async () => {
    await until(
      () => daemon.ctx.devices.list(),
      (l) => l.find((d) => d.id === 'terminal')?.status === 'offline' && l.find((d) => d.id === 'printer')?.status === 'ok',
    );
    scanOnPty('REAL-1');
    await until(
      () => codes.length,
      (n) => n >= 1,
    );
    expect(codes.map((c) => [c.text, c.source])).toEqual([['REAL-1', 'serial']]);
    const o = await overview();
    expect(o.devices.every((d) => !d.simulated)).toBe(true);
    expect(o.controls.map((c) => [c.id, c.mode, c.canUseReal, c.faults.length])).toEqual([
      ['printer', 'real', true, 0],
      ['terminal', 'real', true, 0],
      ['scanner', 'real', true, 0],
    ]);
    expect((await tech.post('diagnostics/devices/printer/fault', { fault: 'paper-out' })).body).toMatchObject({
      ok: false,
      message: expect.stringMatching(/switch it to the simulator first/),
    });
  });

  it('a job sent to the real printer is shown as a picture drawn from the bytes sent', async () => {
    expect((await tech.post('diagnostics/printer/test-print')).body).toMatchObject({ ok: true });
    const jobs = PrintedJobs.parse((await tech.get('diagnostics/printer/jobs')).body);
    expect(jobs).toMatchObject({ source: 'sent-to-printer', jobs: [{ kind: 'test', seq: 1 }] });
    const png = PNG.sync.read((await tech.get(jobs.jobs[0]!.image.replace(/^\/api\//, ''))).raw);
    const printed = PNG.sync.read(lanPrinter.jobs.at(-1)!.png);
    expect([png.width, png.height]).toEqual([printed.width, printed.height]);
    expect(Buffer.compare(png.data, printed.data)).toBe(0);
  });

  it('switches each device to its simulator without a restart; the registry says simulated', async () => {
    for (const id of ['scanner', 'printer', 'terminal']) {
      expect((await tech.post(`diagnostics/devices/${id}/mode`, { mode: 'sim' })).body).toMatchObject({ ok: true, message: `${id} now runs its simulator` });
    }
    await until(
      () => daemon.ctx.devices.list(),
      (l) => l.every((d) => d.status === 'ok'),
    );
    const o = await overview();
    expect(o.devices.map((d) => [d.id, d.simulated, d.address])).toEqual([
      ['printer', true, 'sim'],
      ['scanner', true, 'sim'],
      ['terminal', true, 'sim'],
    ]);
    expect(o.simulatedOutsideDemo).toEqual(['printer', 'scanner', 'terminal']);
    expect(o.checks.find((c) => c.name.startsWith('terminal'))).toMatchObject({
      ok: true,
      warning: true,
      detail: expect.stringMatching(/simulated outside demo mode/),
    });
    // The same subscriber now gets the simulator's codes.
    daemon.ctx.hardware.scanner.sim!.inject('SIM-1');
    expect(codes.at(-1)).toMatchObject({ text: 'SIM-1', source: 'sim' });
    // The payment service was given the terminal before the switch and follows it.
    const r = await tech.post('diagnostics/payments/test', { confirm: true, amountMinor: 100 });
    expect(r.body).toMatchObject({ ok: true });
    expect(daemon.ctx.hardware.terminal.simulator?.log.entries).toHaveLength(1);
  }, 20_000);

  it('switches back to the real devices; what the simulator had is gone, the pty reads again', async () => {
    for (const id of ['scanner', 'printer', 'terminal']) {
      expect((await tech.post(`diagnostics/devices/${id}/mode`, { mode: 'real' })).body).toMatchObject({ ok: true });
    }
    expect(daemon.ctx.hardware.scanner.sim).toBeNull();
    expect(daemon.ctx.hardware.printer.sim).toBeNull();
    expect(daemon.ctx.hardware.terminal.simulator).toBeUndefined();
    scanOnPty('REAL-2');
    await until(
      () => codes.at(-1)?.text,
      (t) => t === 'REAL-2',
    );
    expect(codes.at(-1)).toMatchObject({ text: 'REAL-2', source: 'serial' });
    await until(
      () => daemon.ctx.devices.list(),
      (l) => l.find((d) => d.id === 'terminal')?.status === 'offline' && l.find((d) => d.id === 'printer')?.status === 'ok',
    );
    expect(daemon.ctx.devices.list().every((d) => !d.simulated)).toBe(true);
    const events = (await tech.get('diagnostics/journal?kind=diagnostics.device-mode')).body as {
      events: Array<{ subject: string; payload: { mode: string } }>;
    };
    expect(events.events.map((e) => `${e.subject}:${e.payload.mode}`).reverse()).toEqual([
      'scanner:sim',
      'printer:sim',
      'terminal:sim',
      'scanner:real',
      'printer:real',
      'terminal:real',
    ]);
  });

  it('refuses to switch the terminal while a payment runs on it', async () => {
    await tech.post('diagnostics/devices/terminal/mode', { mode: 'sim' });
    const paying = tech.post('diagnostics/payments/test', { confirm: true, amountMinor: 100 });
    await until(
      () => daemon.ctx.hardware.terminal.busy,
      (b) => b,
    );
    expect((await tech.post('diagnostics/devices/terminal/mode', { mode: 'real' })).body).toMatchObject({
      ok: false,
      message: expect.stringMatching(/payment is running/),
    });
    expect((await paying).body).toMatchObject({ ok: true });
    expect((await tech.post('diagnostics/devices/terminal/mode', { mode: 'real' })).body).toMatchObject({ ok: true });
  }, 20_000);
});
