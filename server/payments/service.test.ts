import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJournal, type Db } from '../../store/db';
import { recentEvents } from '../../store/events';
import { countPayments, getPayment, recordIntent } from '../../store/payments';
import { PaymentService, type Checkpoint, type PaymentEvent, type PaymentServiceOptions } from './service';
import { PaymentReconciler } from './reconcile';
import { APPROVED, FakeTerminal, FakeZvt } from './fake-terminal.test-util';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paysvc-'));
  db = openJournal(join(dir, 'j.sqlite'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
beforeEach(() => {
  n = 0;
});
function setup(terminal: FakeTerminal, checkpoint?: (p: Checkpoint, id: string) => void, extra: Partial<PaymentServiceOptions> = {}) {
  let svc: PaymentService | null = null;
  const reconciler = new PaymentReconciler({ db, terminalId: 'T1', protocol: terminal.protocol, inFlight: () => svc?.inFlight() ?? null });
  svc = new PaymentService({
    db,
    terminal,
    kioskId: 'K1',
    terminalId: 'T1',
    lockState: () => reconciler.lockState(),
    newId: () => `pay-${String(++n).padStart(4, '0')}`,
    ...(checkpoint ? { checkpoint } : {}),
    ...extra,
  });
  return { svc, reconciler };
}
const kinds = (id: string) =>
  recentEvents(db, { subject: id })
    .map((e) => e.kind)
    .reverse();
const stateOf = (id: string) => getPayment(db, id)?.state;

describe('PaymentService.pay', () => {
  it('journals intent before the request, sent inside the acknowledgement, then the approval with card data', async () => {
    const seen: string[] = [];
    const t = new FakeTerminal('concert');
    const { svc } = setup(t);
    t.script({
      beforeAck: () => seen.push(`before ack: ${stateOf(t.requests[0]!.reference)}`),
      afterAck: () => seen.push(`after ack: ${stateOf(t.requests[0]!.reference)}`),
      result: APPROVED(1250, 'EUR'),
    });
    const events: PaymentEvent[] = [];
    const r = await svc.pay({ amountMinor: 1250, currency: 'EUR', reference: 'apt-42' }, (e) => events.push(e));
    expect(r.ok).toBe(true);
    const id = r.ok ? r.payment.id : '';
    expect(seen).toEqual(['before ack: intent', 'after ack: sent']);
    expect(t.requests).toHaveLength(1);
    expect(t.requests[0]).toMatchObject({ amountMinor: 1250, currency: 'EUR', reference: id });
    expect(getPayment(db, id)).toMatchObject({
      state: 'approved',
      reference: 'apt-42',
      authCode: 'A12345',
      maskedPan: '4111********1111',
      cardBrand: 'VISA',
      receiptNo: '0042',
      traceNo: '000042',
      receiptLines: ['CARTE BANCAIRE', 'MONTANT 12,50 EUR'],
      kioskId: 'K1',
      terminalId: 'T1',
      protocol: 'concert',
    });
    expect(kinds(id)).toEqual(['payment.intent', 'payment.sent', 'payment.approved']);
    expect(events.filter((e) => e.type === 'state').map((e) => (e as { state: string }).state)).toEqual(['intent', 'sent', 'approved']);
    expect(svc.inFlight()).toBeNull();
  });

  it('passes terminal prompts on as progress events, to the caller and to subscribers', async () => {
    const t = new FakeTerminal().script({
      progress: [
        { code: 'insert-card', text: 'Insérez la carte', deadline: 1000 },
        { code: 'enter-pin', text: 'Code PIN' },
      ],
    });
    const { svc } = setup(t);
    const mine: PaymentEvent[] = [];
    const all: PaymentEvent[] = [];
    const off = svc.subscribe((e) => all.push(e));
    await svc.pay({ amountMinor: 100, currency: 'EUR' }, (e) => mine.push(e));
    off();
    const progress = mine.filter((e) => e.type === 'progress');
    expect(progress).toEqual([
      { type: 'progress', paymentId: 'pay-0001', code: 'insert-card', text: 'Insérez la carte', deadline: 1000 },
      { type: 'progress', paymentId: 'pay-0001', code: 'enter-pin', text: 'Code PIN' },
    ]);
    expect(all).toEqual(mine);
    await svc.pay({ amountMinor: 100, currency: 'EUR' });
    expect(all).toHaveLength(mine.length);
  });

  it.each([
    ['declined', { ok: false, outcome: 'declined', reason: 'refusée' } as const, 'declined', true],
    ['aborted', { ok: false, outcome: 'aborted', reason: 'annulée' } as const, 'aborted', true],
    ['unknown', { ok: false, outcome: 'unknown', reason: 'no answer within 120 s' } as const, 'unknown', false],
  ])('records %s after an acknowledged request', async (_n, result, state, retry) => {
    const t = new FakeTerminal().script({ result });
    const { svc } = setup(t);
    const r = await svc.pay({ amountMinor: 100, currency: 'EUR' });
    expect(r).toMatchObject({ ok: false, outcome: result.outcome, reason: result.reason, retryAsNewPayment: retry });
    expect(stateOf('pay-0001')).toBe(state);
    expect(getPayment(db, 'pay-0001')!.reason).toBe(result.reason);
    expect(kinds('pay-0001')).toEqual(['payment.intent', 'payment.sent', `payment.${state}`]);
  });

  it('records not_sent when the terminal never acknowledged, and the caller may retry as a new payment', async () => {
    const t = new FakeTerminal().script({ ack: false, result: { ok: false, outcome: 'not_sent', reason: 'no ACK to ENQ' } });
    const { svc } = setup(t);
    const r = await svc.pay({ amountMinor: 100, currency: 'EUR' });
    expect(r).toMatchObject({ ok: false, outcome: 'not_sent', retryAsNewPayment: true });
    expect(kinds('pay-0001')).toEqual(['payment.intent', 'payment.not-sent']);
    const again = await svc.pay({ amountMinor: 100, currency: 'EUR' });
    expect(again.ok).toBe(true);
    expect(t.requests.map((q) => q.reference)).toEqual(['pay-0001', 'pay-0002']);
  });

  it('treats "not sent" after an acknowledgement as unknown (money may have been taken)', async () => {
    const t = new FakeTerminal().script({ ack: true, result: { ok: false, outcome: 'not_sent', reason: 'confused driver' } });
    const { svc } = setup(t);
    const r = await svc.pay({ amountMinor: 100, currency: 'EUR' });
    expect(r).toMatchObject({ ok: false, outcome: 'unknown', retryAsNewPayment: false });
    expect(getPayment(db, 'pay-0001')!.reason).toMatch(/after the terminal acknowledged/);
  });

  it('records an approval that came without an acknowledgement (intent → approved)', async () => {
    const t = new FakeTerminal().script({ ack: false });
    const { svc } = setup(t);
    expect((await svc.pay({ amountMinor: 100, currency: 'EUR' })).ok).toBe(true);
    expect(kinds('pay-0001')).toEqual(['payment.intent', 'payment.approved']);
  });

  it('records a throwing driver as unknown, never as not charged', async () => {
    const t = new FakeTerminal().script({ ack: false, throws: 'port vanished' });
    const { svc } = setup(t);
    const r = await svc.pay({ amountMinor: 100, currency: 'EUR' });
    expect(r).toMatchObject({ ok: false, outcome: 'unknown', reason: 'terminal driver failed: port vanished' });
  });

  it("journals the terminal's amount with an approval, and its private data for staff", async () => {
    const t = new FakeTerminal().script({ result: APPROVED(1250, 'EUR', { terminalData: 'AUTH998877' }) });
    const { svc } = setup(t);
    expect((await svc.pay({ amountMinor: 1250, currency: 'EUR' })).ok).toBe(true);
    expect(getPayment(db, 'pay-0001')).toMatchObject({
      state: 'approved',
      amountMinor: 1250,
      approvedAmountMinor: 1250,
      approvedCurrency: 'EUR',
      terminalData: 'AUTH998877',
    });
  });

  // An approval for another amount is money taken, but not the fee: it is never booked as the fee (no ticket
  // printed as if paid in full). It is journaled with the terminal's figures and left for staff.
  it.each([
    ['another amount', APPROVED(999, 'EUR'), /terminal approved 9\.99 EUR, the request was 10\.00 EUR/, 999, 'EUR'],
    ['another currency', APPROVED(1000, 'MAD'), /terminal approved 10\.00 MAD, the request was 10\.00 EUR/, 1000, 'MAD'],
  ])("journals an approval of %s with the terminal's figures and locks the kiosk for staff", async (_n, result, why, amount, currency) => {
    const t = new FakeZvt().script({ result });
    const { svc, reconciler } = setup(t);
    const r = await svc.pay({ amountMinor: 1000, currency: 'EUR' });
    expect(r).toMatchObject({ ok: false, outcome: 'unknown', retryAsNewPayment: false });
    expect(!r.ok && r.outcome === 'unknown' && r.reason).toMatch(why);
    expect(getPayment(db, 'pay-0001')).toMatchObject({
      state: 'unknown',
      amountMinor: 1000,
      currency: 'EUR',
      approvedAmountMinor: amount,
      approvedCurrency: currency,
      authCode: 'A12345',
      receiptNo: '0042',
      maskedPan: '4111********1111',
    });
    expect(getPayment(db, 'pay-0001')!.reason).toMatch(why);
    expect(recentEvents(db, { subject: 'pay-0001', limit: 1 })[0]).toMatchObject({
      kind: 'payment.unknown',
      payload: { approvedAmountMinor: amount, approvedCurrency: currency },
    });
    // The terminal already said what it did: asking it to repeat the receipt adds nothing.
    expect(t.repeatCalls).toBe(0);
    expect(reconciler.lockState()).toEqual({ state: 'locked-for-staff', paymentIds: ['pay-0001'] });
    expect((await svc.pay({ amountMinor: 1000, currency: 'EUR' })).outcome).toBe('refused');
    expect(reconciler.settle('pay-0001', { outcome: 'approved', authCode: 'A12345' }, 'amina', 'visitor refunded the difference at the counter').ok).toBe(true);
    expect(getPayment(db, 'pay-0001')).toMatchObject({ state: 'settled_approved', approvedAmountMinor: amount });
  });

  it("journals a driver's unknown answer that carries an approval for another amount the same way", async () => {
    const t = new FakeTerminal('concert').script({
      result: {
        ok: false,
        outcome: 'unknown',
        reason: 'the answer is for 15.00 EUR, we asked 12.50 EUR',
        approval: APPROVED(1500, 'EUR', { terminalData: '0000000000' }),
      },
    });
    const { svc, reconciler } = setup(t);
    const r = await svc.pay({ amountMinor: 1250, currency: 'EUR' });
    expect(r).toMatchObject({ ok: false, outcome: 'unknown', retryAsNewPayment: false });
    expect(getPayment(db, 'pay-0001')).toMatchObject({
      state: 'unknown',
      amountMinor: 1250,
      approvedAmountMinor: 1500,
      approvedCurrency: 'EUR',
      authCode: 'A12345',
      terminalData: '0000000000',
    });
    expect(getPayment(db, 'pay-0001')!.reason).toMatch(/terminal approved 15\.00 EUR, the request was 12\.50 EUR/);
    expect(reconciler.lockState().state).toBe('locked-for-staff');
  });

  it("gives the terminal the payment's short reference, counted in the consulate's business day", async () => {
    const t = new FakeTerminal('concert');
    // 23:30 UTC on 2 March is already 3 March in Paris.
    const { svc } = setup(t, undefined, { timeZone: 'Europe/Paris', now: () => new Date('2026-03-02T23:30:00Z') });
    await svc.pay({ amountMinor: 100, currency: 'EUR' });
    await svc.pay({ amountMinor: 100, currency: 'EUR' });
    expect(t.requests.map((r) => [r.reference, r.shortRef])).toEqual([
      ['pay-0001', '0303-0001'],
      ['pay-0002', '0303-0002'],
    ]);
    expect(getPayment(db, 'pay-0002')).toMatchObject({ shortRef: '0303-0002', shortRefDay: '2026-03-03' });
  });

  it('refuses a second payment while one is in flight, without touching the terminal or the journal', async () => {
    const t = new FakeTerminal().script({ hold: true });
    const { svc, reconciler } = setup(t);
    const first = svc.pay({ amountMinor: 100, currency: 'EUR' });
    const second = await svc.pay({ amountMinor: 200, currency: 'EUR' });
    expect(second).toMatchObject({ ok: false, outcome: 'refused', reason: 'busy' });
    expect(svc.inFlight()).toBe('pay-0001');
    // The in-flight payment is not "pending": the kiosk is busy, not locked.
    expect(reconciler.lockState()).toEqual({ state: 'ready' });
    t.release();
    expect((await first).ok).toBe(true);
    expect(t.requests).toHaveLength(1);
    expect(countPayments(db)).toBe(1);
  });

  it('refuses a payment when another process has an open payment on the terminal', async () => {
    recordIntent(db, { id: 'other-1', kioskId: 'K1', terminalId: 'T1', protocol: 'concert', amountMinor: 5, currency: 'EUR' });
    const t = new FakeTerminal();
    const svc = new PaymentService({ db, terminal: t, kioskId: 'K1', terminalId: 'T1' });
    const r = await svc.pay({ amountMinor: 100, currency: 'EUR' });
    expect(r).toMatchObject({ ok: false, outcome: 'refused', reason: 'busy', payment: { id: 'other-1' } });
    expect(t.requests).toHaveLength(0);
  });

  it('never sends a journaled payment id again (idempotency key)', async () => {
    const t = new FakeTerminal().script({ result: { ok: false, outcome: 'unknown', reason: 'answer lost' } });
    const { svc, reconciler } = setup(t);
    await svc.pay({ amountMinor: 100, currency: 'EUR', id: 'visit-77' });
    reconciler.settle('visit-77', { outcome: 'not-charged' }, 'amina', 'nothing in the terminal journal');
    const r = await svc.pay({ amountMinor: 100, currency: 'EUR', id: 'visit-77' });
    expect(r).toMatchObject({ ok: false, outcome: 'refused', reason: 'duplicate-id', payment: { state: 'settled_not_charged' } });
    expect(t.requests).toHaveLength(1);
  });

  it('locks after an unknown Concert answer: no further payment until staff settle it', async () => {
    const t = new FakeTerminal('concert').script({ result: { ok: false, outcome: 'unknown', reason: 'answer lost' } });
    const { svc, reconciler } = setup(t);
    await svc.pay({ amountMinor: 100, currency: 'EUR' });
    expect(reconciler.lockState()).toEqual({ state: 'locked-for-staff', paymentIds: ['pay-0001'] });
    const r = await svc.pay({ amountMinor: 100, currency: 'EUR' });
    expect(r).toMatchObject({ ok: false, outcome: 'refused', reason: 'locked', lock: { state: 'locked-for-staff' } });
    expect(t.requests).toHaveLength(1);
    expect(reconciler.settle('pay-0001', { outcome: 'approved', authCode: '778899' }, 'amina', 'terminal journal 10:42').ok).toBe(true);
    expect((await svc.pay({ amountMinor: 100, currency: 'EUR' })).ok).toBe(true);
    expect(t.requests).toHaveLength(2);
  });

  it('recovers an unknown ZVT answer at once from the repeated receipt, without re-sending', async () => {
    const t = new FakeZvt();
    t.script({ result: { ok: false, outcome: 'unknown', reason: 'no completion' } });
    t.repeatAnswers.push(APPROVED(100, 'EUR', { receiptNumber: '0100', authCode: 'Z1' }));
    const { svc, reconciler } = setup(t);
    const r = await svc.pay({ amountMinor: 100, currency: 'EUR' });
    expect(r).toMatchObject({ ok: true, payment: { state: 'approved', receiptNo: '0100', authCode: 'Z1' } });
    expect(kinds('pay-0001')).toEqual(['payment.intent', 'payment.sent', 'payment.unknown', 'payment.approved']);
    expect(t.requests).toHaveLength(1);
    expect(reconciler.lockState()).toEqual({ state: 'ready' });
  });

  it('leaves an unknown ZVT answer unknown when the terminal has nothing to repeat', async () => {
    const t = new FakeZvt();
    t.script({ result: { ok: false, outcome: 'unknown', reason: 'no completion' } });
    const { svc, reconciler } = setup(t);
    const r = await svc.pay({ amountMinor: 100, currency: 'EUR' });
    expect(r).toMatchObject({ ok: false, outcome: 'unknown', retryAsNewPayment: false });
    expect(!r.ok && r.outcome === 'unknown' && r.reason).toMatch(/left unknown for staff/);
    expect(t.repeatCalls).toBe(1);
    expect(reconciler.lockState().state).toBe('locked-for-staff');
  });

  it.each([
    [{ amountMinor: 12.5, currency: 'EUR' }, /whole number/],
    [{ amountMinor: 0, currency: 'EUR' }, /between 1/],
    [{ amountMinor: -5, currency: 'EUR' }, /between 1/],
    [{ amountMinor: 100, currency: 'euro' }, /ISO 4217/],
    [{ amountMinor: 100, currency: 'XXY' }, /"XXY" must be an ISO 4217 currency/],
    [{ amountMinor: 100, currency: 'EUR', id: 'a b' }, /payment id/],
  ])('refuses an invalid request %o', async (input, why) => {
    const t = new FakeTerminal();
    const { svc } = setup(t);
    const r = await svc.pay(input);
    expect(r).toMatchObject({ ok: false, outcome: 'refused', reason: 'invalid-request' });
    expect(!r.ok && r.outcome === 'refused' && r.detail).toMatch(why);
    expect(t.requests).toHaveLength(0);
  });

  it('passes every checkpoint in order, each after its journal write', async () => {
    const seen: string[] = [];
    const t = new FakeTerminal();
    const { svc } = setup(t, (p, id) => seen.push(`${p}:${stateOf(id) ?? 'none'}`));
    await svc.pay({ amountMinor: 100, currency: 'EUR' });
    expect(seen).toEqual(['before-intent:none', 'after-intent:intent', 'after-sent:sent', 'after-answer:sent', 'after-outcome:approved']);
  });

  it('passes the abort signal to the driver', async () => {
    const t = new FakeTerminal();
    const { svc } = setup(t);
    const ac = new AbortController();
    await svc.pay({ amountMinor: 100, currency: 'EUR', signal: ac.signal });
    expect(t.requests[0]!.signal).toBe(ac.signal);
  });
});
