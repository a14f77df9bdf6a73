// Deterministic device actors for unit tests and benchmarks of the check-in machine (the real simulators
// live in drivers/ and are wired by the daemon). `scriptedActors` answer at once from a script;
// `controlledActors` wait until the test resolves them, so a test decides the order of every answer.
import { fromCallback, fromPromise } from 'xstate';
import type { AnyEventObject } from 'xstate';
import type { Appointment } from '../../domain/appointment/types';
import { paymentActor } from './actors';
import type {
  ETimbreInput,
  ETimbreOutput,
  Identification,
  IssueTicketInput,
  NumbersOutput,
  PayControlEvent,
  PayInput,
  PaymentOutcome,
  PaymentProgress,
  PrinterOutput,
  PrintReceiptInput,
  PrintTicketInput,
  Ticket,
  VerifyOutput,
  WalkInInput,
  WalkInOutput,
} from './types';
import type { CheckinSettings } from './types';

/** A terminal that answered its last status check: Pay is offered. */
export const TERMINAL_READY = { ready: true, state: 'ready' } as const;

export const TEST_SETTINGS: CheckinSettings = {
  consulate: 'FR-PAR',
  kioskId: 'PAR-K1',
  currency: 'EUR',
  chanceryRate: 0.093,
  services: [
    { code: 'passport', prefix: 'C', feeMad: 860 },
    { code: 'cnie', prefix: 'B', feeMad: 105 },
    { code: 'information', prefix: 'F', feeMad: 0 },
  ],
  languages: ['fr', 'ar', 'en', 'es'],
  maxPersons: 6,
  maxPaymentAttempts: 3,
};

export function testAppointment(over: Partial<Appointment> = {}): Appointment {
  return {
    tokenId: '00112233445566778899aabbccddeeff',
    code: 'K7QF-2M9X',
    issuer: 'MA-MAEC',
    kid: 'a1b2c3d4',
    consulate: 'FR-PAR',
    appointmentId: 'RDV-2026-000042',
    services: ['passport'],
    persons: 1,
    slotStart: '2026-11-28T09:00:00Z',
    notBefore: '2026-11-28T08:00:00Z',
    expires: '2026-11-28T09:30:00Z',
    ...over,
  };
}

export interface Script {
  /** What the kiosk says each time the flow asks whether it may give numbers. */
  numbers: NumbersOutput | Error;
  verify: VerifyOutput | Error;
  walkIn: WalkInOutput | Error;
  printer: PrinterOutput | Error;
  etimbre: ETimbreOutput | Error;
  /** Progress sent before the outcome; each visit's payment gets them in order. */
  progress: PaymentProgress[];
  /** Outcomes of successive payment attempts; the last one repeats. */
  outcomes: PaymentOutcome[];
  ticket: Ticket | Error;
  printTicket: PrinterOutput | Error;
  printReceipt: PrinterOutput | Error;
}

export const HAPPY: Script = {
  numbers: { ok: true },
  verify: { ok: true, appointment: testAppointment() },
  walkIn: { ok: true },
  printer: { ok: true },
  etimbre: { ok: true, reference: 'ET-FRPAR-20261128-000123-M' },
  progress: [{ kind: 'acknowledged' }, { kind: 'prompt', prompt: 'insert-card' }],
  outcomes: [{ status: 'approved', authCode: 'A12345', maskedPan: '************1234' }],
  ticket: { id: 't-1', number: 'C042', estimatedWaitMinutes: 12, qrPayload: 'TKT:t-1' },
  printTicket: { ok: true },
  printReceipt: { ok: true },
};

/** What the scripted actors saw: inputs in order, and the pay actor's abort signals. */
export interface Calls {
  /** Times the flow asked whether numbers may be given. */
  numbers: number;
  verify: Identification[];
  walkIn: WalkInInput[];
  printer: number;
  etimbre: ETimbreInput[];
  pay: PayInput[];
  signals: AbortSignal[];
  issueTicket: IssueTicketInput[];
  printTicket: PrintTicketInput[];
  printReceipt: PrintReceiptInput[];
}

const answer = <T>(v: T | Error): Promise<T> => (v instanceof Error ? Promise.reject(v) : Promise.resolve(v));

/**
 * Actors that answer from the script with no delay. The pay actor, built with paymentActor like the real
 * one, resolves on the next microtask unless `holdPayment` is set: then it waits for its abort signal and
 * answers `aborted`.
 */
