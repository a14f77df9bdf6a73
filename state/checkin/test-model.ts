// The model the generated-path test traverses: the events offered in each state, and the part of a
// snapshot that two runs must agree on. Kept apart from the test so a script can measure the graph.
import type { AnyEventObject, SnapshotFrom, StateNode } from 'xstate';
import { checkinMachine } from './default-machine';
import { HAPPY, TERMINAL_READY, TEST_SETTINGS, testAppointment } from './test-actors';
import type { CheckinInput, ResumeVisit } from './types';
import { quoteFee } from '../../domain/fees/fee';

export type Snap = SnapshotFrom<typeof checkinMachine>;
type AnyNode = StateNode<any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SETTINGS = { ...TEST_SETTINGS, maxPaymentAttempts: 2 };

export function allNodes(node: AnyNode = checkinMachine.root as AnyNode): AnyNode[] {
  return [node, ...Object.values(node.states).flatMap((n) => allNodes(n as AnyNode))];
}

const AFTER_EVENTS = [...new Set(allNodes().flatMap((n) => n.after.map((t) => t.eventType)))];
const done = (id: string, output: unknown) => ({ type: `xstate.done.actor.${id}`, output, actorId: id });
const failed = (id: string) => ({ type: `xstate.error.actor.${id}`, error: new Error(`${id} broke`), actorId: id });
const quote = (() => {
  const r = quoteFee({ schedule: SETTINGS.services, services: ['passport'], persons: 1, chanceryRate: SETTINGS.chanceryRate, currency: 'EUR' });
  if (!r.ok) throw new Error(r.detail);
  return r.quote;
})();

export const EVENTS: AnyEventObject[] = [
  { type: 'TOUCH' },
  { type: 'SELECT_LANGUAGE', language: 'ar' },
  { type: 'SELECT_LANGUAGE', language: 'de' },
  { type: 'SCANNED', payload: 'RDV1:6BFOXN*TS0BI$ZDFRH' },
  { type: 'SCANNER_FAULT', reason: 'no-answer' },
  { type: 'SCANNER_OK' },
  { type: 'TERMINAL_STATUS', ready: false, state: 'offline' },
  { type: 'TERMINAL_STATUS', ready: true, state: 'ready' },
  { type: 'TYPE_CODE' },
  { type: 'SUBMIT_CODE', code: 'K7QF-2M9X' },
  { type: 'SUBMIT_CODE', code: '  ' },
  { type: 'WALK_IN' },
  { type: 'SELECT_SERVICE', service: 'passport' },
  { type: 'SELECT_SERVICE', service: 'information' },
  { type: 'SELECT_SERVICE', service: 'visa' },
  { type: 'SET_PERSONS', persons: 2 },
  { type: 'SET_PERSONS', persons: 99 },
  { type: 'SET_PRIORITY', priority: 'pregnant' },
  // Issue 18 item 8: a second service on the summary, its refusal (named), and taking it back.
  { type: 'ADD_SERVICE', service: 'information' },
  { type: 'REMOVE_SERVICE', service: 'information' },
  { type: 'BACK' },
  { type: 'CONFIRM' },
  { type: 'CANCEL' },
  { type: 'RETRY' },
  { type: 'CONTINUE' },
  { type: 'CALL_STAFF' },
  { type: 'ACKNOWLEDGE' },
  { type: 'PAYMENT_PROGRESS', progress: { kind: 'acknowledged' } },
  { type: 'PAYMENT_PROGRESS', progress: { kind: 'prompt', prompt: 'enter-pin' } },
  { type: 'PAYMENT_RESULT', outcome: { status: 'approved', authCode: 'A1', maskedPan: '****1234' } },
  { type: 'PAYMENT_RESULT', outcome: { status: 'declined', reason: 'insufficient funds' } },
  { type: 'PAYMENT_RESULT', outcome: { status: 'aborted' } },
  { type: 'PAYMENT_RESULT', outcome: { status: 'unknown', detail: 'line dropped after the request' } },
  { type: 'PAYMENT_RESULT', outcome: { status: 'not_sent', detail: 'no ACK' } },
  { type: 'RESUME_PRINTING' },
  { type: 'LOCK_FOR_STAFF' },
  { type: 'STAFF_RESOLVED' },
  { type: 'PAYMENT_NOT_TAKEN' },
  { type: 'PRINTER_WAITING', printer: 'paper-out', reason: 'paper out: load a new roll' },
  { type: 'PRINTER_RESUMED' },
  done('checkNumbers', { ok: true }),
  done('checkNumbers', { ok: false, reason: 'clock', skewSeconds: 420, maxSkewSeconds: 180 }),
  failed('checkNumbers'),
  done('verifyAppointment', { ok: true, appointment: testAppointment() }),
  done('verifyAppointment', { ok: true, appointment: testAppointment({ services: ['information'], persons: 2 }) }),
  done('verifyAppointment', { ok: true, appointment: testAppointment({ services: ['visa'] }) }),
  done('verifyAppointment', { ok: false, reason: 'too-late', detail: { closedAt: '2026-11-28T09:30:00Z' } }),
  done('verifyAppointment', { ok: false, reason: 'malformed' }),
  done('verifyAppointment', { ok: false, reason: 'already-used', detail: { usedAt: '09:12' } }),
  failed('verifyAppointment'),
  done('checkWalkInAllowed', { ok: true }),
  done('checkWalkInAllowed', { ok: false, reason: 'day-limit' }),
  done('checkWalkInAllowed', { ok: false, reason: 'last-ticket', service: 'information', detail: { nextDate: '2026-11-29', nextTime: '08:30' } }),
  failed('checkWalkInAllowed'),
  done('checkPrinter', { ok: true }),
  done('checkPrinter', { ok: false, reason: 'paper-out' }),
  failed('checkPrinter'),
  done('issueETimbre', { ok: true, reference: 'ET-FRPAR-20261128-000123-M' }),
  done('issueETimbre', { ok: false, reason: 'unavailable' }),
  failed('issueETimbre'),
  failed('pay'),
  done('issueTicket', HAPPY.ticket),
  failed('issueTicket'),
  done('printTicket', { ok: true }),
  done('printTicket', { ok: false, reason: 'paper-out' }),
  failed('printTicket'),
  done('printReceipt', { ok: true }),
  done('printReceipt', { ok: false, reason: 'cover-open' }),
  failed('printReceipt'),
  ...AFTER_EVENTS.map((type) => ({ type })),
];

