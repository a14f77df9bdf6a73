// Hand-written tests: every timeout, every device error and the payment rules, on zero-latency scripted
// actors (test-actors.ts) with fake timers. The generated paths (machine.paths.test.ts) cover the graph.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createActor, fromCallback, fromPromise } from 'xstate';
import type { AnyEventObject } from 'xstate';
import { checkinMachine } from './default-machine';
import { paymentActor } from './actors';
import { checkinDelays, DEFAULT_DELAYS } from './delays';
import { controlledActors, HAPPY, scriptedActors, TERMINAL_READY, TEST_SETTINGS, testAppointment } from './test-actors';
import type { Script } from './test-actors';
import { freshVisit } from './visit';
import type { CheckinEmitted, CheckinInput, NumbersOutput, PayControlEvent, PayInput, PrinterOutput, PrintTicketInput, ResumeVisit } from './types';

const D = DEFAULT_DELAYS;

async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

function start(partial: Partial<Script> = {}, opts: { holdPayment?: boolean; input?: Partial<CheckinInput> } = {}) {
  const { actors, calls } = scriptedActors(partial, opts);
  const actor = createActor(checkinMachine.provide({ actors }), { input: { settings: TEST_SETTINGS, terminal: TERMINAL_READY, ...opts.input } });
  const emitted: CheckinEmitted[] = [];
  actor.on('*', (e) => emitted.push(e));
  actor.start();
  const send = async (e: AnyEventObject) => {
    actor.send(e as never);
    await flush();
  };
  const state = () => actor.getSnapshot();
  return { actor, calls, emitted, send, state, visit: () => actor.getSnapshot().context.visit };
}

type Run = ReturnType<typeof start>;

async function toIdentify(r: Run) {
  await r.send({ type: 'TOUCH' });
  await r.send({ type: 'SELECT_LANGUAGE', language: 'ar' });
}
async function toSummaryByScan(r: Run) {
  await toIdentify(r);
  await r.send({ type: 'SCANNED', payload: 'RDV1:TOKEN' });
}
async function toSummaryWalkIn(r: Run, service = 'passport') {
  await toIdentify(r);
  await r.send({ type: 'WALK_IN' });
  await r.send({ type: 'SELECT_SERVICE', service });
}
async function pay(r: Run) {
  await toSummaryByScan(r);
  await r.send({ type: 'CONFIRM' });
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the happy path', () => {
  it('scans, prices, checks the printer, pays, prints ticket then receipt, and returns to attract', async () => {
    const r = start();
    await toSummaryByScan(r);
    expect(r.state().value).toEqual({ summary: 'active' });
    expect(r.visit().quote?.totalMinor).toBe(7998);
    expect(r.calls.verify).toEqual([{ kind: 'qr', payload: 'RDV1:TOKEN' }]);
    await r.send({ type: 'CONFIRM' });
    expect(r.state().value).toBe('done');
    expect(r.calls.printer).toBe(1);
    expect(r.calls.etimbre).toEqual([
      { consulate: 'FR-PAR', kioskId: 'PAR-K1', amountMinor: 7998, currency: 'EUR', services: ['passport'], persons: 1, appointmentId: 'RDV-2026-000042' },
    ]);
    expect(r.calls.pay).toEqual([
      {
        amountMinor: 7998,
        currency: 'EUR',
        reference: 'ET-FRPAR-20261128-000123-M',
        attempt: 1,
        idempotencyKey: 'ET-FRPAR-20261128-000123-M/1',
        kioskId: 'PAR-K1',
      },
    ]);
    expect(r.calls.issueTicket[0]).toMatchObject({
      services: ['passport'],
      persons: 1,
      source: 'appointment',
      appointment: { appointmentId: 'RDV-2026-000042', slotStart: '2026-11-28T09:00:00Z' },
      language: 'ar',
      etimbreReference: 'ET-FRPAR-20261128-000123-M',
    });
    expect(r.calls.printTicket).toHaveLength(1);
    expect(r.calls.printReceipt[0]).toMatchObject({ authCode: 'A12345', maskedPan: '************1234', etimbreReference: 'ET-FRPAR-20261128-000123-M' });
    expect(r.visit()).toMatchObject({ ticketPrinted: true, receiptPrinted: true, ticket: { number: 'C042' } });
    expect(r.emitted).toEqual([]);
    await r.send({ type: 'ACKNOWLEDGE' });
    expect(r.state().value).toBe('attract');
    expect(r.visit()).toEqual(freshVisit(TEST_SETTINGS));
  });

  it('takes a typed code when the QR cannot be read', async () => {
    const r = start();
    await toIdentify(r);
    await r.send({ type: 'TYPE_CODE' });
    await r.send({ type: 'SUBMIT_CODE', code: '   ' });
    expect(r.state().value).toEqual({ identify: { typeCode: 'active' } });
    await r.send({ type: 'SUBMIT_CODE', code: ' K7QF-2M9X ' });
    expect(r.calls.verify).toEqual([{ kind: 'code', code: 'K7QF-2M9X' }]);
    expect(r.state().value).toEqual({ summary: 'active' });
  });

  it('accepts a scan on the attract screen, in the first language', async () => {
    const r = start();
    await r.send({ type: 'SCANNED', payload: 'RDV1:TOKEN' });
    expect(r.state().value).toEqual({ summary: 'active' });
    expect(r.visit().language).toBe('fr');
  });

  it('back to the choice of language forgets the language chosen: the next person reads the first language', async () => {
    const r = start();
    await r.send({ type: 'TOUCH' });
    await r.send({ type: 'SELECT_LANGUAGE', language: 'es' });
    expect(r.state().value).toEqual({ identify: { scan: 'active' } });
    expect(r.visit().language).toBe('es');
    await r.send({ type: 'BACK' });
    expect(r.state().value).toEqual({ language: 'active' });
    expect(r.visit().language).toBe(TEST_SETTINGS.languages[0]);
  });

  it('ignores a language the consulate does not offer', async () => {
    const r = start();
    await r.send({ type: 'TOUCH' });
    await r.send({ type: 'SELECT_LANGUAGE', language: 'de' });
    expect(r.state().value).toEqual({ language: 'active' });
  });

  it('lets a walk-in choose persons (and an appointment not), pricing each change', async () => {
    const r = start();
    await toSummaryWalkIn(r, 'cnie');
    expect(r.calls.walkIn).toEqual([{ services: ['cnie'] }]);
    await r.send({ type: 'SET_PERSONS', persons: 3 });
    expect(r.visit().persons).toBe(3);
    expect(r.visit().quote?.totalMinor).toBe(2931); // 3 × round(105 × 0.093 = 9.765) = 3 × 9.77
    await r.send({ type: 'SET_PERSONS', persons: 7 });
    expect(r.visit().persons).toBe(3);
    const a = start({ verify: { ok: true, appointment: testAppointment({ persons: 2 }) } });
    await toSummaryByScan(a);
    await a.send({ type: 'SET_PERSONS', persons: 1 });
    expect(a.visit().persons).toBe(2);
    expect(a.visit().quote?.totalMinor).toBe(15996);
  });

  it('lets a walk-in ask for priority, which the ticket request carries; an appointment cannot, and going back forgets it', async () => {
    const r = start();
    await toSummaryWalkIn(r, 'information');
    await r.send({ type: 'SET_PRIORITY', priority: 'twins' });
    expect(r.visit().priorityRequest).toBeNull();
    await r.send({ type: 'SET_PRIORITY', priority: 'pregnant' });
    expect(r.visit().priorityRequest).toBe('pregnant');
    await r.send({ type: 'CONFIRM' });
    await vi.waitFor(() => expect(r.calls.issueTicket).toHaveLength(1));
    expect(r.calls.issueTicket[0]).toMatchObject({ source: 'walk-in', priorityRequest: 'pregnant' });

    const b = start();
    await toSummaryWalkIn(b);
    await b.send({ type: 'SET_PRIORITY', priority: 'elderly' });
    await b.send({ type: 'BACK' });
    await b.send({ type: 'SELECT_SERVICE', service: 'passport' });
    expect(b.visit().priorityRequest).toBeNull();

    const a = start();
    await toSummaryByScan(a);
    await a.send({ type: 'SET_PRIORITY', priority: 'elderly' });
    expect(a.visit().priorityRequest).toBeNull();
  });

  it('goes back from the summary to where the visitor came from, forgetting the choice', async () => {
    const r = start();
    await toSummaryWalkIn(r);
    await r.send({ type: 'BACK' });
    expect(r.state().value).toEqual({ identify: { walkIn: 'active' } });
    expect(r.visit().services).toEqual([]);
    const a = start();
    await toSummaryByScan(a);
    await a.send({ type: 'BACK' });
    expect(a.state().value).toEqual({ identify: { scan: 'active' } });
    expect(a.visit().appointment).toBeNull();
  });

  it('skips eTimbre and payment for a free service, but still checks the printer first', async () => {
    const r = start();
    await toSummaryWalkIn(r, 'information');
    expect(r.visit().quote?.payable).toBe(false);
    await r.send({ type: 'CONFIRM' });
    expect(r.state().value).toBe('done');
    expect(r.calls.printer).toBe(1);
    expect(r.calls.etimbre).toEqual([]);
    expect(r.calls.pay).toEqual([]);
    expect(r.calls.printReceipt).toEqual([]);
    expect(r.visit()).toMatchObject({ ticketPrinted: true, receiptPrinted: false, etimbreReference: null });
  });

  it('calls staff from a screen and returns to the same screen', async () => {
    const r = start();
    await toSummaryWalkIn(r);
    await r.send({ type: 'CALL_STAFF' });
    expect(r.state().value).toEqual({ summary: 'staffCall' });
    expect(r.emitted).toEqual([{ type: 'staff.call', screen: 'summary' }]);
    await r.send({ type: 'CONTINUE' });
    expect(r.state().value).toEqual({ summary: 'active' });
    expect(r.visit().services).toEqual(['passport']);
  });
});

