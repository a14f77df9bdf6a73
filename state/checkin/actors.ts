// The device actors the check-in machine invokes. The machine ships with placeholders that fail loudly (a
// daemon that forgot to wire a device must not look like a working kiosk); the daemon and the tests
// replace them with machine.provide({ actors }). The helpers below turn plain async functions into the
// actor shapes the machine expects.
import { fromCallback, fromPromise } from 'xstate';
import type { AnyEventObject } from 'xstate';
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

function notProvided(name: string): never {
  throw new Error(
    `The check-in actor "${name}" was not provided: wire it with checkinMachineWith({ actors: { ${name} } }) or machine.provide({ actors: { ${name} } }).`,
  );
}

export const defaultActors = {
  verifyAppointment: fromPromise<VerifyOutput, Identification>(async () => notProvided('verifyAppointment')),
  checkWalkInAllowed: fromPromise<WalkInOutput, WalkInInput>(async () => notProvided('checkWalkInAllowed')),
  checkNumbers: fromPromise<NumbersOutput, void>(async () => notProvided('checkNumbers')),
  checkPrinter: fromPromise<PrinterOutput, void>(async () => notProvided('checkPrinter')),
  issueETimbre: fromPromise<ETimbreOutput, ETimbreInput>(async () => notProvided('issueETimbre')),
  // A missing terminal must never look like "not charged": the machine treats an actor error as unknown.
  pay: fromCallback<PayControlEvent, PayInput>(() => notProvided('pay')),
  issueTicket: fromPromise<Ticket, IssueTicketInput>(async () => notProvided('issueTicket')),
  printTicket: fromPromise<PrinterOutput, PrintTicketInput>(async () => notProvided('printTicket')),
  printReceipt: fromPromise<PrinterOutput, PrintReceiptInput>(async () => notProvided('printReceipt')),
  scanner: fromCallback<AnyEventObject, void>(({ sendBack }) => {
    sendBack({ type: 'SCANNER_FAULT', reason: 'not-configured' });
  }),
};

export type PayRun = (input: PayInput, signal: AbortSignal, progress: (p: PaymentProgress) => void) => Promise<PaymentOutcome>;

/**
 * A payment actor from an async function with an AbortSignal. It is a callback actor, not a promise
 * actor, on purpose: a promise actor's signal only fires when the actor is stopped, and a stopped actor's
 * result is dropped. Here CANCEL aborts the signal while the actor keeps running, so the machine still
 * receives the terminal's final word (an approval that raced the cancel is printed, not lost).
 * A rejected promise becomes `unknown`: nobody knows whether money was taken.
 */
export function paymentActor(run: PayRun) {
  return fromCallback<PayControlEvent, PayInput>(({ input, sendBack, receive }) => {
    const controller = new AbortController();
    let open = true;
    receive((e) => {
      if (e.type === 'CANCEL') controller.abort();
    });
    let outcome: Promise<PaymentOutcome>;
    try {
      outcome = run(input, controller.signal, (progress) => {
        if (open) sendBack({ type: 'PAYMENT_PROGRESS', progress });
      });
    } catch (err) {
      outcome = Promise.reject(err);
    }
    outcome
      .catch((err: unknown): PaymentOutcome => ({ status: 'unknown', detail: `payment driver failed: ${err instanceof Error ? err.message : String(err)}` }))
      .then((o) => {
        if (!open) return;
        open = false;
        sendBack({ type: 'PAYMENT_RESULT', outcome: o });
      });
    return () => {
      if (open) controller.abort();
      open = false;
    };
  });
}

/**
 * A scanner actor from a subscription: `subscribe` calls onScan with each decoded payload and onFault with
 * a reason when the scanner stops working, and returns an unsubscribe function.
 */
export function scannerActor(subscribe: (onScan: (payload: string) => void, onFault: (reason: string) => void, onOk: () => void) => () => void) {
  return fromCallback<AnyEventObject, void>(({ sendBack }) =>
    subscribe(
      (payload) => sendBack({ type: 'SCANNED', payload }),
      (reason) => sendBack({ type: 'SCANNER_FAULT', reason }),
      () => sendBack({ type: 'SCANNER_OK' }),
    ),
  );
}
