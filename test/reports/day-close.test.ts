// Day close against the simulated terminals' own journals: approved, declined, unknown-then-settled and
// test payments reconcile to the terminal's totals; a payment missing on one side is named.
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openJournal, type Db } from '../../store/db';
import { recordIntent, transition } from '../../store/payments';
import { findDayClose } from '../../store/day-close';
import { verifyChain } from '../../store/events';
import { openSimulatedTerminal, type SimulatedTerminal } from '../../drivers/terminal/open';
import { TEST_TIMING } from '../../drivers/terminal/sim/scenarios';
import { startPayments, type Payments } from '../../server/payments/index';
import { closeDay, previewDay, type DayCloseDeps } from '../../server/reports/day-close';
import { businessDay } from '../../domain/queue/business-day';
import { tempDir } from '../support/tmp';

const TZ = 'Europe/Paris';
let cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function rig(protocol: 'concert' | 'zvt'): Promise<{ db: Db; sim: SimulatedTerminal; payments: Payments; deps: DayCloseDeps }> {
  const t = tempDir('day-close-');
  const db = openJournal(join(t.dir, 'journal.sqlite'));
  const sim = openSimulatedTerminal({ protocol, scenario: 'approve', timers: protocol === 'concert' ? { answerMs: 400 } : { completionMs: 500 } }, TEST_TIMING);
  const payments = startPayments({ db, terminal: sim.terminal, kioskId: 'K1' });
  await payments.ready;
  cleanups.push(
    () => t.cleanup(),
    () => {
      db.close();
    },
    () => sim.terminal.close(),
  );
  return { db, sim, payments, deps: { db, timeZone: TZ, currency: 'EUR', terminalId: 'terminal', terminal: sim.terminal } };
}

const pay = (p: Payments, amountMinor: number, extra: { isTest?: boolean; reference?: string } = {}) =>
  p.service.pay({ amountMinor, currency: 'EUR', reference: extra.reference ?? `ET-${amountMinor}`, ...(extra.isTest ? { isTest: true } : {}) });
const today = () => businessDay(new Date(), TZ);
const charges = (s: SimulatedTerminal) => s.simulator.log.entries.filter((e) => e.kind === 'charge');

