// What only ZVT over TCP/IP has, on real sockets: the bare APDU on the wire, why a connection fails (refused,
// reset, closed by the terminal), and the reconnect after a dropped connection, with the same recovery
// (repeat receipt) as on the serial line. The scenario matrix over TCP is in zvt.pty.test.ts.
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server, type Socket } from 'node:net';
import { ZvtDriver } from '../../drivers/terminal/zvt/driver';
import { connectFailure, openTcpStream } from '../../drivers/terminal/tcp-stream';
import { openTerminal } from '../../drivers/terminal/open';
import { TerminalConfig } from '../../shared/terminal-config';
import { toHex } from '../../drivers/bytes';
import { zvtRig } from './harness';
import { FAST_ZVT } from './expectations';

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

/** A plain TCP server playing a network terminal that misbehaves in one way; records what it received. */
async function rawServer(onConnection: (s: Socket, got: number[]) => void): Promise<{ port: number; got: number[]; connected: () => number }> {
  const got: number[] = [];
  let connections = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    connections++;
    sockets.add(s);
    s.on('data', (c) => got.push(...c));
    s.on('error', () => undefined);
    onConnection(s, got);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  cleanup.push(
    () =>
      new Promise<void>((r) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => r());
      }),
  );
  const a = server.address();
  return { port: typeof a === 'object' && a ? a.port : 0, got, connected: () => connections };
}

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function driverTo(port: number, extra: ConstructorParameters<typeof ZvtDriver>[1] = {}): ZvtDriver {
  const d = new ZvtDriver(() => openTcpStream('127.0.0.1', port), { timers: FAST_ZVT, transport: 'tcp', ...extra });
  cleanup.push(() => d.close());
  return d;
}

describe('ZVT over TCP/IP on a real socket', () => {
  it('the request for 1.78 EUR leaves as the bare APDU; a terminal that takes it and never answers leaves the payment unknown', async () => {
    const srv = await rawServer(() => undefined);
    const driver = driverTo(srv.port, { autoRegister: false });
    let acknowledged = 0;
    const r = await driver.pay({ amountMinor: 178, currency: 'EUR', reference: 'bare', onAcknowledged: () => acknowledged++ });
    // Written on a live connection: the terminal may have it. Never not_sent (that would allow a second charge).
    expect(r).toMatchObject({ ok: false, outcome: 'unknown' });
    expect(acknowledged).toBe(0);
    expect(toHex(Uint8Array.from(srv.got))).toBe('06 01 0C 04 00 00 00 00 01 78 49 09 78 01 78');
  });

  it('connection refused → not sent, and the reason says so', async () => {
    const srv = await rawServer(() => undefined);
    await cleanup.pop()!(); // close it: its port now refuses
    const r = await driverTo(srv.port).pay({ amountMinor: 100, currency: 'EUR', reference: 'r' });
    expect(r).toMatchObject({ ok: false, outcome: 'not_sent', reason: expect.stringMatching(/refused.*nothing listens.*20007/) });
  });

  it('a terminal that resets the connection on our command: the status says reset', async () => {
    const srv = await rawServer((s) => s.once('data', () => s.resetAndDestroy()));
    const s = await driverTo(srv.port, { autoRegister: false }).status();
    expect(s.state).toBe('unknown');
    expect(s.detail).toMatch(/reset by the terminal/);
  });

  it('a terminal that closes right after the connect: the status says it closed the connection', async () => {
    const srv = await rawServer((s) => s.end());
    const s = await driverTo(srv.port, { autoRegister: false }).status();
    expect(['offline', 'unknown']).toContain(s.state);
    expect(s.detail).toMatch(/closed the connection/);
  });

  it('a TLS-only port answering with a TLS alert: the status says TLS is required', async () => {
    const srv = await rawServer((s) => s.once('data', () => s.end(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46]))));
    const s = await driverTo(srv.port, { autoRegister: false }).status();
    expect(s.detail).toMatch(/requires TLS/);
  });

  it('reconnects after the connection dropped: the next payment goes through on a new connection', async () => {
    const rig = await zvtRig({}, {}, 'tcp');
    cleanup.push(() => rig.close());
    expect(await rig.driver.pay({ amountMinor: 500, currency: 'EUR', reference: 'a' })).toMatchObject({ outcome: 'approved' });
    rig.dropConnections!();
    await until(() => rig.sim.connections === 0);
    expect(await rig.driver.pay({ amountMinor: 700, currency: 'EUR', reference: 'b' })).toMatchObject({ outcome: 'approved', amountMinor: 700 });
    expect(rig.sim.log.netMinor()).toBe(1200);
  });

  it('a connection lost after the terminal charged: unknown, then the repeat receipt on a new connection recovers it', async () => {
    const rig = await zvtRig({}, { scenario: 'line-drop-status' }, 'tcp');
    cleanup.push(() => rig.close());
    const lost = await rig.driver.pay({ amountMinor: 4500, currency: 'EUR', reference: 'L' });
    expect(lost).toMatchObject({ ok: false, outcome: 'unknown' });
    rig.sim.setScenario('approve');
    const again = await rig.driver.repeatLastReceipt();
    const charge = rig.sim.log.entries[0]!;
    expect(again).toMatchObject({ ok: true, amountMinor: 4500, receiptNumber: charge.receiptNumber });
    expect(rig.sim.log.entries).toHaveLength(1);
  });
});

describe('devices.terminal.port tcp://', () => {
  it('takes tcp://HOST:PORT for ZVT', () => {
    expect(TerminalConfig.safeParse({ protocol: 'zvt', port: 'tcp://192.168.1.60:20007' }).success).toBe(true);
  });

  it('refuses Concert over tcp://, serial line options and a malformed address, naming the field', () => {
    const issues = (c: object) => {
      const r = TerminalConfig.safeParse(c);
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(issues({ protocol: 'concert', port: 'tcp://10.0.0.5:20007' })).toEqual([expect.stringMatching(/^port: concert runs on a serial or USB line/)]);
    expect(issues({ protocol: 'zvt', port: 'tcp://10.0.0.5:20007', baudRate: 9600, stopBits: 2 })).toEqual([
      expect.stringMatching(/^baudRate: .*serial line setting.*remove it/),
      expect.stringMatching(/^stopBits: /),
    ]);
    expect(issues({ protocol: 'zvt', port: 'tcp://10.0.0.5' })).toEqual([expect.stringMatching(/^port: .*is not tcp:\/\/HOST:PORT/)]);
    expect(issues({ protocol: 'zvt', port: 'tcp://10.0.0.5:70000' })).toEqual([expect.stringMatching(/^port: /)]);
  });

  it('openTerminal over tcp:// reports an unreachable terminal as offline with the reason', async () => {
    const srv = await rawServer(() => undefined);
    await cleanup.pop()!();
    const t = openTerminal({ protocol: 'zvt', port: `tcp://127.0.0.1:${srv.port}` });
    cleanup.push(() => t.close());
    const s = await t.status();
    expect(s).toMatchObject({ state: 'offline', detail: expect.stringMatching(/refused/) });
  });

  it('the connect failure words: timeout, unreachable, unresolvable', () => {
    expect(connectFailure('tcp://10.1.2.3:20007', 'ETIMEDOUT', 'timed out', 5000)).toMatch(/no answer from .* within 5000 ms.*firewall/);
    expect(connectFailure('tcp://10.1.2.3:20007', 'EHOSTUNREACH', 'x', 5000)).toMatch(/host unreachable/);
    expect(connectFailure('tcp://kasse:20007', 'ENOTFOUND', 'x', 5000)).toMatch(/cannot resolve/);
  });
});
