// The daemon's terminal slot over a real pty (socat), a simulated terminal on the other end: the status
// poll and a visitor's payment meet on one line. A payment that starts while the poll holds the line waits
// for the poll and is then sent (issue 12 item 6, issue 14: "terminal busy" in ≈ 3 of 16,000 visits); a poll
// that comes while a payment runs is skipped at once, never queued in front of the payment.
import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { loadConfig } from '../config/load';
import { openPtyPair, type PtyPair } from '../../test/terminal/pty';
import { openSerialPort } from '../../drivers/serial/open';
import type { ByteStream } from '../../drivers/serial/stream';
import { lineSettings } from '../../drivers/terminal/open';
import { ConcertSimulator } from '../../drivers/terminal/sim/concert-sim';
import { ZvtSimulator } from '../../drivers/terminal/sim/zvt-sim';
import { listenZvtSimulator } from '../../drivers/terminal/sim/zvt-tcp-server';
import type { TerminalProtocol } from '../../drivers/terminal/index';
import { DeviceRegistry } from './registry';
import { TerminalSlot } from './terminal-slot';

let undo: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const u of undo.reverse()) await u();
  undo = [];
});

/** ZVT over TCP/IP: the simulator on a loopback port, the slot's config port its tcp:// address. */
async function tcpRig() {
  const loaded = loadConfig();
  if (!loaded.ok) throw new Error('the sample config must load');
  const l = await listenZvtSimulator('127.0.0.1', 0, { requireRegistration: true });
  if (!l.ok) throw new Error(l.reason);
  const server = l.server;
  undo.push(() => server.close());
  const base = loaded.config;
  const cfg = { ...base, devices: { ...base.devices, terminal: { ...base.devices.terminal, protocol: 'zvt' as const, port: server.address } } };
  const registry = new DeviceRegistry();
  registry.add({ id: 'terminal', kind: 'terminal', driver: 'zvt', simulated: false, status: 'unknown' });
  const slot = new TerminalSlot(cfg, registry, pino({ level: 'silent' }));
  undo.push(() => slot.close());
  return { slot, sim: server.sim, registry };
}

async function rig(protocol: TerminalProtocol | 'zvt over tcp') {
  if (protocol === 'zvt over tcp') return tcpRig();
  const loaded = loadConfig();
  if (!loaded.ok) throw new Error('the sample config must load');
  const pty: PtyPair = await openPtyPair();
  undo.push(() => pty.close());
  const opened = await openSerialPort(pty.terminal, lineSettings({ protocol }));
  if (!opened.ok) throw new Error(opened.reason);
  const line: ByteStream = opened.stream;
  undo.push(() => line.close());
  // The ZVT terminal wants registering: the slot's poll is then a status enquiry, a registration, a status enquiry.
  const sim = protocol === 'zvt' ? new ZvtSimulator(line, { requireRegistration: true }) : new ConcertSimulator(line);
  undo.push(() => sim.close());
  const base = loaded.config;
  const cfg = { ...base, devices: { ...base.devices, terminal: { ...base.devices.terminal, protocol, port: pty.kiosk } } };
  const registry = new DeviceRegistry();
  registry.add({ id: 'terminal', kind: 'terminal', driver: protocol, simulated: false, status: 'unknown' });
  const slot = new TerminalSlot(cfg, registry, pino({ level: 'silent' }));
  undo.push(() => slot.close());
  return { slot, sim, registry };
}

describe.each(['zvt', 'zvt over tcp', 'concert'] as const)('terminal slot (%s): the status poll and a payment', (protocol) => {
  it('a payment that starts while the poll holds the line waits for it, then is sent and approved', async () => {
    const { slot, sim } = await rig(protocol);
    const poll = slot.refresh(); // takes the line at once (before any byte is answered)
    const paid = await slot.pay({ amountMinor: 1250, currency: 'EUR', reference: `POLL-${protocol}` });
    expect(paid).toMatchObject({ ok: true, outcome: 'approved', amountMinor: 1250 });
    expect((await poll).state).not.toBe('offline');
    expect(sim.log.entries.filter((e) => e.kind === 'charge')).toHaveLength(1);
  });

  it('a poll that comes while a payment runs is skipped at once: the status is "busy with a payment"', async () => {
    const { slot, sim, registry } = await rig(protocol);
    expect((await slot.refresh()).state).toBe('ready');
    const paid = slot.pay({ amountMinor: 900, currency: 'EUR', reference: `BUSY-${protocol}` });
    // The idle poll does not even start; an explicit one answers before the payment has ended, without the line.
    expect(await slot.probe()).toBeNull();
    const first = await Promise.race([slot.refresh().then((s) => ({ poll: s })), paid.then(() => 'payment ended first')]);
    expect(first).toEqual({ poll: { state: 'busy', detail: 'a payment is in progress' } });
    expect(registry.get('terminal')).toMatchObject({ status: 'warning', detail: 'a payment is in progress' });
    expect(await paid).toMatchObject({ ok: true, outcome: 'approved' });
    expect(sim.log.entries.filter((e) => e.kind === 'charge')).toHaveLength(1);
    expect((await slot.refresh()).state).toBe('ready');
  });

  it('a second payment is never queued behind the first: it is refused as busy, nothing sent', async () => {
    const { slot, sim } = await rig(protocol);
    const poll = slot.refresh();
    const first = slot.pay({ amountMinor: 500, currency: 'EUR', reference: `ONE-${protocol}` });
    const second = await slot.pay({ amountMinor: 700, currency: 'EUR', reference: `TWO-${protocol}` });
    expect(second).toEqual({ ok: false, outcome: 'not_sent', reason: 'the terminal is busy with another operation' });
    expect(await first).toMatchObject({ ok: true, amountMinor: 500 });
    await poll;
    expect(sim.log.entries.filter((e) => e.kind === 'charge').map((e) => e.amountMinor)).toEqual([500]);
  });
});
