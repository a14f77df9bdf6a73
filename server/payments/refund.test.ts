// The refund service with the real drivers and simulated terminals over real ptys: the journal and the
// simulator's charge log must agree on every money movement.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJournal, type Db } from '../../store/db';
import { recordETimbreReference } from '../../store/etimbre';
import { etimbreRefundState, getRefund, recordRefundIntent, transitionRefund } from '../../store/refunds';
import { PaymentService } from './service';
import { RefundService, type RefundServiceOptions } from './refund';
import { reconcileRefunds, settleRefund } from './refund-reconcile';
import { concertRig, zvtRig } from '../../test/terminal/harness';
import type { PaymentTerminal } from '../devices/index';

let dir: string;
let db: Db;
const closers: Array<() => Promise<void>> = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'refundsvc-'));
  db = openJournal(join(dir, 'j.sqlite'));
});
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
async function paid(terminal: PaymentTerminal, amountMinor = 3000, reference = 'E-1') {
  recordETimbreReference(db, {
    reference,
    consulate: 'FR-PAR',
    kioskId: 'K1',
    amountMinor,
    currency: 'EUR',
    services: ['passport'],
    persons: 1,
    appointmentId: null,
    at: new Date(),
  });
  const svc = new PaymentService({ db, terminal, kioskId: 'K1', terminalId: 'T1', newId: () => `pay-${++n}` });
  const r = await svc.pay({ amountMinor, currency: 'EUR', reference });
  if (!r.ok) throw new Error(`payment not approved: ${JSON.stringify(r)}`);
  return r.payment;
}

const refunds = (terminal: PaymentTerminal, extra: Partial<RefundServiceOptions> = {}) =>
  new RefundService({ db, terminal, kioskId: 'K1', terminalId: 'T1', newId: () => `${++n}`, ...extra });