export function scriptedActors(partial: Partial<Script> = {}, opts: { holdPayment?: boolean } = {}) {
  const s: Script = { ...HAPPY, ...partial };
  const calls: Calls = {
    numbers: 0,
    verify: [],
    walkIn: [],
    printer: 0,
    etimbre: [],
    pay: [],
    signals: [],
    issueTicket: [],
    printTicket: [],
    printReceipt: [],
  };
  const actors = {
    checkNumbers: fromPromise<NumbersOutput, void>(() => {
      calls.numbers++;
      return answer(s.numbers);
    }),
    verifyAppointment: fromPromise<VerifyOutput, Identification>(({ input }) => {
      calls.verify.push(input);
      return answer(s.verify);
    }),
    checkWalkInAllowed: fromPromise<WalkInOutput, WalkInInput>(({ input }) => {
      calls.walkIn.push(input);
      return answer(s.walkIn);
    }),
    checkPrinter: fromPromise<PrinterOutput, void>(() => {
      calls.printer++;
      return answer(s.printer);
    }),
    issueETimbre: fromPromise<ETimbreOutput, ETimbreInput>(({ input }) => {
      calls.etimbre.push(input);
      return answer(s.etimbre);
    }),
    pay: paymentActor(async (input, signal, progress) => {
      const n = calls.pay.push(input);
      calls.signals.push(signal);
      for (const p of s.progress) progress(p);
      if (opts.holdPayment) {
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
        return { status: 'aborted' };
      }
      return s.outcomes[Math.min(n, s.outcomes.length) - 1]!;
    }),
    issueTicket: fromPromise<Ticket, IssueTicketInput>(({ input }) => {
      calls.issueTicket.push(input);
      return answer(s.ticket);
    }),
    printTicket: fromPromise<PrinterOutput, PrintTicketInput>(({ input }) => {
      calls.printTicket.push(input);
      return answer(s.printTicket);
    }),
    printReceipt: fromPromise<PrinterOutput, PrintReceiptInput>(({ input }) => {
      calls.printReceipt.push(input);
      return answer(s.printReceipt);
    }),
    scanner: fromCallback<AnyEventObject, void>(() => () => {}),
  };
  return { actors, calls };
}

interface Pending {
  input: unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/**
 * Actors that wait: each promise actor parks its resolve/reject under its invoke id until the test calls
 * resolve(id, output) or reject(id, error); the pay actor exposes its sendBack and the events it received.
 */
export function controlledActors() {
  const pending = new Map<string, Pending>();
  const scannerSession: { sendBack: ((e: AnyEventObject) => void) | null } = { sendBack: null };
  const paySession: { sendBack: ((e: AnyEventObject) => void) | null; received: string[]; inputs: PayInput[]; stopped: number } = {
    sendBack: null,
    received: [],
    inputs: [],
    stopped: 0,
  };
  const parked = <O, I>(id: string) =>
    fromPromise<O, I>(
      ({ input }) =>
        new Promise<O>((resolve, reject) => {
          pending.set(id, { input, resolve: resolve as (v: unknown) => void, reject });
        }),
    );
  const actors = {
    checkNumbers: parked<NumbersOutput, void>('checkNumbers'),
    verifyAppointment: parked<VerifyOutput, Identification>('verifyAppointment'),
    checkWalkInAllowed: parked<WalkInOutput, WalkInInput>('checkWalkInAllowed'),
    checkPrinter: parked<PrinterOutput, void>('checkPrinter'),
    issueETimbre: parked<ETimbreOutput, ETimbreInput>('issueETimbre'),
    pay: fromCallback<PayControlEvent, PayInput>(({ input, sendBack, receive }) => {
      paySession.sendBack = sendBack;
      paySession.inputs.push(input);
      receive((e) => paySession.received.push(e.type));
      return () => {
        paySession.stopped++;
      };
    }),
    issueTicket: parked<Ticket, IssueTicketInput>('issueTicket'),
    printTicket: parked<PrinterOutput, PrintTicketInput>('printTicket'),
    printReceipt: parked<PrinterOutput, PrintReceiptInput>('printReceipt'),
    scanner: fromCallback<AnyEventObject, void>(({ sendBack }) => {
      scannerSession.sendBack = sendBack;
      return () => {
        scannerSession.sendBack = null;
      };
    }),
  };
  const take = (id: string): Pending => {
    const p = pending.get(id);
    if (!p) throw new Error(`actor "${id}" is not waiting (running: ${[...pending.keys()].join(', ') || 'none'})`);
    pending.delete(id);
    return p;
  };
  return {
    actors,
    paySession,
    pendingIds: () => [...pending.keys()],
    inputOf: (id: string) => pending.get(id)?.input,
    resolve: (id: string, output: unknown) => take(id).resolve(output),
    reject: (id: string, error: unknown) => take(id).reject(error),
    scan: (e: AnyEventObject) => {
      if (!scannerSession.sendBack) throw new Error('the scanner actor is not running');
      scannerSession.sendBack(e);
    },
    payBack: (e: AnyEventObject) => {
      if (!paySession.sendBack) throw new Error('the pay actor is not running');
      paySession.sendBack(e);
    },
  };
}
