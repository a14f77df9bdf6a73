import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openJournal, type Db } from '../../../store/db';
import { tempDir } from '../../../test/support/tmp';
import { KioskAlerts } from './registry';

let db: Db;
let cleanup = () => {};
afterEach(() => {
  db?.close();
  cleanup();
});
function setup() {
  const t = tempDir();
  cleanup = t.cleanup;
  db = openJournal(join(t.dir, 'journal.sqlite'));
  let changes = 0;
  let now = new Date('2026-12-01T09:00:00Z');
  const alerts = new KioskAlerts({ db, onChange: () => changes++, now: () => now });
  const events = () =>
    db.prepare("SELECT subject, payload FROM events WHERE kind = 'post.kiosk-alert' ORDER BY id").all() as { subject: string; payload: string }[];
  return { alerts, changes: () => changes, events, at: (iso: string) => (now = new Date(iso)) };
}
const quiet = { needsStaff: false, reason: null, ticket: null, screen: 'attract' };
const locked = { needsStaff: true, reason: 'payment-unknown', ticket: null, screen: 'lockedForStaff' };

describe('the hub keeps each kiosk alert as last reported', () => {
  it('lists every kiosk, journals a change of "needs staff" once, and keeps since across heartbeats', () => {
    const s = setup();
    s.alerts.report('K2', quiet);
    s.alerts.report('K1', quiet);
    expect(s.alerts.list().map((k) => k.kioskId)).toEqual(['K1', 'K2']);
    expect(s.events()).toHaveLength(0);
    s.alerts.report('K2', locked);
    s.at('2026-12-01T09:00:30Z');
    s.alerts.report('K2', locked); // heartbeat: no new event, same since, newer last contact
    const k2 = s.alerts.list().find((k) => k.kioskId === 'K2')!;
    expect(k2).toMatchObject({ needsStaff: true, reason: 'payment-unknown', since: '2026-12-01T09:00:00.000Z', lastContact: '2026-12-01T09:00:30.000Z' });
    s.alerts.report('K2', quiet);
    expect(s.events().map((e) => [e.subject, JSON.parse(e.payload).needsStaff])).toEqual([
      ['K2', true],
      ['K2', false],
    ]);
    expect(s.alerts.list().find((k) => k.kioskId === 'K2')!.since).toBeNull();
    // Two first reports, the lock, the release: the counters are told four times, not on heartbeats.
    expect(s.changes()).toBe(4);
  });
});

const printer = (paper: 'ok' | 'out', at = '2026-12-01T08:59:00.000Z') => ({
  id: 'printer',
  kind: 'printer' as const,
  driver: 'escpos TM-T88V',
  simulated: true,
  status: paper === 'out' ? ('error' as const) : ('ok' as const),
  detail: paper === 'out' ? 'paper out: load a new roll' : 'ready',
  since: at,
  lastError: paper === 'out' ? { detail: 'paper out: load a new roll', at } : null,
  paper,
});

describe("the hub keeps each kiosk's devices as last reported", () => {
  it('journals a change once, refreshes on heartbeats, keeps them when a report has none, and knows them again after a restart', () => {
    const s = setup();
    const devEvents = () => db.prepare("SELECT subject FROM events WHERE kind = 'post.kiosk-devices'").all();
    s.alerts.report('K1', { ...quiet, devices: [printer('ok')], heartbeatSeconds: 30 });
    s.at('2026-12-01T09:00:10Z');
    s.alerts.report('K1', { ...quiet, devices: [printer('out')], heartbeatSeconds: 30 });
    s.at('2026-12-01T09:00:40Z');
    s.alerts.report('K1', { ...quiet, devices: [printer('out')], heartbeatSeconds: 30 }); // heartbeat
    expect(devEvents()).toHaveLength(2);
    expect(s.alerts.devices().get('K1')).toEqual({ reportedAt: '2026-12-01T09:00:40.000Z', heartbeatSeconds: 30, list: [printer('out')] });
    // A kiosk of an older version sends no devices: what the hub knew stays.
    s.alerts.report('K1', quiet);
    expect(s.alerts.devices().get('K1')?.list).toEqual([printer('out')]);
    // The first report and the paper running out reach the counters; heartbeats and the older kiosk's report do not.
    expect(s.changes()).toBe(2);

    const restarted = new KioskAlerts({ db, onChange: () => {} });
    expect(restarted.devices().get('K1')).toMatchObject({ heartbeatSeconds: 30, list: [printer('out')] });
    expect(restarted.list()).toEqual([]);
  });
});

describe('the counters hear of a kiosk device that needs someone', () => {
  it('paper out and its refill, a fault: on the kiosk alert, broadcast once each; a device detail that needs nobody is not', () => {
    const s = setup();
    const terminal = (status: 'ok' | 'offline') => ({ ...printer('ok'), id: 'terminal', kind: 'terminal' as const, driver: 'zvt', status, paper: null });
    s.alerts.report('K2', { ...quiet, devices: [printer('ok'), terminal('ok')] });
    expect(s.alerts.list()[0]!.devices).toEqual([]);
    s.alerts.report('K2', { ...quiet, devices: [printer('out'), terminal('ok')] });
    expect(s.alerts.list()[0]!.devices).toEqual([{ id: 'printer', kind: 'printer', problem: 'paper-out', detail: 'paper out: load a new roll' }]);
    s.alerts.report('K2', { ...quiet, devices: [printer('out'), terminal('offline')] });
    expect(s.alerts.list()[0]!.devices.map((d) => d.problem)).toEqual(['paper-out', 'offline']);
    s.alerts.report('K2', { ...quiet, devices: [printer('ok', '2026-12-01T09:10:00.000Z'), terminal('ok')] });
    expect(s.alerts.list()[0]!.devices).toEqual([]);
    // A change of an ok device's details (here its since) is the technician's picture only.
    s.alerts.report('K2', { ...quiet, devices: [printer('ok', '2026-12-01T09:20:00.000Z'), terminal('ok')] });
    // First report, paper out, terminal offline, all fine again.
    expect(s.changes()).toBe(4);
  });
});
