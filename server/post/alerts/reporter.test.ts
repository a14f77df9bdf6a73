// The kiosk's reporter to its hub, one piece: an in-memory link records what would go to the hub, the check-in
// flow is a stand-in that calls its listeners like the runner does, the devices are the daemon's real registry.
// The clock is vitest's fake one: "sent at once" means sent before any timer ran.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeviceRegistry } from '../../devices/registry';
import { KioskAlertReport } from '../../../shared/post-alerts-api';
import type { CheckinView } from '../../../shared/checkin-api';
import type { HubAnswer } from '../link';
import { startKioskReporter, type AlertReporter } from './reporter';
import type { PaperBits } from './devices';

const view = (screen: string, over: Partial<CheckinView['visit']> = {}): CheckinView =>
  ({
    screen,
    tags: [],
    visit: { ticket: null, lockReason: null, problem: null, ...over },
    deadline: null,
    offers: [],
    seq: 1,
    scannerFault: null,
    simulatedOutsideDemo: [],
  }) as unknown as CheckinView;

const HEARTBEAT = 30_000;
let reporter: AlertReporter | null = null;
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  reporter?.stop();
  reporter = null;
  vi.useRealTimers();
});

function setup(o: { fail?: () => boolean } = {}) {
  const sent: KioskAlertReport[] = [];
  let current = view('attract');
  const listeners = new Set<() => void>();
  const link = {
    request: async (_m: string, path: string, body: unknown): Promise<HubAnswer> => {
      expect(path).toBe('/api/post/alerts');
      if (o.fail?.()) return { ok: false, reason: 'unreachable', detail: 'connect ECONNREFUSED' };
      sent.push(KioskAlertReport.parse(body));
      return { ok: true, status: 200, body: { ok: true } };
    },
  };
  const devices = new DeviceRegistry();
  devices.add({ id: 'printer', kind: 'printer', driver: 'escpos TM-T88V', simulated: true, status: 'ok', detail: 'ready' });
  devices.add({ id: 'terminal', kind: 'terminal', driver: 'concert', simulated: true, status: 'ok', detail: 'ready' });
  let printer: PaperBits | null = { flags: { paperOut: false, nearEnd: false }, canReadStatus: true };
  const checkin = {
    view: () => current,
    onView: (fn: () => void) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
  reporter = startKioskReporter({ link, checkin, devices, printerStatus: () => printer, heartbeatMs: HEARTBEAT, retryMs: 1000 });
  return {
    sent,
    devices,
    /** The flow moves on: the runner computes the new view and tells its listeners. */
    screen(v: CheckinView) {
      current = v;
      for (const l of listeners) l();
    },
    setPrinter(s: PaperBits) {
      printer = s;
    },
  };
}

/** Lets the in-memory request and the reporter's bookkeeping run, without moving the fake clock. */
const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('the kiosk reports to its hub on each change, not on a poll', () => {
  it('sends a screen change at once, and keeps no timer but the heartbeat', async () => {
    const s = setup();
    await settle();
    expect(s.sent.map((r) => r.needsStaff)).toEqual([false]);
    expect(vi.getTimerCount()).toBe(1);
    s.screen(view('lockedForStaff', { lockReason: 'payment-unknown' }));
    await settle();
    expect(s.sent.map((r) => [r.needsStaff, r.reason])).toEqual([
      [false, null],
      [true, 'payment-unknown'],
    ]);
    // Nothing changes: nothing is sent until the heartbeat, which re-sends the state.
    await vi.advanceTimersByTimeAsync(HEARTBEAT - 1);
    expect(s.sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(s.sent).toHaveLength(3);
    expect(s.sent[2]).toMatchObject({ needsStaff: true, heartbeatSeconds: 30 });
  });

  it('coalesces a burst of changes into one report; a change the counters do not see is not sent', async () => {
    const s = setup();
    await settle();
    s.screen(view('language'));
    s.screen(view('identify.scan'));
    await settle();
    expect(s.sent).toHaveLength(1); // no staff needed before or after: nothing to tell
    s.screen(view('lockedForStaff', { lockReason: 'a' }));
    s.screen(view('lockedForStaff', { lockReason: 'b' }));
    await settle();
    expect(s.sent.map((r) => r.reason)).toEqual([null, 'b']);
  });

  it("sends a device change at once, with the printer's paper state and the last error kept after it recovers", async () => {
    const s = setup();
    await settle();
    expect(s.sent[0]!.devices!.map((d) => [d.id, d.status, d.paper])).toEqual([
      ['printer', 'ok', 'ok'],
      ['terminal', 'ok', null],
    ]);
    s.setPrinter({ flags: { paperOut: true }, canReadStatus: true });
    s.devices.report('printer', 'error', 'paper out: load a new roll');
    await settle();
    expect(s.sent).toHaveLength(2);
    const out = s.sent[1]!.devices!.find((d) => d.id === 'printer')!;
    expect(out).toMatchObject({ kind: 'printer', driver: 'escpos TM-T88V', simulated: true, status: 'error', paper: 'out' });
    expect(out.lastError).toEqual({ detail: 'paper out: load a new roll', at: out.since });
    s.setPrinter({ flags: { paperOut: false }, canReadStatus: true });
    s.devices.report('printer', 'ok', 'ready');
    await settle();
    expect(s.sent[2]!.devices!.find((d) => d.id === 'printer')).toMatchObject({ status: 'ok', paper: 'ok', lastError: out.lastError });
  });

  it('retries a failed send with a growing delay, then sends the latest state', async () => {
    let down = true;
    const s = setup({ fail: () => down });
    await settle();
    expect(s.sent).toHaveLength(0);
    // While the hub is away a change waits for the retry: no knocking on every change.
    s.screen(view('lockedForStaff', { lockReason: 'x' }));
    await settle();
    await vi.advanceTimersByTimeAsync(1000); // first retry, still down
    await vi.advanceTimersByTimeAsync(1999);
    expect(s.sent).toHaveLength(0);
    down = false;
    await vi.advanceTimersByTimeAsync(1); // second retry after 2 s
    expect(s.sent.map((r) => [r.needsStaff, r.reason])).toEqual([[true, 'x']]);
    expect(reporter!.lastError()).toBeNull();
  });
});