describe('timeouts', () => {
  it('SCAN_TIMEOUT shows help once, without restarting the idle timer', async () => {
    const r = start();
    await toIdentify(r);
    vi.advanceTimersByTime(D.SCAN_TIMEOUT - 1);
    expect(r.visit().scanHelp).toBe(false);
    vi.advanceTimersByTime(1);
    expect(r.visit().scanHelp).toBe(true);
    expect(r.state().value).toEqual({ identify: { scan: 'active' } });
    vi.advanceTimersByTime(D.IDLE_TIMEOUT - D.SCAN_TIMEOUT);
    expect(r.state().value).toEqual({ identify: { scan: 'idleWarning' } });
  });

  it('IDLE_TIMEOUT warns; a touch before it restarts the count', async () => {
    const r = start();
    await r.send({ type: 'TOUCH' });
    vi.advanceTimersByTime(D.IDLE_TIMEOUT - 1);
    await r.send({ type: 'TOUCH' });
    vi.advanceTimersByTime(D.IDLE_TIMEOUT - 1);
    expect(r.state().value).toEqual({ language: 'active' });
    vi.advanceTimersByTime(1);
    expect(r.state().value).toEqual({ language: 'idleWarning' });
    expect(r.state().hasTag('idleWarning')).toBe(true);
  });

  it('IDLE_GRACE: one touch continues with the visit intact', async () => {
    const r = start();
    await toSummaryWalkIn(r);
    await r.send({ type: 'SET_PERSONS', persons: 2 });
    vi.advanceTimersByTime(D.IDLE_TIMEOUT);
    expect(r.state().value).toEqual({ summary: 'idleWarning' });
    vi.advanceTimersByTime(D.IDLE_GRACE - 1);
    await r.send({ type: 'TOUCH' });
    expect(r.state().value).toEqual({ summary: 'active' });
    expect(r.visit().persons).toBe(2);
  });

  it('IDLE_GRACE: without a touch the visit is reset and forgotten', async () => {
    const r = start();
    await toSummaryWalkIn(r);
    vi.advanceTimersByTime(D.IDLE_TIMEOUT + D.IDLE_GRACE);
    expect(r.state().value).toBe('attract');
    expect(r.visit()).toEqual(freshVisit(TEST_SETTINGS));
  });

  it('a staff call that nobody answers still ends in the idle warning', async () => {
    const r = start();
    await r.send({ type: 'TOUCH' });
    await r.send({ type: 'CALL_STAFF' });
    vi.advanceTimersByTime(D.IDLE_TIMEOUT);
    expect(r.state().value).toEqual({ language: 'idleWarning' });
  });

  it('DONE_TIMEOUT returns to attract', async () => {
    const r = start();
    await pay(r);
    expect(r.state().value).toBe('done');
    vi.advanceTimersByTime(D.DONE_TIMEOUT - 1);
    expect(r.state().value).toBe('done');
    vi.advanceTimersByTime(1);
    expect(r.state().value).toBe('attract');
  });

  it('ERROR_TIMEOUT returns to attract', async () => {
    const r = start({ verify: { ok: false, reason: 'revoked' } });
    await toSummaryByScan(r);
    expect(r.state().value).toEqual({ error: 'active' });
    vi.advanceTimersByTime(D.ERROR_TIMEOUT);
    expect(r.state().value).toBe('attract');
    expect(r.visit().problem).toBeNull();
  });

  it('PAYMENT_TIMEOUT aborts the payment through its signal; the visitor may pay again with a new attempt', async () => {
    const r = start({}, { holdPayment: true });
    await pay(r);
    expect(r.state().value).toEqual({ paying: 'inProgress' });
    expect(r.visit().payment?.prompt).toEqual({ kind: 'prompt', prompt: 'insert-card' });
    expect(r.calls.signals[0]!.aborted).toBe(false);
    vi.advanceTimersByTime(D.PAYMENT_TIMEOUT);
    await flush();
    expect(r.calls.signals[0]!.aborted).toBe(true);
    expect(r.state().value).toEqual({ paymentFailed: 'active' });
    expect(r.visit().problem?.code).toBe('payment-timeout');
    await r.send({ type: 'RETRY' });
    expect(r.calls.pay.map((p) => p.idempotencyKey)).toEqual(['ET-FRPAR-20261128-000123-M/1', 'ET-FRPAR-20261128-000123-M/2']);
  });

  it('PAYMENT_TIMEOUT twice (the terminal does not answer the abort) locks the kiosk for staff', async () => {
    const c = controlledActors();
    const actor = createActor(checkinMachine.provide({ actors: c.actors }), { input: { settings: TEST_SETTINGS, terminal: TERMINAL_READY } });
    const emitted: CheckinEmitted[] = [];
    actor.on('*', (e) => emitted.push(e));
    actor.start();
    actor.send({ type: 'SCANNED', payload: 'RDV1:X' });
    c.resolve('checkNumbers', { ok: true });
    await flush();
    c.resolve('verifyAppointment', HAPPY.verify);
    await flush();
    actor.send({ type: 'CONFIRM' });
    c.resolve('checkNumbers', { ok: true });
    await flush();
    c.resolve('checkPrinter', { ok: true });
    await flush();
    c.resolve('issueETimbre', HAPPY.etimbre);
    await flush();
    c.payBack({ type: 'PAYMENT_PROGRESS', progress: { kind: 'acknowledged' } });
    vi.advanceTimersByTime(D.PAYMENT_TIMEOUT);
    expect(actor.getSnapshot().value).toEqual({ paying: 'cancelling' });
    expect(c.paySession.received).toEqual(['CANCEL']);
    vi.advanceTimersByTime(D.PAYMENT_TIMEOUT);
    expect(actor.getSnapshot().value).toBe('lockedForStaff');
    expect(actor.getSnapshot().context.visit.lockReason).toBe('payment-unknown');
    expect(emitted).toEqual([
      {
        type: 'staff.alert',
        reason: 'payment-unknown',
        ticketNumber: null,
        etimbreReference: 'ET-FRPAR-20261128-000123-M',
        idempotencyKey: 'ET-FRPAR-20261128-000123-M/1',
      },
    ]);
    vi.advanceTimersByTime(10 * D.PAYMENT_TIMEOUT);
    expect(actor.getSnapshot().value).toBe('lockedForStaff');
    actor.send({ type: 'STAFF_RESOLVED' });
    expect(actor.getSnapshot().value).toBe('attract');
    actor.stop();
  });

  it('uses delays given through provide(), and refuses a grace under 20 s', async () => {
    expect(checkinDelays({ IDLE_GRACE: 19_999 })).toMatchObject({ ok: false, reason: 'bad-delay' });
    expect(checkinDelays({ DONE_TIMEOUT: 0 })).toMatchObject({ ok: false, reason: 'bad-delay' });
    const d = checkinDelays({ IDLE_TIMEOUT: 5_000 });
    if (!d.ok) throw new Error(d.detail);
    const { actors } = scriptedActors();
    const actor = createActor(checkinMachine.provide({ actors, delays: { ...d.delays } }), {
      input: { settings: TEST_SETTINGS, terminal: TERMINAL_READY },
    }).start();
    actor.send({ type: 'TOUCH' });
    vi.advanceTimersByTime(5_000);
    expect(actor.getSnapshot().value).toEqual({ language: 'idleWarning' });
    actor.stop();
  });
});