const inScanScreen = (s: Snap) => s.matches({ identify: 'scan' });

/**
 * Timers that real time orders: on the scan screen SCAN_TIMEOUT (30 s) fires before any idle timer
 * (60 s), and only once (it sits on the screen, which stays entered). The model does not know time, so
 * the event list says it.
 */
export function eventsFor(s: Snap): AnyEventObject[] {
  return EVENTS.filter((e) => {
    if (e.type === 'SCANNER_FAULT' || e.type === 'SCANNER_OK') return s.matches('attract');
    // The terminal's status matters on the summary only (it gates Pay); elsewhere it would just multiply the graph.
    if (e.type === 'TERMINAL_STATUS') return s.matches({ summary: 'active' });
    // The daemon tells the printer's stops only while a ticket or receipt prints.
    if (e.type === 'PRINTER_WAITING' || e.type === 'PRINTER_RESUMED') return s.matches({ printing: 'ticket' }) || s.matches({ printing: 'receipt' });
    // Answers come only from actors that run in this state (an answer from nowhere is not a real event).
    const actor = /^xstate\.(?:done|error)\.actor\.(.+)$/.exec(e.type)?.[1];
    if (actor !== undefined) return actor in s.children;
    if (!inScanScreen(s)) return true;
    if (e.type.startsWith('xstate.after.SCAN_TIMEOUT')) return !s.context.visit.scanHelp;
    if (e.type.startsWith('xstate.after.IDLE_')) return s.context.visit.scanHelp;
    return true;
  });
}

/**
 * What identifies a model state: where the machine is, plus only the facts its next transitions branch
 * on there. Everything else (language, persons, amounts, the payment history after it ended) leaves the
 * flow unchanged and would only multiply the graph. The replay still compares the WHOLE snapshot (value
 * and context) with the model's at every step, so nothing escapes the comparison.
 */
export function key(s: Snap): string {
  const v = s.context.visit;
  const p = v.payment;
  const at = (...names: string[]) => names.some((n) => s.matches(n as never));
  return JSON.stringify([
    s.value,
    s.status,
    at('identify') ? v.scanHelp : null,
    at('numbersCheck') ? v.identification !== null : null,
    at('summary') ? v.source : null,
    // Adding, removing and a refusal among several services branch on how many the visit holds (issue 18 item 8).
    at('summary', 'checkingWalkIn') ? v.services.length : null,
    at('summary', 'printerCheck') ? (v.quote?.payable ?? null) : null,
    at('summary') ? s.context.terminal.ready : null,
    at('paying') && p ? [p.tries, p.acknowledged, p.cancelReason] : null,
    at('paymentFailed') && p ? [p.tries, p.acknowledged, p.outcome?.status ?? null] : null,
    at('printing') ? v.payment?.outcome?.status === 'approved' : null,
    at('resumePending') ? [v.ticket !== null, v.ticketPrinted, v.quote?.payable ?? null, v.payment?.outcome?.status ?? null] : null,
    at('error') ? (v.problem?.code ?? null) : null,
  ]);
}

/** The whole observable snapshot, compared between the model and the real actor. */
export function fingerprint(s: Snap): string {
  return JSON.stringify([s.value, s.status, s.context]);
}

/** Resumed visits are followed until the kiosk is back on the attract screen; the fresh start covers the rest. */
export const stopAtAttract =
  (resuming: boolean) =>
  (s: Snap): boolean =>
    resuming && s.matches('attract');

function resume(over: Partial<ResumeVisit>): ResumeVisit {
  return {
    language: 'fr',
    source: 'appointment',
    appointment: testAppointment(),
    services: ['passport'],
    persons: 1,
    quote,
    etimbreReference: 'ET-FRPAR-20261128-000123-M',
    payment: { attempt: 1, idempotencyKey: 'ET-FRPAR-20261128-000123-M/1', outcome: { status: 'approved', authCode: 'A1', maskedPan: '****1234' } },
    ticket: null,
    ticketPrinted: false,
    ...over,
  };
}

export const INPUTS: Array<[string, CheckinInput]> = [
  ['fresh start', { settings: SETTINGS, terminal: TERMINAL_READY }],
  ['resume: approved, no ticket yet', { settings: SETTINGS, terminal: TERMINAL_READY, resume: resume({}) }],
  ['resume: ticket issued, not printed', { settings: SETTINGS, terminal: TERMINAL_READY, resume: resume({ ticket: HAPPY.ticket as never }) }],
  [
    'resume: ticket printed, receipt not',
    { settings: SETTINGS, terminal: TERMINAL_READY, resume: resume({ ticket: HAPPY.ticket as never, ticketPrinted: true }) },
  ],
  [
    'resume: payment not approved',
    {
      settings: SETTINGS,
      terminal: TERMINAL_READY,
      resume: resume({ payment: { attempt: 1, idempotencyKey: 'k/1', outcome: { status: 'unknown', detail: 'crash' } } }),
    },
  ],
];
