// The test payment of `kiosk setup` (issue 20, item 3), typed into a real pty: the Concert and ZVT simulators
// answer on socat pty pairs, the payment is journaled first in the config's journal (a real SQLite file) as a test,
// a ZVT one is reversed by its receipt number; a decline, a failed reversal and a port held by another process are
// told as they are. The day's reports leave the test and its reversal out of the fees; the day close balances.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chownSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { tempDir } from '../support/tmp';
import { openPtyPair, type PtyPair } from '../terminal/pty';
import { openSerialPort } from '../../drivers/serial/open';
import { LINE_8N1, LINE_8N2 } from '../../drivers/serial/line';
import { createSimulator } from '../../drivers/terminal/open';
import { TEST_TIMING } from '../../drivers/terminal/sim/scenarios';
import type { TerminalSimulator } from '../../drivers/terminal/sim/simulator';
import { openJournal, type Db } from '../../store/db';
import { reportStats } from '../../server/reports/stats';
import { reconcileDay } from '../../server/reports/reconcile-day';
import { paymentsBetween } from '../../store/day-close';
import { refundsBetween } from '../../store/refunds';
import { setupOnPty, type PtySession } from './setup-pty';

const SERVICE_UID = 65534;
let tmp: { dir: string; cleanup: () => void };
let file: string;
let dataDir: string;
const lines: PtyPair[] = [];
const sims: Record<'concert' | 'zvt', { line: PtyPair; sim: TerminalSimulator }> = {} as never;

/** A complete config (the other sections answered before): the tests re-run --section terminal on it. */
function writeConfig(): void {
  const config = {
    demo: false,
    dataDir,
    kioskId: 'LYS-K1',
    languages: ['ar', 'fr'],
    consulate: {
      code: 'FR-LYS',
      name: { ar: 'القنصلية العامة بليون', fr: 'Consulat général à Lyon' },
      timeZone: 'Europe/Paris',
      currency: 'EUR',
      chanceryRate: 0.093,
    },
    devices: {
      terminal: { protocol: 'concert', port: '/dev/null' },
      printer: { transport: 'tcp://192.0.2.7:9100', paperWidth: 80 },
      scanner: { type: 'wedge', port: 'wedge' },
    },
  };
  writeFileSync(file, stringify(config), { mode: 0o600 });
}

beforeAll(async () => {
  tmp = tempDir('kiosk-setup-pay-');
  file = join(tmp.dir, 'kiosk.yaml');
  dataDir = join(tmp.dir, 'data');
  writeConfig();
  // The package's data folder belongs to the service user; kiosk setup runs as root (tests here run as root).
  mkdirSync(dataDir, { mode: 0o700 });
  if (process.getuid?.() === 0) chownSync(dataDir, SERVICE_UID, SERVICE_UID);
  for (const protocol of ['concert', 'zvt'] as const) {
    const line = await openPtyPair();
    lines.push(line);
    const opened = await openSerialPort(line.terminal, protocol === 'zvt' ? LINE_8N2 : LINE_8N1);
    if (!opened.ok) throw new Error(opened.reason);
    sims[protocol] = { line, sim: createSimulator(protocol, opened.stream, { timing: TEST_TIMING }) };
  }
}, 30_000);
afterAll(async () => {
  for (const s of Object.values(sims)) await s.sim.close();
  for (const l of lines) await l.close();
  tmp?.cleanup();
});

const journal = (): Db => openJournal(join(dataDir, 'journal.sqlite'), { readonly: true });

interface PaymentRow {
  id: string;
  state: string;
  amount_minor: number;
  currency: string;
  is_test: number;
  protocol: string;
  receipt_no: string | null;
}
interface RefundRow {
  payment_id: string;
  method: string;
  state: string;
  amount_minor: number;
  receipt_no: string | null;
}

function rows(): { payments: PaymentRow[]; refunds: RefundRow[]; kinds: string[] } {
  const db = journal();
  try {
    return {
      payments: db.prepare('SELECT * FROM payments ORDER BY created_at, rowid').all() as PaymentRow[],
      refunds: db.prepare('SELECT * FROM refunds ORDER BY created_at, id').all() as RefundRow[],
      kinds: (db.prepare("SELECT kind FROM events WHERE kind LIKE 'payment.%' OR kind LIKE 'refund.%' ORDER BY id").all() as Array<{ kind: string }>).map(
        (e) => e.kind,
      ),
    };
  } finally {
    db.close();
  }
}