describe('device errors', () => {
  it('appointment refused: the reason and its facts reach the error screen', async () => {
    const r = start({ verify: { ok: false, reason: 'already-used', detail: { usedAt: '09:12' } } });
    await toSummaryByScan(r);
    expect(r.visit().problem).toEqual({ code: 'appointment-already-used', detail: { usedAt: '09:12' } });
    await r.send({ type: 'RETRY' });
    await r.send({ type: 'WALK_IN' });
    expect(r.state().value).toEqual({ error: 'active' });
  });

  it('a late appointment may join the walk-in queue; an unreadable one may scan again', async () => {
    const late = start({ verify: { ok: false, reason: 'too-late' } });
    await toSummaryByScan(late);
    await late.send({ type: 'WALK_IN' });
    expect(late.state().value).toEqual({ identify: { walkIn: 'active' } });
    expect(late.visit().problem).toBeNull();
    const bad = start({ verify: { ok: false, reason: 'malformed' } });
    await toSummaryByScan(bad);
    await bad.send({ type: 'RETRY' });
    expect(bad.state().value).toEqual({ identify: { scan: 'active' } });
  });

  it('the verifier failing is a device fault, not a refusal', async () => {
    const r = start({ verify: new Error('key store unreadable') });
    await toSummaryByScan(r);
    expect(r.visit().problem).toEqual({ code: 'device-fault', detail: { error: 'key store unreadable' } });
  });

  it('an appointment for a service without a fee in the schedule: fee unavailable', async () => {
    const r = start({ verify: { ok: true, appointment: testAppointment({ services: ['visa'] }) } });
    await toSummaryByScan(r);
    expect(r.state().value).toEqual({ error: 'active' });
    expect(r.visit().problem).toEqual({ code: 'fee-unavailable', detail: { reason: 'unknown-service' } });
  });

  it('walk-in limit reached, or the limit check failing', async () => {
    const r = start({ walkIn: { ok: false, reason: 'day-limit' } });
    await toSummaryWalkIn(r);
    expect(r.visit().problem).toEqual({ code: 'walk-in-day-limit', detail: { service: 'passport' } });
    const s = start({ walkIn: { ok: false, reason: 'service-limit' } });
    await toSummaryWalkIn(s);
    expect(s.visit().problem?.code).toBe('walk-in-service-limit');
    const e = start({ walkIn: new Error('db locked') });
    await toSummaryWalkIn(e);
    expect(e.visit().problem?.code).toBe('device-fault');
  });

  it('printer not ready before payment: no eTimbre, no payment, an error screen', async () => {
    for (const printer of [{ ok: false as const, reason: 'paper-out' }, new Error('no answer')]) {
      const r = start({ printer });
      await pay(r);
      expect(r.state().value).toEqual({ error: 'active' });
      expect(r.visit().problem?.code).toBe('printer-unavailable');
      expect(r.calls.etimbre).toEqual([]);
      expect(r.calls.pay).toEqual([]);
    }
  });

  it('eTimbre not issued: no payment, an error screen', async () => {
    for (const etimbre of [{ ok: false as const, reason: 'unavailable' }, new Error('db full')]) {
      const r = start({ etimbre });
      await pay(r);
      expect(r.visit().problem?.code).toBe('etimbre-unavailable');
      expect(r.calls.pay).toEqual([]);
    }
  });

  it('declined: the visitor may try another card as a NEW payment, up to the attempt limit, or cancel', async () => {
    const r = start({ outcomes: [{ status: 'declined', reason: '51' }] });
    await pay(r);
    expect(r.state().value).toEqual({ paymentFailed: 'active' });
    expect(r.visit().problem).toEqual({ code: 'payment-declined', detail: { reason: '51' } });
    await r.send({ type: 'RETRY' });
    await r.send({ type: 'RETRY' });
    await r.send({ type: 'RETRY' }); // the fourth is refused: maxPaymentAttempts is 3
    expect(r.calls.pay.map((p) => p.attempt)).toEqual([1, 2, 3]);
    expect(new Set(r.calls.pay.map((p) => p.idempotencyKey)).size).toBe(3);
    expect(r.state().value).toEqual({ paymentFailed: 'active' });
    await r.send({ type: 'CANCEL' });
    expect(r.state().value).toBe('attract');
  });

  it('declined then approved prints the ticket with the approved attempt', async () => {
    const r = start({ outcomes: [{ status: 'declined', reason: '05' }, HAPPY.outcomes[0]!] });
    await pay(r);
    await r.send({ type: 'RETRY' });
    expect(r.state().value).toBe('done');
    expect(r.visit().payment).toMatchObject({ attempt: 2, idempotencyKey: 'ET-FRPAR-20261128-000123-M/2', outcome: { status: 'approved' } });
  });

  it('unknown outcome: locked for staff, never retried automatically', async () => {
    const r = start({ outcomes: [{ status: 'unknown', detail: 'link lost after the request' }] });
    await pay(r);
    expect(r.state().value).toBe('lockedForStaff');
    expect(r.emitted).toEqual([
      {
        type: 'staff.alert',
        reason: 'payment-unknown',
        ticketNumber: null,
        etimbreReference: 'ET-FRPAR-20261128-000123-M',
        idempotencyKey: 'ET-FRPAR-20261128-000123-M/1',
      },
    ]);
    for (const type of ['RETRY', 'CANCEL', 'TOUCH', 'ACKNOWLEDGE', 'CONFIRM']) await r.send({ type });
    vi.advanceTimersByTime(3_600_000);
    expect(r.state().value).toBe('lockedForStaff');
    expect(r.calls.pay).toHaveLength(1);
  });

  it('not sent (no acknowledgement): may be sent again under the same key', async () => {
    const r = start({ progress: [], outcomes: [{ status: 'not_sent', detail: 'NAK ×3' }, HAPPY.outcomes[0]!] });
    await pay(r);
    expect(r.visit().problem?.code).toBe('payment-not-sent');
    await r.send({ type: 'RETRY' });
    expect(r.calls.pay.map((p) => p.idempotencyKey)).toEqual(['ET-FRPAR-20261128-000123-M/1', 'ET-FRPAR-20261128-000123-M/1']);
    expect(r.state().value).toBe('done');
  });

  it('not sent AFTER an acknowledgement contradicts itself: locked, never re-sent', async () => {
    const r = start({ progress: [{ kind: 'acknowledged' }], outcomes: [{ status: 'not_sent', detail: '?' }] });
    await pay(r);
    expect(r.state().value).toBe('lockedForStaff');
    expect(r.calls.pay).toHaveLength(1);
  });

  it('a payment driver that throws gives unknown (locked), never "not charged"', async () => {
    const boom = paymentActor(async () => {
      throw new Error('serial port closed');
    });
    const { actors } = scriptedActors();
    const actor = createActor(checkinMachine.provide({ actors: { ...actors, pay: boom } }), {
      input: { settings: TEST_SETTINGS, terminal: TERMINAL_READY },
    }).start();
    actor.send({ type: 'SCANNED', payload: 'x' });
    await flush();
    actor.send({ type: 'CONFIRM' });
    await flush();
    expect(actor.getSnapshot().value).toBe('lockedForStaff');
    expect(actor.getSnapshot().context.visit.payment?.outcome).toEqual({ status: 'unknown', detail: 'payment driver failed: serial port closed' });
    actor.stop();
  });

  it('a pay actor that fails to start (xstate.error.actor.pay) locks as unknown too', async () => {
    const broken = fromCallback<PayControlEvent, PayInput>(() => {
      throw new Error('terminal not wired');
    });
    const { actors } = scriptedActors();
    const actor = createActor(checkinMachine.provide({ actors: { ...actors, pay: broken } }), {
      input: { settings: TEST_SETTINGS, terminal: TERMINAL_READY },
    }).start();
    actor.send({ type: 'SCANNED', payload: 'x' });
    await flush();
    actor.send({ type: 'CONFIRM' });
    await flush();
    expect(actor.getSnapshot().value).toBe('lockedForStaff');
    expect(actor.getSnapshot().context.visit).toMatchObject({ lockReason: 'payment-unknown', problem: { code: 'device-fault' } });
    actor.stop();
  });

  it('cancel during paying aborts through the signal and waits for the terminal before leaving', async () => {
    const r = start({}, { holdPayment: true });
    await pay(r);
    await r.send({ type: 'CANCEL' });
    expect(r.calls.signals[0]!.aborted).toBe(true);
    expect(r.state().value).toEqual({ error: 'active' });
    expect(r.visit().problem?.code).toBe('payment-cancelled');
    await r.send({ type: 'ACKNOWLEDGE' });
    expect(r.state().value).toBe('attract');
  });

  it('an approval that races the cancel is honoured: the ticket is printed', async () => {
    const c = controlledActors();
    const actor = createActor(checkinMachine.provide({ actors: c.actors }), { input: { settings: TEST_SETTINGS, terminal: TERMINAL_READY } }).start();
    actor.send({ type: 'SCANNED', payload: 'x' });
    c.resolve('checkNumbers', { ok: true });
    await flush();
    c.resolve('verifyAppointment', HAPPY.verify);
    await flush();
    actor.send({ type: 'CONFIRM' });
    c.resolve('checkNumbers', { ok: true });
    await flush();
    c.resolve('checkPrinter', { ok: true });
    await flush();
    c.resolve('issueETimbre', HAPPY.etimbre);
    await flush();
    actor.send({ type: 'CANCEL' });
    expect(actor.getSnapshot().value).toEqual({ paying: 'cancelling' });
    actor.send({ type: 'CANCEL' }); // a second press changes nothing
    expect(c.paySession.received).toEqual(['CANCEL']);
    c.payBack({ type: 'PAYMENT_RESULT', outcome: { status: 'approved', authCode: 'Z9' } });
    await flush();
    expect(actor.getSnapshot().value).toEqual({ printing: 'issuing' });
    expect(c.paySession.inputs).toHaveLength(1);
    actor.stop();
  });

  it('no ticket number for a free service: error; after an approved payment: locked for staff', async () => {
    const free = start({ ticket: new Error('queue db busy') });
    await toSummaryWalkIn(free, 'information');
    await free.send({ type: 'CONFIRM' });
    expect(free.visit().problem?.code).toBe('ticket-unavailable');
    expect(free.state().value).toEqual({ error: 'active' });
    const paid = start({ ticket: new Error('queue db busy') });
    await pay(paid);
    expect(paid.state().value).toBe('lockedForStaff');
    expect(paid.emitted).toEqual([expect.objectContaining({ type: 'staff.alert', reason: 'paid-no-ticket' })]);
  });

  it('ticket print fails after an approved payment: the ticket stays on screen and staff are alerted', async () => {
    for (const printTicket of [{ ok: false as const, reason: 'paper-out' }, new Error('cover open')]) {
      const r = start({ printTicket });
      await pay(r);
      expect(r.state().value).toEqual({ printFailed: 'active' });
      expect(r.visit().ticket).toEqual(HAPPY.ticket);
      expect(r.visit().problem?.code).toBe('ticket-print-failed');
      expect(r.calls.printReceipt).toEqual([]);
      expect(r.emitted).toEqual([
        {
          type: 'staff.alert',
          reason: 'ticket-print-failed',
          ticketNumber: 'C042',
          etimbreReference: 'ET-FRPAR-20261128-000123-M',
          idempotencyKey: 'ET-FRPAR-20261128-000123-M/1',
        },
      ]);
      await r.send({ type: 'ACKNOWLEDGE' });
      expect(r.state().value).toBe('attract');
    }
  });

  it('a ticket that did not print stays on screen whatever the time, until the visitor or staff clear it', async () => {
    const r = start({ printTicket: { ok: false, reason: 'paper-out' } });
    await pay(r);
    vi.advanceTimersByTime(D.IDLE_TIMEOUT + D.IDLE_GRACE + D.ERROR_TIMEOUT + 3_600_000);
    expect(r.state().value).toEqual({ printFailed: 'active' });
    await r.send({ type: 'CALL_STAFF' });
    vi.advanceTimersByTime(3_600_000);
    expect(r.state().value).toEqual({ printFailed: 'staffCall' });
    await r.send({ type: 'STAFF_RESOLVED' });
    expect(r.state().value).toBe('attract');
  });

  it('receipt print fails: printFailed with the ticket, staff alerted', async () => {
    const r = start({ printReceipt: { ok: false, reason: 'paper-out' } });
    await pay(r);
    expect(r.state().value).toEqual({ printFailed: 'active' });
    expect(r.visit()).toMatchObject({ ticketPrinted: true, receiptPrinted: false, problem: { code: 'receipt-print-failed' } });
    expect(r.emitted[0]).toMatchObject({ type: 'staff.alert', reason: 'receipt-print-failed', ticketNumber: 'C042' });
  });

  it('a payment settled by staff as not charged tells the visitor, with the error screen and its timer (issue 19, item 3)', async () => {
    const r = start({ outcomes: [{ status: 'unknown', detail: 'answer lost' }] });
    await pay(r);
    expect(r.state().value).toBe('lockedForStaff');
    await r.send({ type: 'PAYMENT_NOT_TAKEN' });
    expect(r.state().value).toEqual({ error: 'active' });
    expect(r.visit()).toMatchObject({ problem: { code: 'payment-not-taken' }, lockReason: null, ticket: null });
    vi.advanceTimersByTime(D.ERROR_TIMEOUT);
    expect(r.state().value).toBe('attract');
    // Anywhere else the daemon's word changes nothing.
    await r.send({ type: 'PAYMENT_NOT_TAKEN' });
    expect(r.state().value).toBe('attract');
  });

  describe('paper runs out while the ticket prints (issue 19, item 2)', () => {
    /** A paid visit whose ticket print the test answers; the daemon's PRINTER_WAITING / PRINTER_RESUMED are sent by hand. */
    async function heldTicket() {
      const { actors, calls } = scriptedActors();
      let answer: (o: { ok: true } | { ok: false; reason: string }) => void = () => {};
      const printTicket = fromPromise<PrinterOutput, PrintTicketInput>(() => new Promise((r) => (answer = r)));
      const actor = createActor(checkinMachine.provide({ actors: { ...actors, printTicket } }), {
        input: { settings: TEST_SETTINGS, terminal: TERMINAL_READY },
      });
      const emitted: CheckinEmitted[] = [];
      actor.on('*', (e) => emitted.push(e));
      actor.start();
      const send = async (e: AnyEventObject) => {
        actor.send(e as never);
        await flush();
      };
      await send({ type: 'TOUCH' });
      await send({ type: 'SELECT_LANGUAGE', language: 'ar' });
      await send({ type: 'SCANNED', payload: 'RDV1:TOKEN' });
      await send({ type: 'CONFIRM' });
      expect(actor.getSnapshot().value).toEqual({ printing: { ticket: 'sending' } });
      return { actor, calls, emitted, send, answer: async (o: { ok: true } | { ok: false; reason: string }) => (answer(o), flush()) };
    }

    it('says so at once with the number, alerts staff, and goes on to the receipt when the ticket prints', async () => {
      const r = await heldTicket();
      await r.send({ type: 'PRINTER_WAITING', printer: 'paper-out', reason: 'paper out: load a new roll' });
      const s = r.actor.getSnapshot();
      expect(s.value).toEqual({ printing: { ticket: 'waiting' } });
      expect(s.hasTag('printerWaiting')).toBe(true);
      expect(s.context.visit.ticket).toEqual(HAPPY.ticket);
      expect(s.context.visit.problem).toEqual({ code: 'ticket-print-waiting', detail: { printer: 'paper-out', reason: 'paper out: load a new roll' } });
      expect(r.emitted).toEqual([expect.objectContaining({ type: 'staff.alert', reason: 'ticket-print-waiting', ticketNumber: 'C042' })]);
      // Whatever the time: the number is the visitor's only record while the job waits.
      vi.advanceTimersByTime(D.IDLE_TIMEOUT + D.IDLE_GRACE + D.ERROR_TIMEOUT + 3_600_000);
      expect(r.actor.getSnapshot().value).toEqual({ printing: { ticket: 'waiting' } });
      await r.send({ type: 'PRINTER_RESUMED' });
      expect(r.actor.getSnapshot().value).toEqual({ printing: { ticket: 'sending' } });
      expect(r.actor.getSnapshot().context.visit.problem).toBeNull();
      await r.answer({ ok: true });
      expect(r.actor.getSnapshot().value).toBe('done');
      expect(r.actor.getSnapshot().context.visit).toMatchObject({ ticketPrinted: true, receiptPrinted: true, problem: null });
      expect(r.calls.pay).toHaveLength(1);
      r.actor.stop();
    });

    it('a ticket that prints while the screen still waits moves on without a resume event', async () => {
      const r = await heldTicket();
      await r.send({ type: 'PRINTER_WAITING', printer: 'paper-out', reason: 'paper out' });
      await r.answer({ ok: true });
      expect(r.actor.getSnapshot().value).toBe('done');
      expect(r.actor.getSnapshot().context.visit.problem).toBeNull();
      r.actor.stop();
    });

    it('the visitor who noted the number may leave; a job that finally fails is printFailed as before', async () => {
      const left = await heldTicket();
      await left.send({ type: 'PRINTER_WAITING', printer: 'paper-out', reason: 'paper out' });
      await left.send({ type: 'ACKNOWLEDGE' });
      expect(left.actor.getSnapshot().value).toBe('attract');
      left.actor.stop();
      const failed = await heldTicket();
      await failed.send({ type: 'PRINTER_WAITING', printer: 'paper-out', reason: 'paper out' });
      await failed.answer({ ok: false, reason: 'printer not ready (waited 900 s): paper out' });
      expect(failed.actor.getSnapshot().value).toEqual({ printFailed: 'active' });
      expect(failed.actor.getSnapshot().context.visit.problem?.code).toBe('ticket-print-failed');
      failed.actor.stop();
    });

    it('a printer that stops outside printing changes nothing', async () => {
      const r = start();
      await r.send({ type: 'PRINTER_WAITING', printer: 'paper-out', reason: 'paper out' });
      expect(r.state().value).toBe('attract');
    });
  });

  it('scanner faults are kept as device state across visitors until the scanner recovers', async () => {
    let send: ((e: AnyEventObject) => void) | null = null;
    const { actors } = scriptedActors();
    const scanner = fromCallback<AnyEventObject, void>(({ sendBack }) => {
      send = sendBack;
      return () => {};
    });
    const actor = createActor(checkinMachine.provide({ actors: { ...actors, scanner } }), {
      input: { settings: TEST_SETTINGS, terminal: TERMINAL_READY },
    }).start();
    send!({ type: 'SCANNER_FAULT', reason: 'no answer on /dev/ttyACM0' });
    expect(actor.getSnapshot().context.scannerFault).toBe('no answer on /dev/ttyACM0');
    actor.send({ type: 'TOUCH' });
    actor.send({ type: 'CANCEL' });
    expect(actor.getSnapshot().context.scannerFault).toBe('no answer on /dev/ttyACM0');
    send!({ type: 'SCANNER_OK' });
    expect(actor.getSnapshot().context.scannerFault).toBeNull();
    send!({ type: 'SCANNED', payload: 'RDV1:Y' });
    await flush();
    expect(actor.getSnapshot().value).toEqual({ summary: 'active' });
    actor.stop();
  });

  it('an actor the daemon forgot to provide fails loudly, naming it', async () => {
    const actor = createActor(checkinMachine, { input: { settings: TEST_SETTINGS, terminal: TERMINAL_READY } }).start();
    expect(actor.getSnapshot().context.scannerFault).toBe('not-configured');
    actor.send({ type: 'TOUCH' });
    actor.send({ type: 'SELECT_LANGUAGE', language: 'fr' });
    await flush();
    // The first actor a visit meets is the numbers check: it names itself too.
    expect(actor.getSnapshot().context.visit.problem?.detail.error).toMatch(/"checkNumbers" was not provided/);
    actor.send({ type: 'ACKNOWLEDGE' });
    actor.stop();
    const { actors } = scriptedActors();
    const { verifyAppointment: _forgotten, ...rest } = actors;
    void _forgotten;
    const partial = createActor(checkinMachine.provide({ actors: rest }), { input: { settings: TEST_SETTINGS, terminal: TERMINAL_READY } }).start();
    partial.send({ type: 'TOUCH' });
    partial.send({ type: 'SELECT_LANGUAGE', language: 'fr' });
    await flush();
    partial.send({ type: 'TYPE_CODE' });
    partial.send({ type: 'SUBMIT_CODE', code: 'K7QF-2M9X' });
    await flush();
    expect(partial.getSnapshot().context.visit.problem?.detail.error).toMatch(/"verifyAppointment" was not provided/);
    partial.stop();
  });
});