describe('day close with the Concert simulator', () => {
  it('approved, declined, unknown-then-settled and test payments reconcile to the terminal', async () => {
    const { sim, payments, deps, db } = await rig('concert');
    expect((await pay(payments, 1250)).ok).toBe(true);
    sim.simulator.setScenario('decline');
    expect(await pay(payments, 3000)).toMatchObject({ ok: false, outcome: 'declined' });
    sim.simulator.setScenario('answer-lost');
    const lost = await pay(payments, 910);
    expect(lost).toMatchObject({ ok: false, outcome: 'unknown' });
    sim.simulator.setScenario('approve');

    // The unknown payment blocks the close: nobody knows yet whether it took money.
    const blocked = await closeDay(deps, today(), 'terminal', { source: 'simulator-log' }, 'sup');
    expect(blocked).toMatchObject({ ok: false, reason: 'pending' });
    const id = (lost as { payment: { id: string } }).payment.id;
    expect(payments.reconciler.settle(id, { outcome: 'approved', authCode: '424242' }, 'amina', 'terminal journal shows 9.10 approved')).toMatchObject({
      ok: true,
    });
    expect((await pay(payments, 100, { isTest: true, reference: 'diagnostics test' })).ok).toBe(true);

    const r = await closeDay(deps, today(), 'terminal', { source: 'simulator-log' }, 'sup');
    if (!r.ok) throw new Error(r.detail);
    // The figures match the simulator's own log.
    expect(r.close).toMatchObject({
      status: 'balanced',
      terminalTotalMinor: sim.simulator.log.netMinor(),
      terminalCount: charges(sim).length,
      journalTotalMinor: 1250 + 910 + 100,
      journalCount: 3,
    });
    expect(sim.simulator.log.netMinor()).toBe(2260);
    expect(r.reconciliation.journal).toMatchObject({ testCount: 1, testTotalMinor: 100, declined: 1, settledApproved: 1 });
    expect(r.reconciliation.differences).toEqual([]);

    // Locked: a second close is refused and the first stands; the close is in the chain.
    expect(await closeDay(deps, today(), 'terminal', { source: 'entered', totalMinor: 1, count: 1 }, 'sup')).toMatchObject({
      ok: false,
      reason: 'already-closed',
    });
    expect(() => db.prepare('UPDATE day_closes SET terminal_total_minor = 0').run()).toThrow(/locked/);
    expect(verifyChain(db).ok).toBe(true);
  });

  it('totals typed from the printed report: equal totals balance, a wrong count is a difference', async () => {
    const { payments, deps, sim } = await rig('concert');
    await pay(payments, 1500);
    await pay(payments, 2500);
    const net = sim.simulator.log.netMinor();
    const off = await closeDay({ ...deps, db: deps.db }, today(), 'terminal', { source: 'entered', totalMinor: net + 1500, count: 3 }, 'sup');
    if (!off.ok) throw new Error(off.detail);
    expect(off.close.status).toBe('differences');
    expect(off.reconciliation.differences).toEqual([expect.objectContaining({ kind: 'totals', amountMinor: 1500, countDelta: 1 })]);
  });

  it('lists a payment missing on either side, payment by payment', async () => {
    const { payments, deps, db, sim } = await rig('concert');
    await pay(payments, 1250);
    // A journal approval the terminal never saw (a bug or a hand-made row)…
    recordIntent(db, { id: 'ghost-1', kioskId: 'K1', terminalId: 'terminal', protocol: 'concert', amountMinor: 4400, currency: 'EUR' });
    transition(db, 'ghost-1', 'approved', { authCode: 'X1' }, 'service');
    // …and a charge the terminal took that staff settled as "not charged".
    sim.simulator.setScenario('answer-lost');
    const lost = await pay(payments, 770);
    sim.simulator.setScenario('approve');
    const lostId = (lost as { payment: { id: string } }).payment.id;
    payments.reconciler.settle(lostId, { outcome: 'not-charged' }, 'amina', 'looked like nothing happened');

    const r = await closeDay(deps, today(), 'terminal', { source: 'simulator-log' }, 'sup');
    if (!r.ok) throw new Error(r.detail);
    expect(r.close.status).toBe('differences');
    expect(r.reconciliation.differences).toEqual([
      expect.objectContaining({ kind: 'missing-on-terminal', paymentId: 'ghost-1', amountMinor: 4400 }),
      expect.objectContaining({ kind: 'missing-in-journal', amountMinor: 770, text: expect.stringContaining(`payment ${lostId} is settled_not_charged`) }),
    ]);
    expect(findDayClose(db, today(), 'terminal')!.journalTotalMinor).toBe(1250 + 4400);
    expect(previewDay(deps, today())).toMatchObject({
      terminals: [expect.objectContaining({ terminalId: 'terminal', close: expect.objectContaining({ status: 'differences' }) })],
    });
  });
});

describe('day close with the ZVT simulator', () => {
  it("uses the terminal's end of day; a lost answer recovered from the repeated receipt counts once", async () => {
    const { sim, payments, deps } = await rig('zvt');
    expect((await pay(payments, 1990)).ok).toBe(true);
    sim.simulator.setScenario('decline');
    await pay(payments, 5000);
    sim.simulator.setScenario('answer-lost');
    expect(await pay(payments, 2100)).toMatchObject({ ok: true, outcome: 'approved' });
    sim.simulator.setScenario('approve');
    expect((await pay(payments, 100, { isTest: true })).ok).toBe(true);
    const logged = sim.simulator.log.netMinor();

    const r = await closeDay(deps, today(), 'terminal', { source: 'zvt-end-of-day' }, 'sup');
    if (!r.ok) throw new Error(r.detail);
    expect(logged).toBe(1990 + 2100 + 100);
    expect(r.close).toMatchObject({
      source: 'zvt-end-of-day',
      status: 'balanced',
      terminalTotalMinor: logged,
      terminalCount: 3,
      journalTotalMinor: logged,
      journalCount: 3,
    });
    expect((r.close.detail as { terminalLines: string[] }).terminalLines.join('\n')).toMatch(/END OF DAY/);
  });
});
