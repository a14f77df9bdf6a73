import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJournal, type Db } from '../../store/db';
import { getPayment, recordIntent, transition } from '../../store/payments';
import { startPayments, type LockState } from './index';
import { APPROVED, FakeTerminal, FakeZvt, HandTimer } from './fake-terminal.test-util';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'payidx-'));
  db = openJournal(join(dir, 'j.sqlite'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('startPayments', () => {
  it('refuses payments until start-up reconciliation is done, then takes them', async () => {
    recordIntent(db, { id: 'crash-1', kioskId: 'K1', terminalId: 'terminal', protocol: 'zvt', amountMinor: 100, currency: 'EUR' });
    const locks: LockState[] = [];
    const t = new FakeZvt();
    const p = startPayments({ db, terminal: t, kioskId: 'K1', onLockChange: (l) => locks.push(l) });
    expect(p.lockState().state).toBe('reconciling');
    const early = await p.service.pay({ amountMinor: 200, currency: 'EUR' });
    expect(early).toMatchObject({ ok: false, outcome: 'refused', reason: 'locked' });
    const report = await p.ready;
    expect(report.actions).toEqual([expect.objectContaining({ id: 'crash-1', to: 'not_sent' })]);
    expect(p.lockState()).toEqual({ state: 'ready' });
    expect(locks.at(-1)).toEqual({ state: 'ready' });
    expect((await p.service.pay({ amountMinor: 200, currency: 'EUR' })).ok).toBe(true);
    expect(t.requests).toHaveLength(1);
  });

  it('stays locked for staff after a Concert payment lost in a crash', async () => {
    recordIntent(db, { id: 'crash-2', kioskId: 'K1', terminalId: 'terminal', protocol: 'concert', amountMinor: 100, currency: 'EUR' });
    transition(db, 'crash-2', 'sent', {}, 'service');
    const p = startPayments({ db, terminal: new FakeTerminal('concert'), kioskId: 'K1' });
    await p.ready;
    expect(p.lockState()).toEqual({ state: 'locked-for-staff', paymentIds: ['crash-2'] });
    expect(getPayment(db, 'crash-2')!.state).toBe('unknown');
  });

  it('keeps asking a silent ZVT terminal about an answer lost during a live payment, until it answers', async () => {
    const timer = new HandTimer();
    const t = new FakeZvt();
    const p = startPayments({ db, terminal: t, kioskId: 'K1', retryTimer: timer.schedule });
    await p.ready;
    t.script({ result: { ok: false, outcome: 'unknown', reason: 'answer lost on the line' } });
    // Right after the loss the terminal is still finishing the transaction: it refuses the repeat receipt.
    t.repeatAnswers.push({ ok: false, outcome: 'not_sent', reason: 'the terminal is busy with another operation' });
    t.repeatAnswers.push(APPROVED(200, 'EUR', { receiptNumber: '0077', authCode: 'LIVE77' }));
    const r = await p.service.pay({ amountMinor: 200, currency: 'EUR' });
    expect(r).toMatchObject({ ok: false, outcome: 'unknown', reason: expect.stringMatching(/keeps asking/) });
    const id = (r as { payment: { id: string } }).payment.id;
    expect(p.lockState()).toMatchObject({ state: 'locked-for-staff', terminalWorking: [{ id, attempts: 1 }] });
    // Staff cannot close it as "not charged" while the terminal has not answered.
    expect(p.reconciler.settle(id, { outcome: 'not-charged' }, 'agent', 'nothing on the terminal')).toMatchObject({ ok: false });
    await timer.fire();
    expect(getPayment(db, id)).toMatchObject({ state: 'approved', authCode: 'LIVE77', receiptNo: '0077', approvedAmountMinor: 200 });
    expect(p.lockState()).toEqual({ state: 'ready' });
    expect(t.requests).toHaveLength(1);
    await p.stop();
  });
});