describe('RefundService over ZVT', () => {
  it('the same day: reverses the payment by its receipt number; the eTimbre reference is voided, the visit reported fully refunded', async () => {
    const rig = await zvtRig();
    closers.push(() => rig.close());
    const p = await paid(rig.driver);
    const done: boolean[] = [];
    const r = await refunds(rig.driver, { onRefunded: (x) => void done.push(x.fullyRefunded) }).refund({
      paymentId: p.id,
      why: 'fee charged twice',
      requestedBy: 'sup-1',
    });
    expect(r).toMatchObject({ ok: true, outcome: 'refunded', fullyRefunded: true, refund: { method: 'reversal', amountMinor: 3000, state: 'refunded' } });
    expect(done).toEqual([true]);
    expect(rig.sim.log.entries.map((e) => [e.kind, e.reverses])).toEqual([
      ['charge', undefined],
      ['reversal', p.receiptNo],
    ]);
    expect(etimbreRefundState(db, 'E-1')?.voidedAt).toEqual(expect.any(String));
    // Nothing left: a second supervisor is refused, nothing reaches the terminal.
    expect(await refunds(rig.driver).refund({ paymentId: p.id, why: 'again', requestedBy: 'sup-2' })).toMatchObject({ ok: false, reason: 'too-much' });
    expect(rig.sim.log.entries).toHaveLength(2);
  });

  it("after the terminal's day (another business day): refunds with 06 31; partial refunds never exceed the approval", async () => {
    const rig = await zvtRig();
    closers.push(() => rig.close());
    const p = await paid(rig.driver);
    const tomorrow = () => new Date(Date.now() + 36 * 3600_000);
    const svc = refunds(rig.driver, { now: tomorrow });
    expect(await svc.refund({ paymentId: p.id, why: 'one person fewer', requestedBy: 'sup-1', amountMinor: 1000 })).toMatchObject({
      ok: true,
      fullyRefunded: false,
      refund: { method: 'refund', amountMinor: 1000 },
    });
    expect(etimbreRefundState(db, 'E-1')).toEqual({ refundedMinor: 1000, voidedAt: null });
    expect(await svc.refund({ paymentId: p.id, why: 'x', requestedBy: 'sup-1', amountMinor: 2500 })).toMatchObject({ ok: false, reason: 'too-much' });
    expect(await svc.refund({ paymentId: p.id, why: 'rest', requestedBy: 'sup-1' })).toMatchObject({
      ok: true,
      fullyRefunded: true,
      refund: { amountMinor: 2000 },
    });
    expect(rig.sim.log.entries.map((e) => e.kind)).toEqual(['charge', 'refund', 'refund']);
    expect(rig.sim.log.netMinor()).toBe(0);
  });

  it('a reversal the terminal refuses (its day was closed) moves nothing; the next try is a refund', async () => {
    const rig = await zvtRig();
    closers.push(() => rig.close());
    const p = await paid(rig.driver);
    expect((await rig.driver.endOfDay()).ok).toBe(true); // closed on the terminal, not journaled by the kiosk
    const svc = refunds(rig.driver);
    expect(await svc.refund({ paymentId: p.id, why: 'w', requestedBy: 's' })).toMatchObject({ ok: false, outcome: 'declined', refund: { method: 'reversal' } });
    expect(await svc.refund({ paymentId: p.id, why: 'w', requestedBy: 's' })).toMatchObject({ ok: true, refund: { method: 'refund' } });
    expect(rig.sim.log.entries.map((e) => e.kind)).toEqual(['charge', 'refund']);
  });

  it('start-up: a refund taken by the terminal whose answer was lost is recovered from its repeated receipt, never sent again', async () => {
    const rig = await zvtRig();
    closers.push(() => rig.close());
    const p = await paid(rig.driver);
    rig.sim.setScenario('answer-lost');
    const lost = await refunds(rig.driver, { now: () => new Date(Date.now() + 36 * 3600_000) }).refund({ paymentId: p.id, why: 'w', requestedBy: 's' });
    expect(lost).toMatchObject({ ok: false, outcome: 'unknown' });
    // As after a crash between `sent` and the outcome: the row is `sent` (the journal's last word before the answer).
    const id = lost.ok || lost.outcome === 'refused' ? '' : lost.refund.id;
    rig.sim.setScenario('approve');
    expect(await reconcileRefunds(db, rig.driver, 'T1')).toEqual([]); // unknown is staff's, not reconciled again
    expect(settleRefund(db, id, 'refunded', 'sup-2', 'terminal journal: credit 30.00 at 10:12')).toMatchObject({
      ok: true,
      refund: { state: 'settled_refunded' },
    });

    // A refund row left in `sent` by a crash right after the terminal took it.
    const q = await paid(rig.driver, 4200, 'E-2');
    expect(recordRefundIntent(db, { id: 'rf-crash', paymentId: q.id, method: 'refund', kioskId: 'K1', terminalId: 'T1', why: 'w', requestedBy: 's' }).ok).toBe(
      true,
    );
    expect(transitionRefund(db, 'rf-crash', 'sent', {}, 'service').ok).toBe(true);
    expect((await rig.driver.refund({ amountMinor: 4200, currency: 'EUR', reference: 'rf-crash' })).ok).toBe(true); // what the terminal did
    expect(await reconcileRefunds(db, rig.driver, 'T1')).toMatchObject([{ id: 'rf-crash', from: 'sent', to: 'refunded' }]);
    expect(getRefund(db, 'rf-crash')?.receiptNo).toBe(rig.sim.log.entries.at(-1)?.receiptNumber);
    expect(rig.sim.log.entries.filter((e) => e.kind === 'refund')).toHaveLength(2);
  });
});

describe('RefundService over Concert', () => {
  it('refunds with transaction type 1 and the refund short reference; a crash before the answer leaves it for staff', async () => {
    const rig = await concertRig();
    closers.push(() => rig.close());
    const p = await paid(rig.driver);
    const r = await refunds(rig.driver).refund({ paymentId: p.id, why: 'w', requestedBy: 's', amountMinor: 500 });
    expect(r).toMatchObject({ ok: true, refund: { method: 'refund', amountMinor: 500, shortRef: `R${p.shortRef}` } });
    expect(rig.sim.log.entries.at(-1)).toMatchObject({ kind: 'refund', amountMinor: 500, reference: `R${p.shortRef}` });

    expect(recordRefundIntent(db, { id: 'rf-c', paymentId: p.id, method: 'refund', kioskId: 'K1', terminalId: 'T1', why: 'w', requestedBy: 's' }).ok).toBe(
      true,
    );
    expect(await reconcileRefunds(db, rig.driver, 'T1')).toMatchObject([{ id: 'rf-c', from: 'intent', to: 'unknown' }]);
    expect(await refunds(rig.driver).refund({ paymentId: p.id, why: 'w', requestedBy: 's' })).toMatchObject({ ok: false, reason: 'refund-open' });
  });
});