describe('resume from the journal', () => {
  const quote = {
    currency: 'EUR',
    minorDigits: 2,
    rate: '0.093',
    lines: [{ service: 'passport', unitFeeMad: '860', unitMinor: 7998, persons: 1, totalMinor: 7998 }],
    totalMinor: 7998,
    payable: true,
  };
  const base: ResumeVisit = {
    language: 'es',
    source: 'appointment',
    appointment: testAppointment(),
    services: ['passport'],
    persons: 1,
    quote,
    etimbreReference: 'ET-FRPAR-20261128-000123-M',
    payment: { attempt: 2, idempotencyKey: 'ET-FRPAR-20261128-000123-M/2', outcome: { status: 'approved', authCode: 'B7', maskedPan: '****9' } },
    ticket: null,
    ticketPrinted: false,
  };

  it('waits for RESUME_PRINTING, then issues and prints without paying again', async () => {
    const r = start({}, { input: { resume: base } });
    expect(r.state().value).toBe('resumePending');
    await r.send({ type: 'TOUCH' });
    expect(r.state().value).toBe('resumePending');
    await r.send({ type: 'RESUME_PRINTING' });
    expect(r.state().value).toBe('done');
    expect(r.calls.pay).toEqual([]);
    expect(r.calls.printer).toBe(0);
    expect(r.calls.issueTicket[0]).toMatchObject({ language: 'es', etimbreReference: 'ET-FRPAR-20261128-000123-M' });
    expect(r.calls.printReceipt[0]).toMatchObject({ authCode: 'B7', maskedPan: '****9' });
  });

  it('skips what the journal says was done: an issued ticket is printed, not issued again', async () => {
    const r = start({}, { input: { resume: { ...base, ticket: HAPPY.ticket as never } } });
    await r.send({ type: 'RESUME_PRINTING' });
    expect(r.calls.issueTicket).toEqual([]);
    expect(r.calls.printTicket).toHaveLength(1);
    const s = start({}, { input: { resume: { ...base, ticket: HAPPY.ticket as never, ticketPrinted: true } } });
    await s.send({ type: 'RESUME_PRINTING' });
    expect(s.calls.printTicket).toEqual([]);
    expect(s.calls.printReceipt).toHaveLength(1);
    expect(s.state().value).toBe('done');
  });

  it('refuses to print for a payment that was not approved: locked for staff', async () => {
    const r = start({}, { input: { resume: { ...base, payment: { ...base.payment!, outcome: { status: 'unknown', detail: 'crash' } } } } });
    await r.send({ type: 'RESUME_PRINTING' });
    expect(r.state().value).toBe('lockedForStaff');
    expect(r.calls.issueTicket).toEqual([]);
  });

  it('the daemon may lock instead (reconciling)', async () => {
    const r = start({}, { input: { resume: base } });
    await r.send({ type: 'LOCK_FOR_STAFF' });
    expect(r.state().value).toBe('lockedForStaff');
    await r.send({ type: 'STAFF_RESOLVED' });
    expect(r.state().value).toBe('attract');
    expect(r.visit()).toEqual(freshVisit(TEST_SETTINGS));
  });
});

