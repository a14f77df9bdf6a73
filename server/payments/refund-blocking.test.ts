// The refund blocking rule (issue 17): a refund whose outcome is unknown (a Concert refund cut off by a crash, which
// the terminal cannot be asked about; a ZVT refund left unanswered) blocks further refunds of that payment until
// staff settle it, and only those: the kiosk's visitor payments go on, and other payments can be refunded.
// The daemon's wiring (startPayments) over real simulators behind real ptys.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openJournal, type Db } from '../../store/db';
import { recordETimbreReference } from '../../store/etimbre';
import { recordRefundIntent } from '../../store/refunds';
import { startPayments, type Payments } from './index';
import { settleRefund } from './refund-reconcile';
import { concertRig, zvtRig } from '../../test/terminal/harness';
import { tempDir } from '../../test/support/tmp';
import type { PaymentTerminal } from '../devices/index';

let dir: string;
let cleanup: () => void;
let db: Db;
const closers: Array<() => Promise<void>> = [];
beforeEach(() => {
  ({ dir, cleanup } = tempDir('refund-block-'));
  db = openJournal(join(dir, 'j.sqlite'));
});
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
  db.close();
  cleanup();
});

let n = 0;
function start(terminal: PaymentTerminal): Payments {
  const p = startPayments({ db, terminal, kioskId: 'K1' });
  closers.unshift(() => p.stop());
  return p;
}
async function paid(p: Payments, amountMinor = 3000) {
  const reference = `E-${++n}`;
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
  const r = await p.service.pay({ amountMinor, currency: 'EUR', reference });
  if (!r.ok) throw new Error(`payment not approved: ${JSON.stringify(r)}`);
  return r.payment;
}

describe('an unknown refund blocks its payment only', () => {
  it('Concert: a refund cut off by a crash becomes unknown at start-up; visitors still pay, other payments refund, this one waits for staff', async () => {
    const rig = await concertRig();
    closers.push(() => rig.close());
    const first = start(rig.driver);
    await first.ready;
    const a = await paid(first);
    const b = await paid(first);
    // The crash: the refund's intent is in the journal, its fate is not (Concert cannot be asked about it).
    expect(
      recordRefundIntent(db, { id: 'rf-cut', paymentId: a.id, method: 'refund', kioskId: 'K1', terminalId: 'terminal', why: 'w', requestedBy: 'sup-1' }).ok,
    ).toBe(true);
    await first.stop();
    const p = start(rig.driver);
    await p.ready;
    expect(await p.refundsReconciled).toEqual([expect.objectContaining({ id: 'rf-cut', to: 'unknown' })]);

    expect(p.lockState()).toEqual({ state: 'ready' });
    expect(await p.service.pay({ amountMinor: 1200, currency: 'EUR' })).toMatchObject({ ok: true });
    expect(await p.refunds.refund({ paymentId: a.id, why: 'again', requestedBy: 'sup-2', amountMinor: 100 })).toMatchObject({
      ok: false,
      reason: 'refund-open',
      detail: expect.stringMatching(/rf-cut .* unknown/),
    });
    expect(await p.refunds.refund({ paymentId: b.id, why: 'other visit', requestedBy: 'sup-2' })).toMatchObject({ ok: true, fullyRefunded: true });
    expect(rig.sim.log.entries.filter((e) => e.kind === 'refund')).toHaveLength(1);

    // Staff read the terminal's journal: nothing went back. Now the payment can be refunded.
    expect(settleRefund(db, 'rf-cut', 'not-refunded', 'sup-1', 'terminal journal: no credit R-ref').ok).toBe(true);
    expect(await p.refunds.refund({ paymentId: a.id, why: 'wrong fee', requestedBy: 'sup-2' })).toMatchObject({ ok: true, fullyRefunded: true });
  });

  it('ZVT: a refund left unanswered blocks its payment until settled; the kiosk keeps taking payments', async () => {
    const rig = await zvtRig();
    closers.push(() => rig.close());
    const p = start(rig.driver);
    await p.ready;
    const a = await paid(p);
    rig.sim.setScenario('answer-lost'); // a part of the amount: a refund (06 31), whose answer is lost
    expect(await p.refunds.refund({ paymentId: a.id, why: 'wrong fee', requestedBy: 'sup-1', amountMinor: 1000 })).toMatchObject({
      ok: false,
      outcome: 'unknown',
    });
    rig.sim.setScenario('approve');
    expect(p.lockState()).toEqual({ state: 'ready' });
    expect(await p.service.pay({ amountMinor: 700, currency: 'EUR' })).toMatchObject({ ok: true });
    expect(await p.refunds.refund({ paymentId: a.id, why: 'again', requestedBy: 'sup-2', amountMinor: 500 })).toMatchObject({
      ok: false,
      reason: 'refund-open',
    });
    const open = db.prepare("SELECT id FROM refunds WHERE state = 'unknown'").get() as { id: string };
    expect(settleRefund(db, open.id, 'refunded', 'sup-1', 'terminal journal: credit 10.00').ok).toBe(true);
    expect(await p.refunds.refund({ paymentId: a.id, why: 'the rest', requestedBy: 'sup-2' })).toMatchObject({
      ok: true,
      fullyRefunded: true,
      refund: { amountMinor: 2000 },
    });
  });
});
