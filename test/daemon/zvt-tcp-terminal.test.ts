// The daemon on a ZVT terminal over TCP/IP (the simulator listening on 127.0.0.1): the device light names the
// transport and address, says why the terminal cannot be reached when it is gone (refused), and the daemon
// reconnects when it is back; `kiosk diag` asks the running daemon and shows the same words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenZvtSimulator, type ZvtTcpSimulator } from '../../drivers/terminal/sim/zvt-tcp-server';
import { runKiosk, sampleConfig, startTestDaemon, writeConfig } from '../support/daemon';
import { tempDir } from '../support/tmp';
import type { RunningDaemon } from '../../server/daemon';

let server: ZvtTcpSimulator;
let daemon: RunningDaemon;
let dir: string;
let cleanup: () => void;

async function listen(port: number): Promise<ZvtTcpSimulator> {
  const l = await listenZvtSimulator('127.0.0.1', port, { requireRegistration: true });
  if (!l.ok) throw new Error(l.reason);
  return l.server;
}

async function until<T>(probe: () => T, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  server = await listen(0);
  const t = tempDir();
  dir = t.dir;
  cleanup = t.cleanup;
  const base = sampleConfig();
  daemon = await startTestDaemon(t.dir, { devices: { ...base.devices, terminal: { ...base.devices.terminal, protocol: 'zvt', port: server.address } } });
}, 60_000);
afterAll(async () => {
  await daemon?.close();
  await server?.close();
  cleanup?.();
});

describe('ZVT terminal over TCP/IP in the daemon', () => {
  it('registers over the connection and shows the transport and address', async () => {
    const light = await until(
      () => daemon.ctx.devices.get('terminal')!,
      (d) => d.status !== 'unknown',
    );
    expect(light).toMatchObject({ driver: 'zvt over TCP/IP', address: server.address, status: 'ok', detail: expect.stringMatching(/software/) });
  });

  it('a terminal gone from the network is offline with the reason; the daemon reconnects when it is back', async () => {
    const port = server.port;
    await server.close();
    expect(await daemon.ctx.hardware.terminal.refresh()).toMatchObject({ state: 'offline', detail: expect.stringMatching(/refused/) });
    expect(daemon.ctx.devices.get('terminal')).toMatchObject({ status: 'offline', detail: expect.stringMatching(/refused.*20007/) });

    const cfg = writeConfig(dir, { ...sampleConfig(), dataDir: dir, server: { port: daemon.port } }, 'diag-running.json');
    const k = runKiosk(['diag', '--json', '--config', cfg]);
    expect(await k.exited).toBe(1);
    const check = JSON.parse(k.stdout()).checks.find((c: { name: string }) => c.name.startsWith('terminal'));
    expect(check).toMatchObject({
      name: 'terminal (zvt over TCP/IP)',
      ok: false,
      detail: expect.stringMatching(/^offline: connection to tcp:\/\/127\.0\.0\.1:\d+ refused/),
    });

    server = await listen(port);
    expect(await daemon.ctx.hardware.terminal.refresh()).toMatchObject({ state: 'ready' });
    expect(daemon.ctx.devices.get('terminal')!.status).toBe('ok');
  });
});