describe('no ticket numbers while the kiosk clock is off the hub’s (reason clock)', () => {
  const CLOCK: NumbersOutput = { ok: false, reason: 'clock', skewSeconds: 420, maxSkewSeconds: 180 };
  const alerted = { type: 'staff.alert', reason: 'numbers-clock', ticketNumber: null, etimbreReference: null, idempotencyKey: null };

  it('refused when the visit starts, in the language just chosen: nothing verified or claimed, staff get the difference', async () => {
    const r = start({ numbers: CLOCK });
    await toIdentify(r);
    expect(r.state().value).toEqual({ error: 'active' });
    expect(r.visit()).toMatchObject({ language: 'ar', problem: { code: 'numbers-clock', detail: { skewSeconds: 420, maxSkewSeconds: 180 } } });
    expect(r.calls.verify).toEqual([]);
    expect(r.emitted).toEqual([{ ...alerted, detail: { skewSeconds: 420, maxSkewSeconds: 180 } }]);
    // No way around it from the visitor's side: neither scanning again nor a walk-in.
    await r.send({ type: 'RETRY' });
    await r.send({ type: 'WALK_IN' });
    expect(r.state().value).toEqual({ error: 'active' });
    await r.send({ type: 'ACKNOWLEDGE' });
    expect(r.state().value).toBe('attract');
  });

  it('a QR scanned straight from the attract screen is not verified (its token is not claimed)', async () => {
    const r = start({ numbers: CLOCK });
    await r.send({ type: 'SCANNED', payload: 'RDV1:TOKEN' });
    expect(r.state().value).toEqual({ error: 'active' });
    expect(r.visit().problem?.code).toBe('numbers-clock');
    expect(r.calls.verify).toEqual([]);
  });

  it('asked again on CONFIRM: a clock gone off during the visit stops it before the printer check and any payment', async () => {
    const answers: NumbersOutput[] = [{ ok: true }, CLOCK];
    const { actors, calls } = scriptedActors();
    const checkNumbers = fromPromise<NumbersOutput, void>(async () => answers.shift() ?? CLOCK);
    const actor = createActor(checkinMachine.provide({ actors: { ...actors, checkNumbers } }), {
      input: { settings: TEST_SETTINGS, terminal: TERMINAL_READY },
    });
    const emitted: CheckinEmitted[] = [];
    actor.on('*', (e) => emitted.push(e));
    actor.start();
    for (const e of [{ type: 'TOUCH' }, { type: 'SELECT_LANGUAGE', language: 'es' }, { type: 'SCANNED', payload: 'RDV1:TOKEN' }, { type: 'CONFIRM' }]) {
      actor.send(e as never);
      await flush();
    }
    expect(actor.getSnapshot().value).toEqual({ error: 'active' });
    expect(actor.getSnapshot().context.visit.problem?.code).toBe('numbers-clock');
    expect([calls.verify.length, calls.printer, calls.etimbre.length, calls.pay.length, calls.issueTicket.length]).toEqual([1, 0, 0, 0, 0]);
    expect(emitted).toEqual([{ ...alerted, detail: { skewSeconds: 420, maxSkewSeconds: 180 } }]);
    actor.stop();
  });

  it('the ticket request says whether the visitor paid: a paid visitor must get a number whatever the clock', async () => {
    const paid = start();
    await pay(paid);
    expect(paid.calls.issueTicket.map((i) => i.paid)).toEqual([true]);
    const free = start();
    await toSummaryWalkIn(free, 'information');
    await free.send({ type: 'CONFIRM' });
    expect(free.state().value).toBe('done');
    expect(free.calls.issueTicket.map((i) => i.paid)).toEqual([false]);
    expect([paid.calls.numbers, free.calls.numbers]).toEqual([2, 2]);
  });
});

