import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJournal, type Db } from '../../store/db';
import { recentEvents } from '../../store/events';
import { getPayment, recordIntent, transition, type PaymentState } from '../../store/payments';
import { PaymentReconciler, type LockState } from './reconcile';
import { APPROVED, FakeTerminal, FakeZvt, HandTimer } from './fake-terminal.test-util';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'recon-'));
  db = openJournal(join(dir, 'j.sqlite'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A payment left by a crash (or finished) in `state`, as the service would have journaled it. */
function left(id: string, state: PaymentState, protocol: 'concert' | 'zvt', extra: { amountMinor?: number; receiptNo?: string; authCode?: string } = {}): void {
  expect(recordIntent(db, { id, kioskId: 'K1', terminalId: 'T1', protocol, amountMinor: extra.amountMinor ?? 1250, currency: 'EUR' }).ok).toBe(true);
  const path: PaymentState[] = state === 'intent' ? [] : state === 'sent' ? ['sent'] : state === 'unknown' ? ['sent', 'unknown'] : ['sent', state];
  for (const s of path) expect(transition(db, id, s, { receiptNo: extra.receiptNo, authCode: extra.authCode }, 'service').ok).toBe(true);
}

function reconciler(protocol: 'concert' | 'zvt', locks: LockState[] = [], inFlight: string | null = null) {
  return new PaymentReconciler({ db, terminalId: 'T1', protocol, onChange: (l) => locks.push(l), inFlight: () => inFlight });
}

describe.each(['concert', 'zvt'] as const)('reconcile (%s)', (protocol) => {
  it('is ready with nothing to reconcile, and never sends a payment', async () => {
    left('p-done', 'approved', protocol);
    const t = protocol === 'zvt' ? new FakeZvt() : new FakeTerminal('concert');
    const r = await reconciler(protocol).reconcile(t);
    expect(r).toEqual({ lock: { state: 'ready' }, actions: [] });
    expect(t.requests).toHaveLength(0);
  });

  it('never closes an intent as not charged without evidence, and sends nothing', async () => {
    left('p-int', 'intent', protocol);
    const t = protocol === 'zvt' ? new FakeZvt() : new FakeTerminal('concert');
    const locks: LockState[] = [];
    const r = await reconciler(protocol, locks).reconcile(t);
    expect(locks.map((l) => l.state)).toEqual(['reconciling', r.lock.state]);
    if (protocol === 'zvt') {
      // The fake answers "nothing to repeat": an idle terminal that charged nothing.
      expect(r.actions).toEqual([expect.objectContaining({ id: 'p-int', from: 'intent', to: 'not_sent', detail: expect.stringMatching(/idle/) })]);
      expect(r.lock).toEqual({ state: 'ready' });
      expect(recentEvents(db, { subject: 'p-int', limit: 1 })[0]).toMatchObject({ kind: 'payment.not-sent', payload: { from: 'intent', by: 'reconcile' } });
    } else {
      // Concert cannot be asked, and the crash may have fallen between the terminal's ACK and our commit.
      expect(r.actions).toEqual([expect.objectContaining({ id: 'p-int', from: 'intent', to: 'unknown', detail: expect.stringMatching(/terminal's journal/) })]);
      expect(r.lock).toEqual({ state: 'locked-for-staff', paymentIds: ['p-int'] });
    }
    expect(t.requests).toHaveLength(0);
  });

  it('does not touch the payment the live service is working on', async () => {
    left('p-live', 'sent', protocol);
    const r = await reconciler(protocol, [], 'p-live').reconcile(null);
    expect(r).toEqual({ lock: { state: 'ready' }, actions: [] });
    expect(getPayment(db, 'p-live')!.state).toBe('sent');
  });
});

describe('reconcile Concert', () => {
  it('tells staff the short reference to look for on the terminal when an intent was left by a crash', async () => {
    left('p-intent', 'intent', 'concert');
    const shortRef = getPayment(db, 'p-intent')!.shortRef!;
    expect(shortRef).toMatch(/^\d{4}-\d{4,5}$/);
    await reconciler('concert').reconcile(new FakeTerminal('concert'));
    expect(getPayment(db, 'p-intent')).toMatchObject({ state: 'unknown', reason: expect.stringContaining(`reference ${shortRef}`) });
  });

  it('marks an acknowledged payment unknown and locks the kiosk for staff', async () => {
    left('p-sent', 'sent', 'concert');
    const t = new FakeTerminal('concert');
    const rec = reconciler('concert');
    const r = await rec.reconcile(t);
    expect(r.lock).toEqual({ state: 'locked-for-staff', paymentIds: ['p-sent'] });
    expect(r.actions).toEqual([
      expect.objectContaining({ id: 'p-sent', from: 'sent', to: 'unknown' }),
      expect.objectContaining({ id: 'p-sent', from: 'unknown', to: 'unknown', detail: expect.stringMatching(/Concert E\+ cannot be asked/) }),
    ]);
    expect(t.requests).toHaveLength(0);
    // A second start-up changes nothing and still sends nothing.
    const again = await rec.reconcile(t);
    expect(again.lock.state).toBe('locked-for-staff');
    expect(again.actions.filter((a) => a.from !== a.to)).toEqual([]);
    expect(t.requests).toHaveLength(0);
  });

  it('unlocks when staff settle every unknown payment, recording who, when and why', async () => {
    left('p-01', 'unknown', 'concert');
    left('p-02', 'sent', 'concert', { amountMinor: 300 });
    const locks: LockState[] = [];
    const rec = new PaymentReconciler({
      db,
      terminalId: 'T1',
      protocol: 'concert',
      onChange: (l) => locks.push(l),
      now: () => new Date('2025-05-12T10:00:00Z'),
    });
    await rec.reconcile(null);
    expect(rec.lockState()).toEqual({ state: 'locked-for-staff', paymentIds: ['p-01', 'p-02'] });
    const a = rec.settle('p-01', { outcome: 'approved', authCode: ' 778899 ' }, 'amina', 'terminal journal: approved 12.50 at 10:42');
    expect(a).toMatchObject({
      ok: true,
      lock: { state: 'locked-for-staff', paymentIds: ['p-02'] },
      payment: {
        state: 'settled_approved',
        authCode: '778899',
        settledBy: 'amina',
        settledAt: '2025-05-12T10:00:00.000Z',
        settleReason: 'terminal journal: approved 12.50 at 10:42',
      },
    });
    const b = rec.settle('p-02', { outcome: 'not-charged' }, 'youssef', 'no entry in the terminal journal');
    expect(b).toMatchObject({ ok: true, lock: { state: 'ready' }, payment: { state: 'settled_not_charged', authCode: null } });
    expect(locks.at(-1)).toEqual({ state: 'ready' });
    expect(recentEvents(db, { subject: 'p-02', limit: 1 })[0]).toMatchObject({
      kind: 'payment.settled-not-charged',
      payload: { by: 'staff', settledBy: 'youssef' },
    });
  });

  it('refuses bad settlements as values', async () => {
    left('p-uu', 'unknown', 'concert');
    left('p-aa', 'approved', 'concert', { amountMinor: 2 });
    const rec = reconciler('concert');
    expect(rec.settle('nope', { outcome: 'not-charged' }, 'amina', 'x')).toMatchObject({ ok: false, reason: 'not-found' });
    expect(rec.settle('p-aa', { outcome: 'not-charged' }, 'amina', 'x')).toMatchObject({
      ok: false,
      reason: 'not-settleable',
      detail: expect.stringMatching(/already has an outcome/),
    });
    expect(rec.settle('p-uu', { outcome: 'approved', authCode: ' ' }, 'amina', 'x')).toMatchObject({
      ok: false,
      reason: 'invalid',
      detail: expect.stringMatching(/authorisation code/),
    });
    expect(rec.settle('p-uu', { outcome: 'not-charged' }, ' ', 'x')).toMatchObject({ ok: false, reason: 'invalid' });
    expect(rec.settle('p-uu', { outcome: 'not-charged' }, 'amina', '')).toMatchObject({ ok: false, reason: 'invalid' });
    expect(getPayment(db, 'p-uu')!.state).toBe('unknown');
  });

  it('refuses to settle a payment that was not reconciled yet', () => {
    left('p-ss', 'sent', 'concert');
    expect(reconciler('concert').settle('p-ss', { outcome: 'not-charged' }, 'amina', 'x')).toMatchObject({
      ok: false,
      reason: 'not-settleable',
      detail: expect.stringMatching(/run reconciliation first/),
    });
  });
});

describe('reconcile ZVT', () => {
  it('records approved with the card data when the repeated receipt is this payment', async () => {
    left('p-old', 'approved', 'zvt', { amountMinor: 1250, receiptNo: '0041', authCode: 'OLD' });
    left('p-sent', 'sent', 'zvt');
    const t = new FakeZvt();
    t.repeatAnswers.push(APPROVED(1250, 'EUR', { receiptNumber: '0042', authCode: 'NEW1', maskedPan: '5413********0011', madeAt: [new Date().toISOString()] }));
    const r = await reconciler('zvt').reconcile(t);
    expect(r.lock).toEqual({ state: 'ready' });
    expect(r.actions.map((a) => `${a.from}→${a.to}`)).toEqual(['sent→unknown', 'unknown→approved']);
    expect(getPayment(db, 'p-sent')).toMatchObject({
      state: 'approved',
      authCode: 'NEW1',
      receiptNo: '0042',
      maskedPan: '5413********0011',
      reason: expect.stringMatching(/repeat receipt/),
    });
    expect(t.repeatCalls).toBe(1);
    expect(t.requests).toHaveLength(0);
  });

  it.each([
    ['nothing to repeat', { ok: false, outcome: 'nothing', reason: 'no receipt' } as const, /not an approval/],
    ['a declined last transaction', { ok: false, outcome: 'declined', reason: 'refused' } as const, /not an approval/],
    ['a busy terminal', { ok: false, outcome: 'not_sent', reason: 'busy' } as const, /did not repeat/],
    ['another amount', APPROVED(999, 'EUR', { receiptNumber: '0050' }), /journal does not know/],
    ['another currency', APPROVED(1250, 'MAD', { receiptNumber: '0050' }), /journal does not know/],
    ['the receipt of an older payment', APPROVED(1250, 'EUR', { receiptNumber: '0041', authCode: 'X' }), /belongs to the older payment p-old/],
    ['an older auth code', APPROVED(1250, 'EUR', { receiptNumber: '0999', authCode: 'OLD' }), /belongs to the older payment p-old/],
    ['a receipt without numbers', APPROVED(1250, 'EUR', { receiptNumber: undefined, trace: undefined }), /no receipt or trace number/],
    // The same fee, charged before this journal existed: its stamp says it is older than the payment.
    [
      'a receipt stamped before the payment was made',
      APPROVED(1250, 'EUR', { receiptNumber: '0050', madeAt: ['2020-01-06T09:00:00.000Z'] }),
      /before this payment was made/,
    ],
    ['a failing terminal', new Error('no reply within 5 s'), /repeat receipt failed/],
  ])('leaves it unknown and locked on %s', async (_n, answer, why) => {
    left('p-old', 'approved', 'zvt', { amountMinor: 1250, receiptNo: '0041', authCode: 'OLD' });
    left('p-sent', 'sent', 'zvt');
    const t = new FakeZvt();
    t.repeatAnswers.push(answer);
    const r = await reconciler('zvt').reconcile(t);
    expect(r.lock).toMatchObject({ state: 'locked-for-staff', paymentIds: ['p-sent'] });
    // Busy or failing: the terminal said nothing, so staff see it is still working (and the daemon asks again).
    const silent = answer instanceof Error || (!answer.ok && answer.outcome === 'not_sent');
    expect(r.lock.state === 'locked-for-staff' && r.lock.terminalWorking?.map((w) => w.id)).toEqual(silent ? ['p-sent'] : undefined);
    expect(r.actions.at(-1)).toMatchObject({ id: 'p-sent', from: 'unknown', to: 'unknown', detail: expect.stringMatching(why) });
    expect(getPayment(db, 'p-sent')!.state).toBe('unknown');
    expect(t.requests).toHaveLength(0);
  });

  it("asks about an intent too, closing the gap between the terminal's ACK and our commit", async () => {
    left('p-int', 'intent', 'zvt');
    const t = new FakeZvt();
    t.repeatAnswers.push(APPROVED(1250, 'EUR', { receiptNumber: '0077' }));
    const r = await reconciler('zvt').reconcile(t);
    expect(r.actions).toEqual([expect.objectContaining({ id: 'p-int', from: 'intent', to: 'approved' })]);
    expect(r.lock).toEqual({ state: 'ready' });
  });

  it("closes an intent as not_sent when the idle terminal's last receipt is an older payment's", async () => {
    left('p-old', 'approved', 'zvt', { receiptNo: '0041' });
    left('p-int', 'intent', 'zvt');
    const t = new FakeZvt();
    t.repeatAnswers.push(APPROVED(1250, 'EUR', { receiptNumber: '0041' }));
    const r = await reconciler('zvt').reconcile(t);
    expect(r.actions).toEqual([expect.objectContaining({ id: 'p-int', from: 'intent', to: 'not_sent', detail: expect.stringMatching(/older payment p-old/) })]);
    expect(r.lock).toEqual({ state: 'ready' });
  });

  it.each([
    ['a busy terminal', { ok: false, outcome: 'not_sent', reason: 'the terminal is busy' } as const],
    ['a lost answer', { ok: false, outcome: 'unknown', reason: 'no completion' } as const],
    ['an unknown approval of another amount', APPROVED(999, 'EUR', { receiptNumber: '0099', authCode: 'Q' })],
    ['a failing terminal', new Error('port gone')],
  ])('keeps an intent unknown for staff when the terminal cannot tell: %s', async (_n, answer) => {
    left('p-int', 'intent', 'zvt');
    const t = new FakeZvt();
    t.repeatAnswers.push(answer);
    const r = await reconciler('zvt').reconcile(t);
    expect(r.actions).toEqual([expect.objectContaining({ id: 'p-int', from: 'intent', to: 'unknown', detail: expect.stringMatching(/cannot tell/) })]);
    expect(r.lock).toMatchObject({ state: 'locked-for-staff', paymentIds: ['p-int'] });
    // Without retry options (a one-shot CLI reconciliation) the terminal is asked once.
    expect(t.repeatCalls).toBe(1);
  });

  it('asks only about the most recent payment: the terminal repeats nothing older', async () => {
    left('p-older', 'unknown', 'zvt', { amountMinor: 100 });
    left('p-newer', 'declined', 'zvt', { amountMinor: 200 });
    const t = new FakeZvt();
    t.repeatAnswers.push(APPROVED(100, 'EUR', { receiptNumber: '0001' }));
    const r = await reconciler('zvt').reconcile(t);
    expect(t.repeatCalls).toBe(0);
    expect(r.lock).toEqual({ state: 'locked-for-staff', paymentIds: ['p-older'] });
    expect(r.actions[0]!.detail).toMatch(/a later payment was made/);
  });

  it('stays unknown without a terminal to ask', async () => {
    left('p-sent', 'sent', 'zvt');
    const r = await reconciler('zvt').reconcile(null);
    expect(r.lock.state).toBe('locked-for-staff');
    expect(r.actions.at(-1)!.detail).toMatch(/no ZVT terminal to ask/);
  });
});

/** The back-off timer, fired by hand: no sleeps, no timing in the assertions. */
const BUSY = { ok: false, outcome: 'not_sent', reason: 'the terminal is busy with another operation' } as const;

describe('reconcile ZVT: a terminal still working after the crash', () => {
  function watched(locks: LockState[] = []) {
    const timer = new HandTimer();
    const rec = new PaymentReconciler({ db, terminalId: 'T1', protocol: 'zvt', onChange: (l) => locks.push(l), retry: { timer: timer.schedule } });
    return { rec, timer };
  }

  it('asks again with growing back-off (status enquiry, then repeat receipt) until the terminal answers, then records the approval', async () => {
    left('p-sent', 'sent', 'zvt');
    const t = new FakeZvt();
    // Busy three times: twice the repeat receipt is refused, once the status enquiry says so.
    t.repeatAnswers.push(BUSY, BUSY);
    t.statusAnswers.push({ state: 'ready', detail: 'ok' }, { state: 'ready', detail: 'ok' }, { state: 'busy', detail: 'card inserted' });
    t.repeatAnswers.push(APPROVED(1250, 'EUR', { receiptNumber: '0043', authCode: 'LATE1' }));
    const { rec, timer } = watched();
    const r = await rec.reconcile(t);
    expect(r.lock).toMatchObject({ state: 'locked-for-staff', paymentIds: ['p-sent'], terminalWorking: [{ id: 'p-sent', attempts: 1 }] });
    expect(getPayment(db, 'p-sent')!.state).toBe('unknown');
    await timer.fire(); // repeat receipt refused again
    await timer.fire(); // status enquiry: busy, no repeat receipt asked
    expect(t.repeatCalls).toBe(2);
    expect(rec.lockState()).toMatchObject({ terminalWorking: [{ id: 'p-sent', attempts: 3, detail: expect.stringMatching(/card inserted/) }] });
    await timer.fire(); // answers
    expect(getPayment(db, 'p-sent')).toMatchObject({ state: 'approved', authCode: 'LATE1', receiptNo: '0043' });
    expect(rec.lockState()).toEqual({ state: 'ready' });
    expect(timer.armed).toBe(false);
    expect(timer.waits).toHaveLength(3);
    expect(timer.waits[1]).toBeGreaterThan(timer.waits[0]!);
    expect(timer.waits[2]).toBeGreaterThan(timer.waits[1]!);
    expect(t.statusCalls).toBe(4);
    expect(t.requests).toHaveLength(0);
  });

  it('registers a terminal that answers the status enquiry with "not registered", then asks', async () => {
    left('p-sent', 'sent', 'zvt');
    const t = new FakeZvt();
    t.statusAnswers.push({ state: 'busy', detail: 'card inserted' }, { state: 'not-registered', detail: 'initialisation required' });
    t.repeatAnswers.push(APPROVED(1250, 'EUR', { receiptNumber: '0050' }));
    const { rec, timer } = watched();
    await rec.reconcile(t);
    expect(t.repeatCalls).toBe(0);
    await timer.fire();
    expect(t.registerCalls).toBe(1);
    expect(getPayment(db, 'p-sent')!.state).toBe('approved');
  });

  it('stops asking once the terminal answered, even when the answer leaves the payment to staff', async () => {
    left('p-sent', 'sent', 'zvt');
    const t = new FakeZvt();
    t.repeatAnswers.push(BUSY, { ok: false, outcome: 'nothing', reason: 'no receipt' });
    const { rec, timer } = watched();
    await rec.reconcile(t);
    await timer.fire();
    expect(timer.armed).toBe(false);
    expect(rec.lockState()).toEqual({ state: 'locked-for-staff', paymentIds: ['p-sent'] });
    // Now the terminal has answered: staff may settle it as not charged.
    expect(rec.settle('p-sent', { outcome: 'not-charged' }, 'amina', 'terminal journal shows nothing')).toMatchObject({ ok: true });
  });

  it('stops asking when staff settle it meanwhile (here, from another process)', async () => {
    left('p-sent', 'sent', 'zvt');
    const t = new FakeZvt();
    t.repeatAnswers.push(BUSY);
    const { rec, timer } = watched();
    await rec.reconcile(t);
    const cli = new PaymentReconciler({ db, terminalId: 'T1', protocol: 'zvt' });
    expect(cli.settle('p-sent', { outcome: 'approved', authCode: '4711' }, 'amina', 'terminal journal: approved 12.50')).toMatchObject({ ok: true });
    await timer.fire();
    expect(t.repeatCalls).toBe(1);
    expect(timer.armed).toBe(false);
    expect(rec.lockState()).toEqual({ state: 'ready' });
  });

  it('refuses "not charged" while the terminal has not answered, in any process, unless forced with a reason', async () => {
    left('p-sent', 'sent', 'zvt');
    const t = new FakeZvt();
    t.repeatAnswers.push(BUSY);
    const { rec } = watched();
    await rec.reconcile(t);
    for (const r of [rec, new PaymentReconciler({ db, terminalId: 'T1', protocol: 'zvt' })]) {
      expect(r.settle('p-sent', { outcome: 'not-charged' }, 'amina', 'looks like nothing')).toMatchObject({
        ok: false,
        reason: 'terminal-working',
        detail: expect.stringMatching(/still working|has not answered/),
      });
    }
    expect(getPayment(db, 'p-sent')!.state).toBe('unknown');
    const forced = rec.settle('p-sent', { outcome: 'not-charged', force: true }, 'amina', 'terminal replaced, its journal shows nothing');
    expect(forced).toMatchObject({ ok: true, payment: { state: 'settled_not_charged', settleReason: expect.stringMatching(/forced.*terminal replaced/) } });
    expect(rec.lockState()).toEqual({ state: 'ready' });
  });

  it('lets staff settle as approved while the terminal is still working', async () => {
    left('p-sent', 'sent', 'zvt');
    const t = new FakeZvt();
    t.repeatAnswers.push(BUSY);
    const { rec } = watched();
    await rec.reconcile(t);
    expect(rec.settle('p-sent', { outcome: 'approved', authCode: '4711' }, 'amina', 'terminal journal: approved 12.50')).toMatchObject({ ok: true });
  });

  it('cancels the back-off timer on stop and asks no more', async () => {
    left('p-sent', 'sent', 'zvt');
    const t = new FakeZvt();
    t.repeatAnswers.push(BUSY);
    const { rec, timer } = watched();
    await rec.reconcile(t);
    expect(timer.armed).toBe(true);
    await rec.stop();
    expect(timer.armed).toBe(false);
    expect(t.repeatCalls).toBe(1);
  });

  it('keeps an intent whose terminal gave no answer unknown, and asks again', async () => {
    left('p-int', 'intent', 'zvt');
    const t = new FakeZvt();
    t.repeatAnswers.push(new Error('no reply within 5 s'), APPROVED(1250, 'EUR', { receiptNumber: '0077' }));
    const { rec, timer } = watched();
    const r = await rec.reconcile(t);
    expect(r.actions).toEqual([expect.objectContaining({ id: 'p-int', from: 'intent', to: 'unknown' })]);
    await timer.fire();
    expect(getPayment(db, 'p-int')!.state).toBe('approved');
  });
});
