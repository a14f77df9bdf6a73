import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
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

  it('names a network terminal as ZVT over TCP/IP and says why it cannot be reached (refused), exit 1', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const cfg = writeConfig(dir, base({ devices: { terminal: { protocol: 'zvt', port: `tcp://127.0.0.1:${port}` } } }), 'tcp-refused.json');
    const k = runKiosk(['diag', '--json', '--config', cfg]);
    expect(await k.exited).toBe(1);
    const terminal = JSON.parse(k.stdout()).checks.find((c: { name: string }) => c.name === 'terminal (zvt over TCP/IP)');
    expect(terminal).toMatchObject({ ok: false, detail: expect.stringMatching(new RegExp(`tcp://127\\.0\\.0\\.1:${port} refused.*nothing listens`)) });
  });

  it('a network terminal that accepts the connection passes; one that hangs up at once is reported as such', async () => {
    const sockets: Socket[] = [];
    let hangUp = false;
    const srv = createServer((s) => {
      sockets.push(s);
      if (hangUp) s.destroy();
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const address = `tcp://127.0.0.1:${(srv.address() as AddressInfo).port}`;
    try {
      const cfg = writeConfig(dir, base({ devices: { terminal: { protocol: 'zvt', port: address } } }), 'tcp-up.json');
      const find = (out: string) => JSON.parse(out).checks.find((c: { name: string }) => c.name === 'terminal (zvt over TCP/IP)');
      const up = runKiosk(['diag', '--json', '--config', cfg]);
      await up.exited;
      expect(find(up.stdout())).toMatchObject({ ok: true, detail: expect.stringMatching(/accepts connections/) });
      hangUp = true;
      const down = runKiosk(['diag', '--json', '--config', cfg]);
      expect(await down.exited).toBe(1);
      expect(find(down.stdout())).toMatchObject({ ok: false, detail: expect.stringMatching(/accepted the connection and closed it .*cannot tell why/) });
    } finally {
      sockets.forEach((s) => s.destroy());
      await new Promise<void>((r) => srv.close(() => r()));
    }
  });

  it('refuses Concert on tcp:// as a config error naming the field', async () => {
    const cfg = writeConfig(dir, base({ devices: { terminal: { protocol: 'concert', port: 'tcp://127.0.0.1:20007' } } }), 'concert-tcp.json');
    const k = runKiosk(['diag', '--json', '--config', cfg]);
    expect(await k.exited).not.toBe(0);
    expect(k.stdout() + k.stderr()).toMatch(/devices\.terminal\.port.*concert runs on a serial or USB line/);
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
      expect(report.checks.find((c: { name: string }) => c.name.startsWith('printer'))).toMatchObject({
        ok: false,
        detail: expect.stringMatching(/^error: paper out: load a new roll/),
      });
      expect(report.checks.find((c: { name: string }) => c.name === 'journal chain')).toMatchObject({ ok: true });
    } finally {
      await daemon.close();
      t.cleanup();
    }
  });

  // `kiosk start` listens on --port, else PORT, else server.port: diag must look at the same port.
  it("finds the daemon on the port PORT gave it, and on --port, not on the config's port", async () => {
    const t = tempDir();
    const daemon = await startTestDaemon(t.dir);
    try {
      const cfg = writeConfig(dir, base({ dataDir: t.dir, server: { port: 1 } }), 'port-from-env.json');
      for (const [args, env] of [
        [[], { PORT: String(daemon.port) }],
        [['--port', String(daemon.port)], { PORT: '1' }],
      ] as const) {
        const k = runKiosk(['diag', '--json', '--config', cfg, ...args], env);
        expect(await k.exited, k.stderr()).toBe(0);
        expect(JSON.parse(k.stdout()).checks.find((c: { name: string }) => c.name === 'daemon')).toMatchObject({
          ok: true,
          detail: expect.stringMatching(/^running, version /),
        });
      }
    } finally {
      await daemon.close();
      t.cleanup();
    }
  });

  it('fails when a process holds the journal but no daemon answers on the port it checked', async () => {
    const t = tempDir();
    const daemon = await startTestDaemon(t.dir);
    try {
      const cfg = writeConfig(dir, base({ dataDir: t.dir, server: { port: 1 } }), 'wrong-port.json');
      const k = runKiosk(['diag', '--json', '--config', cfg]);
      expect(await k.exited).toBe(1);
      const check = JSON.parse(k.stdout()).checks.find((c: { name: string }) => c.name === 'daemon');
      expect(check).toMatchObject({
        ok: false,
        detail: expect.stringMatching(new RegExp(`nothing answers on http://127\\.0\\.0\\.1:1/.*process ${process.pid} holds the journal .*PORT`)),
      });
    } finally {
      await daemon.close();
      t.cleanup();
    }
  });

  it('refuses a PORT that is not a port number, as kiosk start does', async () => {
    const k = runKiosk(['diag', '--config', writeConfig(dir, base({}), 'bad-port.json')], { PORT: 'eighty' });
    expect(await k.exited).toBe(2);
    expect(k.stderr()).toMatch(/PORT=eighty is not a port number/);
  });

  it('fails when something takes the connection on the daemon port and never answers', async () => {
    const sockets: Socket[] = [];
    const hung = createServer((s) => sockets.push(s));
    await new Promise<void>((r) => hung.listen(0, '127.0.0.1', r));
    try {
      const port = (hung.address() as AddressInfo).port;
      const k = runKiosk(['diag', '--json', '--port', String(port), '--config', writeConfig(dir, base({}), 'hung.json')]);
      expect(await k.exited).toBe(1);
      expect(JSON.parse(k.stdout()).checks.find((c: { name: string }) => c.name === 'daemon')).toMatchObject({
        ok: false,
        detail: expect.stringMatching(/gave no answer within \d+ ms: the daemon hangs/),
      });
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => hung.close(r));
    }
  });
});