describe('terminal readiness before the visitor commits', () => {
  it('does not offer Pay until the terminal has answered a status check (not asked yet at start)', async () => {
    const r = start({}, { input: { terminal: undefined } });
    expect(r.state().context.terminal).toEqual({ ready: null, state: null });
    await toSummaryByScan(r);
    await r.send({ type: 'CONFIRM' });
    expect(r.state().value).toEqual({ summary: 'active' });
    expect(r.calls.printer).toBe(0);
    await r.send({ type: 'TERMINAL_STATUS', ready: true, state: 'ready' });
    await r.send({ type: 'CONFIRM' });
    expect(r.state().value).toBe('done');
  });

  it('a terminal switched off on the summary blocks Pay, and Pay comes back with it, on the same screen', async () => {
    const r = start();
    await toSummaryByScan(r);
    await r.send({ type: 'TERMINAL_STATUS', ready: false, state: 'offline' });
    expect(r.state().context.terminal).toEqual({ ready: false, state: 'offline' });
    await r.send({ type: 'CONFIRM' });
    expect(r.state().value).toEqual({ summary: 'active' });
    expect(r.calls.etimbre).toEqual([]);
    expect(r.calls.pay).toEqual([]);
    // The visitor may wait (the status is re-checked for them) or walk away.
    await r.send({ type: 'TERMINAL_STATUS', ready: true, state: 'ready' });
    expect(r.state().value).toEqual({ summary: 'active' });
    await r.send({ type: 'CONFIRM' });
    expect(r.state().value).toBe('done');
    expect(r.calls.pay).toHaveLength(1);
  });

  it('walking away from a blocked summary forgets the visitor and keeps what the terminal said', async () => {
    const r = start();
    await toSummaryByScan(r);
    await r.send({ type: 'TERMINAL_STATUS', ready: false, state: 'out-of-order' });
    await r.send({ type: 'CANCEL' });
    expect(r.state().value).toBe('attract');
    expect(r.state().context.terminal).toEqual({ ready: false, state: 'out-of-order' });
  });

  it('the idle timer still runs on a blocked summary: nobody waits forever', async () => {
    const r = start();
    await toSummaryByScan(r);
    await r.send({ type: 'TERMINAL_STATUS', ready: false, state: 'offline' });
    vi.advanceTimersByTime(D.IDLE_TIMEOUT);
    await flush();
    expect(r.state().hasTag('idleWarning')).toBe(true);
  });

  it('a free service is not blocked by the terminal', async () => {
    const r = start();
    await toSummaryWalkIn(r, 'information');
    expect(r.visit().quote?.payable).toBe(false);
    await r.send({ type: 'TERMINAL_STATUS', ready: false, state: 'offline' });
    await r.send({ type: 'CONFIRM' });
    expect(r.state().value).toBe('done');
    expect(r.calls.pay).toEqual([]);
  });
});

