import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openJournal, type Db } from '../../store/db';
import { tempDir } from '../../test/support/tmp';
import { DeviceRegistry } from './registry';
import { DEVICES_CHANGED_EVENT, journalDeviceChanges } from './journal-changes';

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
  const registry = new DeviceRegistry();
  registry.add({ id: 'printer', kind: 'printer', driver: 'escpos', simulated: false, status: 'ok' });
  registry.add({ id: 'terminal', kind: 'terminal', driver: 'zvt', simulated: false, status: 'unknown' });
  let paper = { flags: { paperOut: false }, canReadStatus: true };
  // A settle time no test waits for: each writes with flush(), as the daemon's shutdown does.
  const journal = journalDeviceChanges({ db, registry, printerStatus: () => paper, settleMs: 3_600_000 });
  const written = () =>
    (db.prepare('SELECT payload FROM events WHERE kind = ? ORDER BY id').all(DEVICES_CHANGED_EVENT) as { payload: string }[]).map(
      (r) => (JSON.parse(r.payload) as { devices: Array<{ id: string; status: string; detail: string | null; paper: string | null }> }).devices,
    );
  return { registry, journal, written, setPaper: (out: boolean) => (paper = { flags: { paperOut: out }, canReadStatus: true }) };
}

describe("the daemon's device lights in its journal", () => {
  it('writes the lights at start, then each change once with the state it settled on; nothing for a report that changes nothing', () => {
    const s = setup();
    expect(s.written()).toEqual([
      [expect.objectContaining({ id: 'printer', status: 'ok', paper: 'ok' }), expect.objectContaining({ id: 'terminal', status: 'unknown', paper: null })],
    ]);
    // The terminal flaps: offline, back, offline again before the change settles: one event, offline.
    s.registry.report('terminal', 'offline', 'no answer on /dev/ttyUSB0');
    s.registry.report('terminal', 'ok');
    s.registry.report('terminal', 'offline', 'no answer on /dev/ttyUSB0');
    s.journal.flush();
    expect(s.written()).toHaveLength(2);
    expect(s.written()[1]).toContainEqual(expect.objectContaining({ id: 'terminal', status: 'offline', detail: 'no answer on /dev/ttyUSB0' }));
    s.journal.flush();
    expect(s.written()).toHaveLength(2);
    // Paper out is the printer's fault too (the light may stay at its own words).
    s.setPaper(true);
    s.registry.report('printer', 'error', 'paper out');
    s.journal.flush();
    expect(s.written()[2]).toContainEqual(expect.objectContaining({ id: 'printer', status: 'error', detail: 'paper out', paper: 'out' }));
    s.journal.stop();
    s.registry.report('printer', 'ok');
    s.journal.flush();
    expect(s.written()).toHaveLength(3);
  });
});