/** Up to the test payment's question: protocol and port given, no status asked. */
async function toTestPayment(protocol: 'concert' | 'zvt', port: string): Promise<PtySession> {
  const s = setupOnPty(['--config', file, '--section', 'terminal']);
  await s.answer('Protocol (concert or zvt)', protocol);
  await s.answer('Terminal port', port);
  await s.answer('Ask the terminal for its status now (no payment)?', 'n');
  await s.answer('Make a test payment of 0.01 EUR now', 'y');
  return s;
}

async function done(s: PtySession): Promise<void> {
  await s.waitFor('Wrote ' + file);
  expect(await s.exited).toBe(0);
}

describe('kiosk setup: the test payment', () => {
  it('ZVT: charges 0.01 EUR, journaled first as a test, and reverses it by its receipt number', async () => {
    const zvt = sims.zvt;
    const s = await toTestPayment('zvt', zvt.line.kiosk);
    await s.waitFor(`journal: ${join(dataDir, 'journal.sqlite')}`);
    await s.waitFor('✓ charged 0.01 EUR (receipt n° ');
    await s.answer('Reverse it now (ZVT reversal of receipt n°', '');
    await s.waitFor(/✓ charged 0\.01 EUR and reversed \(receipt n° \d+, reversal receipt n° \d+\)/);
    await done(s);

    const log = zvt.sim.log.entries;
    expect(log.map((e) => [e.kind, e.amountMinor])).toEqual([
      ['charge', 1],
      ['reversal', 1],
    ]);
    expect(log[1]!.reverses).toBe(log[0]!.receiptNumber);
    const r = rows();
    expect(r.payments).toHaveLength(1);
    expect(r.payments[0]).toMatchObject({
      state: 'approved',
      amount_minor: 1,
      currency: 'EUR',
      is_test: 1,
      protocol: 'zvt',
      receipt_no: log[0]!.receiptNumber,
    });
    expect(r.refunds).toEqual([expect.objectContaining({ payment_id: r.payments[0]!.id, method: 'reversal', state: 'refunded', amount_minor: 1 })]);
    // Journal first: the intent before the terminal's acknowledgement, the outcome after; the reversal likewise.
    expect(r.kinds).toEqual(['payment.intent', 'payment.sent', 'payment.approved', 'refund.intent', 'refund.sent', 'refund.refunded']);
    // Made by root in the service user's folder: given to that user, or the daemon could not open its journal.
    if (process.getuid?.() === 0) for (const f of ['journal.sqlite', 'journal.sqlite.key']) expect(statSync(join(dataDir, f)).uid, f).toBe(SERVICE_UID);
  }, 60_000);

  it("the day's report leaves the test and its reversal out of the fees and the net; the day close balances", () => {
    const db = journal();
    try {
      const period = { from: '2000-01-01T00:00:00.000Z', to: '2100-01-01T00:00:00.000Z', timeZone: 'Europe/Paris' };
      const stats = reportStats(db, period);
      expect(stats.fees).toEqual([]);
      expect(stats.refunds).toEqual([]);
      expect(stats.net).toEqual([]);
      expect(stats.tests).toEqual({ payments: 1, totalMinor: 1 });
      // The terminal's own list (the simulator's log): the charge and the reversal that cancels it.
      const entries = sims.zvt.sim.log.entries.map((e) => ({
        kind: e.kind,
        amountMinor: e.amountMinor,
        receiptNumber: e.receiptNumber,
        trace: e.trace,
        reverses: e.reverses,
      }));
      const day = reconcileDay(
        paymentsBetween(db, period.from, period.to, 'terminal'),
        { totalMinor: 0, count: 0, entries },
        'EUR',
        refundsBetween(db, period.from, period.to, 'terminal'),
      );
      expect(day.journal).toMatchObject({ totalMinor: 0, count: 0, reversedCount: 1, refundedMinor: 0 });
      expect(day.differences).toEqual([]);
      expect(day.balanced).toBe(true);
    } finally {
      db.close();
    }
  });

  it('ZVT: a failed reversal says the money stays charged and where to cancel it, with the receipt number', async () => {
    const zvt = sims.zvt;
    const s = await toTestPayment('zvt', zvt.line.kiosk);
    await s.waitFor('✓ charged 0.01 EUR (receipt n° ');
    // The terminal stops reading our frames (it NAKs each) just before the reversal goes.
    await s.waitFor('Reverse it now');
    expect(zvt.sim.setScenario('nak-storm')).toEqual({ ok: true });
    s.type('y\r');
    const receipt = zvt.sim.log.entries.at(-1)!.receiptNumber!;
    // Never acknowledged, so it may go again, as a new request; the technician declines the second try here.
    await s.answer(`Send the reversal of receipt n° ${receipt} again (it never reached the terminal)?`, 'n');
    await s.waitFor(`✗ charged 0.01 EUR but the reversal failed (not-sent`);
    await s.waitFor(`cancel it on the terminal or at the acquirer, receipt n° ${receipt}`);
    zvt.sim.setScenario('approve');
    await s.answer('Keep this setting anyway? (y/n) [n]', 'y');
    await done(s);
    expect(zvt.sim.log.entries.filter((e) => e.kind === 'reversal')).toHaveLength(1);
    const r = rows();
    expect(r.payments.at(-1)).toMatchObject({ state: 'approved', is_test: 1, receipt_no: receipt });
    expect(r.refunds.at(-1)).toMatchObject({ payment_id: r.payments.at(-1)!.id, method: 'reversal', state: 'not_sent' });
  }, 60_000);

  it('ZVT: a reversal that never reached the terminal is sent again when asked, and then reverses', async () => {
    const zvt = sims.zvt;
    const s = await toTestPayment('zvt', zvt.line.kiosk);
    await s.waitFor('Reverse it now');
    zvt.sim.setScenario('nak-storm');
    s.type('y\r');
    const receipt = zvt.sim.log.entries.at(-1)!.receiptNumber!;
    await s.waitFor('✗ the reversal did not reach the terminal');
    zvt.sim.setScenario('approve');
    await s.answer(`Send the reversal of receipt n° ${receipt} again`, 'y');
    await s.waitFor(`✓ charged 0.01 EUR and reversed (receipt n° ${receipt}`);
    await done(s);
    const r = rows();
    const p = r.payments.at(-1)!;
    expect(r.refunds.filter((f) => f.payment_id === p.id).map((f) => f.state)).toEqual(['not_sent', 'refunded']);
    expect(zvt.sim.log.entries.filter((e) => e.kind === 'reversal' && e.reverses === receipt)).toHaveLength(1);
  }, 60_000);

  it('ZVT: a declined card is told as declined, nothing charged', async () => {
    const zvt = sims.zvt;
    zvt.sim.setScenario('decline');
    const before = zvt.sim.log.entries.length;
    try {
      const s = await toTestPayment('zvt', zvt.line.kiosk);
      await s.waitFor('✗ test payment declined');
      await s.waitFor('(nothing charged)');
      await s.answer('Keep this setting anyway? (y/n) [n]', 'y');
      await done(s);
    } finally {
      zvt.sim.setScenario('approve');
    }
    expect(zvt.sim.log.entries.length).toBe(before);
    expect(rows().payments.at(-1)).toMatchObject({ state: 'declined', is_test: 1, amount_minor: 1 });
  }, 60_000);

  it('Concert: charges 0.01 EUR and says truthfully that it must be cancelled on the terminal (no reversal in Concert E+)', async () => {
    const concert = sims.concert;
    const s = await toTestPayment('concert', concert.line.kiosk);
    await s.waitFor('✓ charged 0.01 EUR (ref ');
    await s.waitFor('Concert E+ has no reversal command: cancel it now on the terminal');
    // Not cancelled (yet): said as it is, and the journal keeps the charge.
    await s.answer("The number on the terminal's cancellation receipt", '');
    await s.waitFor('✓ charged 0.01 EUR, not reversed: Concert E+ has no reversal command. Cancel it on the terminal');
    await s.waitFor('The journal keeps it as charged until the day close');
    await done(s);
    expect(concert.sim.log.entries.map((e) => [e.kind, e.amountMinor])).toEqual([['charge', 1]]);
    const r = rows();
    const p = r.payments.at(-1)!;
    expect(p).toMatchObject({ state: 'approved', is_test: 1, protocol: 'concert', amount_minor: 1 });
    expect(r.refunds.filter((f) => f.payment_id === p.id)).toEqual([]);
  }, 60_000);

  it("Concert: cancelled by the technician on the terminal's menu, recorded as an attested reversal; the day close balances", async () => {
    const concert = sims.concert;
    const s = await toTestPayment('concert', concert.line.kiosk);
    await s.waitFor('✓ charged 0.01 EUR (ref ');
    // A typo is refused and asked again; nothing is recorded from it.
    await s.answer("The number on the terminal's cancellation receipt", 'n° 42 !');
    await s.waitFor('is not a receipt number');
    await s.answer("The number on the terminal's cancellation receipt", '000042');
    await s.waitFor('✓ charged 0.01 EUR and cancelled on the terminal (its receipt n° 000042)');
    await done(s);
    const db = journal();
    try {
      const p = paymentsBetween(db, '2000-01-01T00:00:00.000Z', '2100-01-01T00:00:00.000Z', 'terminal').at(-1)!;
      expect(p).toMatchObject({ state: 'approved', isTest: true, protocol: 'concert', amountMinor: 1 });
      const refunds = refundsBetween(db, '2000-01-01T00:00:00.000Z', '2100-01-01T00:00:00.000Z', 'terminal').filter((f) => f.paymentId === p.id);
      expect(refunds).toEqual([
        expect.objectContaining({ method: 'reversal', state: 'settled_refunded', receiptNo: '000042', settledBy: 'technician (kiosk setup)' }),
      ]);
      // Nothing went to the terminal from the kiosk: its log holds the charge only (the cancel was made on its menu).
      expect(concert.sim.log.entries.filter((e) => e.kind !== 'charge')).toEqual([]);
      // The terminal's totals after its own cancellation: nothing; the journal agrees.
      const day = reconcileDay([p], { totalMinor: 0, count: 0 }, 'EUR', refunds);
      expect(day.journal).toMatchObject({ totalMinor: 0, count: 0, reversedCount: 1 });
      expect(day.balanced).toBe(true);
      const kinds = (db.prepare('SELECT kind FROM events WHERE subject = ? ORDER BY id').all(refunds[0]!.id) as Array<{ kind: string }>).map((e) => e.kind);
      expect(kinds).toEqual(['refund.intent', 'refund.unknown', 'refund.settled-refunded']);
    } finally {
      db.close();
    }
  }, 60_000);

  it('Concert: a declined card is told as declined', async () => {
    const concert = sims.concert;
    concert.sim.setScenario('decline');
    const charged = concert.sim.log.entries.filter((e) => e.kind === 'charge').length;
    try {
      const s = await toTestPayment('concert', concert.line.kiosk);
      await s.waitFor('✗ test payment declined');
      await s.answer('Keep this setting anyway? (y/n) [n]', 'y');
      await done(s);
    } finally {
      concert.sim.setScenario('approve');
    }
    expect(concert.sim.log.entries.filter((e) => e.kind === 'charge')).toHaveLength(charged);
    expect(rows().payments.at(-1)).toMatchObject({ state: 'declined', is_test: 1, protocol: 'concert' });
  }, 60_000);

  it('a port held by another process (the daemon) is said, and nothing is paid', async () => {
    const concert = sims.concert;
    const held = await openSerialPort(concert.line.kiosk, LINE_8N1);
    if (!held.ok) throw new Error(held.reason);
    const before = rows().payments.length;
    try {
      const s = await toTestPayment('concert', concert.line.kiosk);
      await s.waitFor('If the kiosk daemon is running, it holds the terminal');
      await s.waitFor('No payment was made.');
      await s.answer('Keep this setting anyway? (y/n) [n]', 'y');
      await done(s);
    } finally {
      await held.stream.close();
    }
    expect(rows().payments.length).toBe(before);
  }, 60_000);
});