describe('a walk-in visit of several services (issue 18 item 8)', () => {
  /** Walk-in answers by service: the ones listed here are refused (last ticket passed), the others open. */
  function startWith(refused: string[]) {
    const { actors, calls } = scriptedActors();
    const checked: string[][] = [];
    const checkWalkInAllowed = fromPromise<unknown, { services: string[] }>(async ({ input }) => {
      checked.push(input.services);
      const s = input.services.find((x) => refused.includes(x));
      return s ? { ok: false, reason: 'last-ticket', service: s, detail: { nextDate: '2026-11-29', nextTime: '08:30' } } : { ok: true };
    });
    const actor = createActor(checkinMachine.provide({ actors: { ...actors, checkWalkInAllowed } as never }), {
      input: { settings: TEST_SETTINGS, terminal: TERMINAL_READY },
    });
    actor.start();
    const send = async (e: AnyEventObject) => {
      actor.send(e as never);
      await flush();
    };
    return { actor, calls, checked, send, visit: () => actor.getSnapshot().context.visit, value: () => actor.getSnapshot().value };
  }
  async function walkIn(r: ReturnType<typeof startWith>, service: string) {
    await r.send({ type: 'TOUCH' });
    await r.send({ type: 'SELECT_LANGUAGE', language: 'fr' });
    await r.send({ type: 'WALK_IN' });
    await r.send({ type: 'SELECT_SERVICE', service });
  }

  it('adds a service on the summary: every service is checked again, each fee is a line, one payment of the total, one routed ticket', async () => {
    const r = startWith([]);
    await walkIn(r, 'passport');
    await r.send({ type: 'ADD_SERVICE', service: 'cnie' });
    expect(r.checked).toEqual([['passport'], ['passport', 'cnie']]);
    expect(r.value()).toEqual({ summary: 'active' });
    expect(r.visit().services).toEqual(['passport', 'cnie']);
    expect(r.visit().quote?.lines.map((l) => [l.service, l.totalMinor])).toEqual([
      ['passport', 7998],
      ['cnie', 977],
    ]);
    expect(r.visit().quote?.totalMinor).toBe(8975);
    await r.send({ type: 'CONFIRM' });
    expect(r.value()).toBe('done');
    expect(r.calls.etimbre).toEqual([expect.objectContaining({ amountMinor: 8975, services: ['passport', 'cnie'] })]);
    expect(r.calls.pay).toHaveLength(1);
    expect(r.calls.pay[0]!.amountMinor).toBe(8975);
    expect(r.calls.issueTicket).toEqual([expect.objectContaining({ services: ['passport', 'cnie'] })]);
    expect(r.calls.printTicket).toEqual([expect.objectContaining({ services: ['passport', 'cnie'] })]);
    expect(r.calls.printReceipt[0]!.quote.lines).toHaveLength(2);
  });

  it('a service that cannot be had is named on the summary and left out, before any payment; the rest stays', async () => {
    const r = startWith(['cnie']);
    await walkIn(r, 'passport');
    await r.send({ type: 'ADD_SERVICE', service: 'cnie' });
    expect(r.value()).toEqual({ summary: 'active' });
    expect(r.visit().services).toEqual(['passport']);
    expect(r.visit().problem).toEqual({ code: 'walk-in-last-ticket', detail: { service: 'cnie', nextDate: '2026-11-29', nextTime: '08:30' } });
    expect(r.visit().quote?.totalMinor).toBe(7998);
    expect(r.calls.etimbre).toEqual([]);
    expect(r.calls.pay).toEqual([]);
  });

  it('the first service refused alone is the error screen, naming it, as before', async () => {
    const r = startWith(['cnie']);
    await walkIn(r, 'cnie');
    expect(r.value()).toEqual({ error: 'active' });
    expect(r.visit().problem).toMatchObject({ code: 'walk-in-last-ticket', detail: { service: 'cnie' } });
  });

  it('removes a service (never the last), refuses a duplicate or one not offered; an appointment cannot add', async () => {
    const r = startWith([]);
    await walkIn(r, 'passport');
    await r.send({ type: 'ADD_SERVICE', service: 'passport' });
    await r.send({ type: 'ADD_SERVICE', service: 'tourism' });
    expect(r.checked).toHaveLength(1);
    await r.send({ type: 'ADD_SERVICE', service: 'cnie' });
    await r.send({ type: 'ADD_SERVICE', service: 'information' });
    expect(r.visit().services).toEqual(['passport', 'cnie', 'information']);
    await r.send({ type: 'REMOVE_SERVICE', service: 'passport' });
    expect(r.visit().services).toEqual(['cnie', 'information']);
    expect(r.visit().quote?.totalMinor).toBe(977);
    await r.send({ type: 'REMOVE_SERVICE', service: 'cnie' });
    await r.send({ type: 'REMOVE_SERVICE', service: 'information' });
    expect(r.visit().services).toEqual(['information']);

    const a = start();
    await toSummaryByScan(a);
    await a.send({ type: 'ADD_SERVICE', service: 'cnie' });
    expect(a.visit().services).toEqual(['passport']);
  });
});
