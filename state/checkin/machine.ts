// The visitor's check-in flow (DESIGN.md "The check-in flow" and "Payment safety"). Pure: devices are
// injected actors, waits are named delays, the context is plain data. README.md beside this file lists
// the states, events and screens.
import { assign, emit, sendTo, setup } from 'xstate';
import { defaultActors } from './actors';
import { DEFAULT_DELAYS, type CheckinDelays } from './delays';
import { isPriority } from '../../domain/queue/priority';
import { MAX_SERVICES_PER_VISIT } from '../../domain/queue/route';
import {
  failureProblem,
  firstPayment,
  freshVisit,
  idempotencyKey,
  mayPayAgain,
  mayResend,
  priced,
  problem,
  isPrintable,
  problemAllowsRetry,
  problemAllowsWalkIn,
  resumedVisit,
} from './visit';
import type {
  CheckinContext,
  CheckinEmitted,
  CheckinEvent,
  CheckinInput,
  LockReason,
  NumbersOutput,
  PrinterOutput,
  ProblemCode,
  Ticket,
  VerifyOutput,
  Visit,
  WalkInOutput,
} from './types';

type Ctx = CheckinContext;
const paid = (v: Visit): boolean => v.payment?.outcome?.status === 'approved';
const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
/** The output of a done.actor event, read where the transition says which actor it came from. */
const output = <T>(e: { type: string }): T => (e as unknown as { output: T }).output;
/** "identify.scan" for { identify: { scan: 'active' } }: the screen, without its idle sub-state. */
export function screenPath(value: unknown): string {
  const parts: string[] = [];
  let v = value;
  while (v !== null && typeof v === 'object') {
    const [k, next] = Object.entries(v)[0] ?? [];
    if (k === undefined) break;
    parts.push(k);
    v = next;
  }
  if (typeof v === 'string' && !['active', 'idleWarning', 'staffCall'].includes(v)) parts.push(v);
  return parts.join('.');
}
const outcomeOf = (e: CheckinEvent) => (e.type === 'PAYMENT_RESULT' ? e.outcome : null);

/**
 * The sub-states every visitor screen has: `active` (idle timer running; any TOUCH restarts it),
 * `idleWarning` (one touch continues; after IDLE_GRACE the visit is reset and forgotten) and `staffCall`.
 */
const visitorScreen = {
  active: {
    on: { TOUCH: { target: 'active', reenter: true } },
    after: { IDLE_TIMEOUT: 'idleWarning' },
  },
  idleWarning: {
    tags: ['idleWarning'],
    on: { CONTINUE: 'active', TOUCH: 'active' },
    after: { IDLE_GRACE: '#checkin.attract' },
  },
  staffCall: {
    tags: ['staffCall'],
    entry: 'callStaff',
    on: { CONTINUE: 'active' },
    after: { IDLE_TIMEOUT: 'idleWarning' },
  },
} as const;

/**
 * A ticket or receipt being printed: `sending` while the printer takes it; `waiting` as soon as the daemon says the
 * printer stopped (paper out, cover open, not answering) with the job still queued (issue 19, item 2). The screen then
 * shows the number and QR and says why, staff are alerted, and the job prints when the printer is back (the invoke
 * stays on the parent state, so its answer still moves the flow on). As on printFailed, no timer clears the number:
 * the visitor says they noted it, and the job still prints for staff to hand over.
 */
const printerWait = (code: 'ticket-print-waiting' | 'receipt-print-waiting') =>
  ({
    sending: {
      on: { PRINTER_WAITING: { target: 'waiting', actions: [{ type: 'waitForPrinter', params: { code } }, 'alertStaff'] } },
    },
    waiting: {
      tags: ['printerWaiting'],
      on: {
        PRINTER_WAITING: { actions: { type: 'waitForPrinter', params: { code } } },
        PRINTER_RESUMED: { target: 'sending', actions: 'clearProblem' },
        ACKNOWLEDGE: '#checkin.attract',
        STAFF_RESOLVED: '#checkin.attract',
      },
    },
  }) as const;

/** Error screens leave by themselves after ERROR_TIMEOUT instead of warning first. */
const errorScreen = {
  ...visitorScreen,
  active: { after: { ERROR_TIMEOUT: '#checkin.attract' } },
} as const;

/** The device actors and waits a daemon or a test gives the machine; those not given are the defaults. */
export interface CheckinImplementations {
  actors?: Partial<typeof defaultActors>;
  delays?: Partial<CheckinDelays>;
}

/**
 * The check-in machine with the given actors and delays. It is built only when asked for: building its tree of
 * states takes a few milliseconds, and `machine.provide()` builds the whole tree again, so a machine built at
 * import and then provided with the daemon's actors was built twice before the daemon's first /api/health (issue 14).
 */
export const checkinMachineWith = (implementations: CheckinImplementations = {}) =>
  setup({
    types: {
      context: {} as CheckinContext,
      events: {} as CheckinEvent,
      input: {} as CheckinInput,
      emitted: {} as CheckinEmitted,
    },
    actors: { ...defaultActors, ...implementations.actors },
    delays: { ...DEFAULT_DELAYS, ...implementations.delays },
    guards: {
      resuming: ({ context }) => context.visit.source !== null,
      /** Pay is offered only while the terminal answered its last status check; a free visit needs no terminal. */
      canConfirm: ({ context: { visit, terminal } }) => visit.quote?.payable !== true || terminal.ready === true,
      resumeAtReceipt: ({ context: { visit } }) => visit.ticket !== null && visit.ticketPrinted && paid(visit),
      resumeAtTicket: ({ context: { visit } }) => visit.ticket !== null,
      resumePrintable: ({ context }) => isPrintable(context.visit),
      languageOffered: ({ context, event }) => event.type === 'SELECT_LANGUAGE' && context.settings.languages.includes(event.language),
      codeEntered: ({ event }) => event.type === 'SUBMIT_CODE' && event.code.trim().length > 0,
      serviceOffered: ({ context, event }) => event.type === 'SELECT_SERVICE' && context.settings.services.some((s) => s.code === event.service),
      verified: ({ event }) => output<VerifyOutput>(event).ok,
      numbersRefused: ({ event }) => !output<NumbersOutput>(event).ok,
      identified: ({ context }) => context.visit.identification !== null,
      walkInAllowed: ({ event }) => output<WalkInOutput>(event).ok,
      // A refusal while the visit has other services (one was just added): back to the summary without it.
      refusedAmongSeveral: ({ context, event }) => {
        const out = output<WalkInOutput>(event);
        return !out.ok && context.visit.services.length > 1 && out.service !== undefined && context.visit.services.includes(out.service);
      },
      // Issue 18 item 8: a walk-in visit of several services, one ticket routed through them (domain/queue/route.ts).
      serviceAddable: ({ context: { visit, settings }, event }) =>
        event.type === 'ADD_SERVICE' &&
        visit.source === 'walk-in' &&
        settings.services.some((s) => s.code === event.service) &&
        !visit.services.includes(event.service) &&
        visit.services.length < MAX_SERVICES_PER_VISIT,
      serviceRemovable: ({ context: { visit }, event }) =>
        event.type === 'REMOVE_SERVICE' && visit.source === 'walk-in' && visit.services.length > 1 && visit.services.includes(event.service),
      priceKnown: ({ context }) => context.visit.quote !== null,
      personsAllowed: ({ context, event }) =>
        event.type === 'SET_PERSONS' &&
        context.visit.source === 'walk-in' &&
        Number.isInteger(event.persons) &&
        event.persons >= 1 &&
        event.persons <= context.settings.maxPersons,
      cameAsWalkIn: ({ context }) => context.visit.source === 'walk-in',
      // Issue 18: a walk-in visitor asks for priority (or takes the request back); an appointment keeps its slot.
      priorityAllowed: ({ context, event }) =>
        event.type === 'SET_PRIORITY' && context.visit.source === 'walk-in' && (event.priority === null || isPriority(event.priority)),
      printerReadyToPay: ({ context, event }) => output<PrinterOutput>(event).ok && context.visit.quote?.payable === true,
      printerReady: ({ event }) => output<PrinterOutput>(event).ok,
      etimbreIssued: ({ event }) => output<{ ok: boolean }>(event).ok,
      approved: ({ event }) => outcomeOf(event)?.status === 'approved',
      cancelledByVisitor: ({ context, event }) => outcomeOf(event)?.status === 'aborted' && context.visit.payment?.cancelReason === 'visitor',
      // A not-sent after an acknowledgement contradicts itself: treated as unknown, never resent.
      recoverable: ({ context, event }) => {
        const s = outcomeOf(event)?.status;
        return s === 'declined' || s === 'aborted' || (s === 'not_sent' && context.visit.payment?.acknowledged === false);
      },
      mayResend: ({ context }) => mayResend(context.visit.payment, context.settings.maxPaymentAttempts),
      mayPayAgain: ({ context }) => mayPayAgain(context.visit.payment, context.settings.maxPaymentAttempts),
      paid: ({ context }) => paid(context.visit),
      printed: ({ event }) => output<PrinterOutput>(event).ok,
      printedAndPaid: ({ context, event }) => output<PrinterOutput>(event).ok && paid(context.visit),
      problemAllowsRetry: ({ context }) => problemAllowsRetry(context.visit.problem),
      problemAllowsWalkIn: ({ context }) => problemAllowsWalkIn(context.visit.problem),
    },
    actions: {
      forgetVisitor: assign(({ context }) => ({ visit: freshVisit(context.settings) })),
      setLanguage: assign(({ context, event }) => (event.type === 'SELECT_LANGUAGE' ? { visit: { ...context.visit, language: event.language } } : {})),
      identifyByScan: assign(({ context, event }) =>
        event.type === 'SCANNED' ? { visit: { ...context.visit, identification: { kind: 'qr' as const, payload: event.payload } } } : {},
      ),
      identifyByCode: assign(({ context, event }) =>
        event.type === 'SUBMIT_CODE' ? { visit: { ...context.visit, identification: { kind: 'code' as const, code: event.code.trim() } } } : {},
      ),
      clearIdentification: assign(({ context }) => ({
        visit: {
          ...context.visit,
          source: null,
          identification: null,
          appointment: null,
          services: [],
          persons: 1,
          priorityRequest: null,
          quote: null,
          problem: null,
        },
      })),
      showScanHelp: assign(({ context }) => ({ visit: { ...context.visit, scanHelp: true } })),
      setScannerFault: assign(({ event }) => (event.type === 'SCANNER_FAULT' ? { scannerFault: event.reason } : {})),
      clearScannerFault: assign({ scannerFault: null }),
      setTerminal: assign(({ event }) => (event.type === 'TERMINAL_STATUS' ? { terminal: { ready: event.ready, state: event.state } } : {})),
      chooseWalkInService: assign(({ context, event }) =>
        event.type === 'SELECT_SERVICE'
          ? { visit: { ...context.visit, source: 'walk-in' as const, appointment: null, services: [event.service], persons: 1, priorityRequest: null } }
          : {},
      ),
      acceptAppointment: assign(({ context, event }) => {
        const out = output<VerifyOutput>(event);
        if (!out.ok) return {};
        const a = out.appointment;
        return {
          visit: { ...context.visit, source: 'appointment' as const, appointment: a, services: [...a.services], persons: a.persons, identification: null },
        };
      }),
      refuseAppointment: assign(({ context, event }) => {
        const out = output<VerifyOutput>(event);
        if (out.ok) return {};
        return { visit: { ...context.visit, identification: null, problem: problem(`appointment-${out.reason}`, out.detail ?? {}) } };
      }),
      refuseNumbers: assign(({ context, event }) => {
        const out = output<NumbersOutput>(event);
        if (out.ok) return {};
        const detail = { skewSeconds: out.skewSeconds, maxSkewSeconds: out.maxSkewSeconds };
        return { visit: { ...context.visit, identification: null, problem: problem(`numbers-${out.reason}`, detail) } };
      }),
      // Staff must set the kiosk's clock: they get the difference (the visitor's screen only says to ask them).
      alertNumbers: emit(({ context: { visit } }) => ({
        type: 'staff.alert' as const,
        reason: visit.problem?.code ?? 'numbers-clock',
        ticketNumber: null,
        etimbreReference: visit.etimbreReference,
        idempotencyKey: null,
        detail: visit.problem?.detail ?? {},
      })),
      addService: assign(({ context, event }) =>
        event.type === 'ADD_SERVICE' ? { visit: { ...context.visit, services: [...context.visit.services, event.service], problem: null } } : {},
      ),
      removeService: assign(({ context, event }) =>
        event.type === 'REMOVE_SERVICE'
          ? { visit: priced(context, { ...context.visit, services: context.visit.services.filter((s) => s !== event.service) }) }
          : {},
      ),
      // The service that cannot be had today leaves the visit; the summary says which and why, before any payment.
      refuseAddedService: assign(({ context, event }) => {
        const out = output<WalkInOutput>(event);
        if (out.ok || out.service === undefined) return {};
        const rest = priced(context, { ...context.visit, services: context.visit.services.filter((s) => s !== out.service) });
        return { visit: { ...rest, problem: problem(`walk-in-${out.reason}`, { ...out.detail, service: out.service }) } };
      }),
      refuseWalkIn: assign(({ context, event }) => {
        const out = output<WalkInOutput>(event);
        if (out.ok) return {};
        return {
          visit: {
            ...context.visit,
            source: null,
            services: [],
            problem: problem(`walk-in-${out.reason}`, { ...out.detail, service: out.service ?? context.visit.services[0] ?? '' }),
          },
        };
      }),
      priceVisit: assign(({ context }) => ({ visit: priced(context, context.visit) })),
      setPriority: assign(({ context, event }) => (event.type === 'SET_PRIORITY' ? { visit: { ...context.visit, priorityRequest: event.priority } } : {})),
      setPersons: assign(({ context, event }) =>
        event.type === 'SET_PERSONS' ? { visit: priced(context, { ...context.visit, persons: event.persons }) } : {},
      ),
      setProblem: assign(({ context, event }, params: { code: ProblemCode }) => {
        const detail: Record<string, string | number> = {};
        const out = output<{ ok: boolean; reason?: unknown } | undefined>(event);
        if (out && typeof out.reason === 'string') detail.reason = out.reason;
        const err = (event as unknown as { error?: unknown }).error;
        if (event.type.startsWith('xstate.error.actor.')) detail.error = errorText(err);
        return { visit: { ...context.visit, problem: problem(params.code, detail) } };
      }),
      waitForPrinter: assign(({ context, event }, params: { code: 'ticket-print-waiting' | 'receipt-print-waiting' }) => ({
        visit: { ...context.visit, problem: problem(params.code, event.type === 'PRINTER_WAITING' ? { printer: event.printer, reason: event.reason } : {}) },
      })),
      clearProblem: assign(({ context }) => ({ visit: { ...context.visit, problem: null } })),
      setReference: assign(({ context, event }) => {
        const out = output<{ ok: true; reference: string }>(event);
        return { visit: { ...context.visit, etimbreReference: out.reference, payment: firstPayment(out.reference) } };
      }),
      recordProgress: assign(({ context, event }) => {
        const p = context.visit.payment;
        if (event.type !== 'PAYMENT_PROGRESS' || !p) return {};
        const next = event.progress.kind === 'acknowledged' ? { ...p, acknowledged: true } : { ...p, prompt: event.progress };
        return { visit: { ...context.visit, payment: next } };
      }),
      requestCancel: sendTo('pay', { type: 'CANCEL' }),
      noteCancel: assign(({ context }, params: { reason: 'visitor' | 'timeout' }) => {
        const p = context.visit.payment;
        return p ? { visit: { ...context.visit, payment: { ...p, cancelReason: p.cancelReason ?? params.reason } } } : {};
      }),
      recordOutcome: assign(({ context, event }) => {
        const p = context.visit.payment;
        const outcome = outcomeOf(event);
        if (!p || !outcome) return {};
        const failed = outcome.status === 'approved' ? null : failureProblem(outcome, p.cancelReason);
        return { visit: { ...context.visit, payment: { ...p, outcome, prompt: null }, problem: failed } };
      }),
      resendPayment: assign(({ context }) => {
        const p = context.visit.payment!;
        return { visit: { ...context.visit, problem: null, payment: { ...p, tries: p.tries + 1, prompt: null, cancelReason: null, outcome: null } } };
      }),
      newPaymentAttempt: assign(({ context }) => {
        const p = context.visit.payment!;
        const attempt = p.attempt + 1;
        const key = idempotencyKey(context.visit.etimbreReference!, attempt);
        return {
          visit: {
            ...context.visit,
            problem: null,
            payment: { attempt, idempotencyKey: key, tries: p.tries + 1, acknowledged: false, prompt: null, cancelReason: null, outcome: null },
          },
        };
      }),
      lock: assign(({ context }, params: { reason: LockReason }) => ({ visit: { ...context.visit, lockReason: params.reason } })),
      setTicket: assign(({ context, event }) => ({ visit: { ...context.visit, ticket: output<Ticket>(event) } })),
      // A print that waited for paper and then came out leaves no problem behind.
      markTicketPrinted: assign(({ context }) => ({ visit: { ...context.visit, ticketPrinted: true, problem: null } })),
      markReceiptPrinted: assign(({ context }) => ({ visit: { ...context.visit, receiptPrinted: true, problem: null } })),
      alertStaff: emit(({ context: { visit } }) => ({
        type: 'staff.alert' as const,
        reason: visit.lockReason ?? visit.problem?.code ?? 'staff-lock',
        ticketNumber: visit.ticket?.number ?? null,
        etimbreReference: visit.etimbreReference,
        idempotencyKey: visit.payment?.idempotencyKey ?? null,
      })),
      // Runs on entry to staffCall, when self still holds the snapshot of the screen the visitor was on.
      callStaff: emit(({ self }) => ({ type: 'staff.call' as const, screen: screenPath(self.getSnapshot().value) })),
    },
  }).createMachine({
    id: 'checkin',
    context: ({ input }: { input: CheckinInput }): Ctx => ({
      settings: input.settings,
      visit: input.resume ? resumedVisit(input.settings, input.resume) : freshVisit(input.settings),
      scannerFault: null,
      terminal: input.terminal ?? { ready: null, state: null },
    }),
    // The scanner streams for the machine's whole life; only the screens that expect a scan listen.
    invoke: { id: 'scanner', src: 'scanner' },
    on: {
      SCANNER_FAULT: { actions: 'setScannerFault' },
      SCANNER_OK: { actions: 'clearScannerFault' },
      TERMINAL_STATUS: { actions: 'setTerminal' },
    },
    initial: 'boot',
    states: {
      boot: {
        always: [{ guard: 'resuming', target: 'resumePending' }, { target: 'attract' }],
      },

      /** Started from the journal with a visit to finish; the daemon decides with RESUME_PRINTING. */
      resumePending: {
        on: {
          RESUME_PRINTING: [
            { guard: { type: 'resumePrintable' }, target: 'resumeRoute' },
            { target: 'lockedForStaff', actions: { type: 'lock', params: { reason: 'staff-lock' } } },
          ],
          LOCK_FOR_STAFF: { target: 'lockedForStaff', actions: { type: 'lock', params: { reason: 'staff-lock' } } },
        },
      },
      resumeRoute: {
        always: [{ guard: 'resumeAtReceipt', target: 'printing.receipt' }, { guard: 'resumeAtTicket', target: 'printing.ticket' }, { target: 'printing' }],
      },

      attract: {
        entry: 'forgetVisitor',
        on: {
          TOUCH: 'language',
          SCANNED: { target: 'numbersCheck', actions: 'identifyByScan' },
          LOCK_FOR_STAFF: { target: 'lockedForStaff', actions: { type: 'lock', params: { reason: 'staff-lock' } } },
        },
      },

      language: {
        tags: ['visitorScreen'],
        initial: 'active',
        on: {
          CALL_STAFF: '.staffCall',
          SELECT_LANGUAGE: { guard: 'languageOffered', target: 'numbersCheck', actions: 'setLanguage' },
          SCANNED: { target: 'numbersCheck', actions: 'identifyByScan' },
          BACK: 'attract',
          CANCEL: 'attract',
        },
        states: visitorScreen,
      },

      /**
       * Before the visitor commits to anything (an appointment claimed at the hub, a fee): may this kiosk give
       * numbers now? Asked when the visit starts, in the language just chosen, and again on CONFIRM.
       */
      numbersCheck: {
        tags: ['busy'],
        invoke: {
          id: 'checkNumbers',
          src: 'checkNumbers',
          onDone: [
            { guard: 'numbersRefused', target: 'error', actions: ['refuseNumbers', 'alertNumbers'] },
            { guard: 'identified', target: 'verifying' },
            { target: 'identify' },
          ],
          onError: { target: 'error', actions: { type: 'setProblem', params: { code: 'device-fault' } } },
        },
      },

      identify: {
        initial: 'scan',
        on: {
          SCANNED: { target: 'verifying', actions: 'identifyByScan' },
          CANCEL: 'attract',
        },
        states: {
          scan: {
            tags: ['visitorScreen'],
            initial: 'active',
            // On the screen, not on `active`, so it fires once and does not restart the idle timer.
            after: { SCAN_TIMEOUT: { actions: 'showScanHelp' } },
            on: {
              CALL_STAFF: '.staffCall',
              TYPE_CODE: 'typeCode',
              WALK_IN: 'walkIn',
              // Back to the choice of language is a new start: the next person there reads the kiosk's first language,
              // not the one chosen by whoever pressed Back (issue 19, item 6).
              BACK: { target: '#checkin.language', actions: 'forgetVisitor' },
            },
            states: visitorScreen,
          },
          typeCode: {
            tags: ['visitorScreen'],
            initial: 'active',
            on: {
              CALL_STAFF: '.staffCall',
              SUBMIT_CODE: { guard: 'codeEntered', target: '#checkin.verifying', actions: 'identifyByCode' },
              BACK: 'scan',
            },
            states: visitorScreen,
          },
          walkIn: {
            tags: ['visitorScreen'],
            initial: 'active',
            on: {
              CALL_STAFF: '.staffCall',
              SELECT_SERVICE: { guard: 'serviceOffered', target: '#checkin.checkingWalkIn', actions: 'chooseWalkInService' },
              BACK: 'scan',
            },
            states: visitorScreen,
          },
        },
      },

      verifying: {
        tags: ['busy'],
        invoke: {
          id: 'verifyAppointment',
          src: 'verifyAppointment',
          input: ({ context }) => context.visit.identification ?? { kind: 'code' as const, code: '' },
          onDone: [
            { guard: 'verified', target: 'pricing', actions: 'acceptAppointment' },
            { target: 'error', actions: 'refuseAppointment' },
          ],
          onError: { target: 'error', actions: { type: 'setProblem', params: { code: 'device-fault' } } },
        },
      },

      checkingWalkIn: {
        tags: ['busy'],
        invoke: {
          id: 'checkWalkInAllowed',
          src: 'checkWalkInAllowed',
          input: ({ context }) => ({ services: [...context.visit.services] }),
          onDone: [
            { guard: 'walkInAllowed', target: 'pricing' },
            { guard: 'refusedAmongSeveral', target: 'summary', actions: 'refuseAddedService' },
            { target: 'error', actions: 'refuseWalkIn' },
          ],
          onError: { target: 'error', actions: { type: 'setProblem', params: { code: 'device-fault' } } },
        },
      },

      pricing: {
        entry: 'priceVisit',
        always: [{ guard: 'priceKnown', target: 'summary' }, { target: 'error' }],
      },

      summary: {
        tags: ['visitorScreen'],
        initial: 'active',
        on: {
          CALL_STAFF: '.staffCall',
          // Re-entering restarts the idle timer: changing the count is activity.
          SET_PERSONS: { guard: 'personsAllowed', target: '.active', reenter: true, actions: 'setPersons' },
          SET_PRIORITY: { guard: 'priorityAllowed', target: '.active', reenter: true, actions: 'setPriority' },
          // Every service of the visit is checked again (hours, caps, pauses) before the new total is shown.
          ADD_SERVICE: { guard: 'serviceAddable', target: 'checkingWalkIn', actions: 'addService' },
          REMOVE_SERVICE: { guard: 'serviceRemovable', target: '.active', reenter: true, actions: 'removeService' },
          // Ignored while the fee cannot be paid: the screen shows why, and Pay comes back with the terminal.
          CONFIRM: { guard: 'canConfirm', target: '.confirming' },
          BACK: [
            { guard: 'cameAsWalkIn', target: 'identify.walkIn', actions: 'clearIdentification' },
            { target: 'identify.scan', actions: 'clearIdentification' },
          ],
          CANCEL: 'attract',
        },
        states: {
          ...visitorScreen,
          /**
           * The numbers question again on CONFIRM, a moment before printerCheck and any payment. A sub-state of the
           * summary so that the daemon, which holds terminal status probes while the screen is summary, printerCheck or
           * paying, never lets a probe take the line just before the payment.
           */
          confirming: {
            tags: ['busy'],
            // Still a visitor screen: a check that never answers must not hold the kiosk.
            after: { IDLE_TIMEOUT: 'idleWarning' },
            invoke: {
              id: 'checkNumbers',
              src: 'checkNumbers',
              onDone: [{ guard: 'numbersRefused', target: '#checkin.error', actions: ['refuseNumbers', 'alertNumbers'] }, { target: '#checkin.printerCheck' }],
              onError: { target: '#checkin.error', actions: { type: 'setProblem', params: { code: 'device-fault' } } },
            },
          },
        },
      },

      /** No money is taken before the printer says it can print. */
      printerCheck: {
        tags: ['busy'],
        invoke: {
          id: 'checkPrinter',
          src: 'checkPrinter',
          onDone: [
            { guard: 'printerReadyToPay', target: 'issuingETimbre' },
            { guard: 'printerReady', target: 'printing' },
            { target: 'error', actions: { type: 'setProblem', params: { code: 'printer-unavailable' } } },
          ],
          onError: { target: 'error', actions: { type: 'setProblem', params: { code: 'printer-unavailable' } } },
        },
      },

      issuingETimbre: {
        tags: ['busy'],
        invoke: {
          id: 'issueETimbre',
          src: 'issueETimbre',
          input: ({ context: { settings, visit } }) => ({
            consulate: settings.consulate,
            kioskId: settings.kioskId,
            amountMinor: visit.quote?.totalMinor ?? 0,
            currency: visit.quote?.currency ?? settings.currency,
            services: visit.services,
            persons: visit.persons,
            appointmentId: visit.appointment?.appointmentId ?? null,
          }),
          onDone: [
            { guard: 'etimbreIssued', target: 'paying', actions: 'setReference' },
            { target: 'error', actions: { type: 'setProblem', params: { code: 'etimbre-unavailable' } } },
          ],
          onError: { target: 'error', actions: { type: 'setProblem', params: { code: 'etimbre-unavailable' } } },
        },
      },

      /**
       * The pay actor runs from entry until its PAYMENT_RESULT: a cancel or a time-out only asks it to abort,
       * and the machine still waits for the terminal's answer (which may be an approval).
       */
      paying: {
        tags: ['busy'],
        invoke: {
          id: 'pay',
          src: 'pay',
          input: ({ context: { settings, visit } }) => ({
            amountMinor: visit.quote?.totalMinor ?? 0,
            currency: visit.quote?.currency ?? settings.currency,
            reference: visit.etimbreReference ?? '',
            attempt: visit.payment?.attempt ?? 1,
            idempotencyKey: visit.payment?.idempotencyKey ?? '',
            kioskId: settings.kioskId,
          }),
          onError: {
            target: 'lockedForStaff',
            actions: [
              { type: 'setProblem', params: { code: 'device-fault' } },
              { type: 'lock', params: { reason: 'payment-unknown' } },
            ],
          },
        },
        initial: 'inProgress',
        on: {
          PAYMENT_PROGRESS: { actions: 'recordProgress' },
          PAYMENT_RESULT: [
            { guard: 'approved', target: 'printing', actions: 'recordOutcome' },
            {
              guard: 'cancelledByVisitor',
              target: 'error',
              actions: ['recordOutcome', assign(({ context }) => ({ visit: { ...context.visit, problem: problem('payment-cancelled') } }))],
            },
            { guard: 'recoverable', target: 'paymentFailed', actions: 'recordOutcome' },
            { target: 'lockedForStaff', actions: ['recordOutcome', { type: 'lock', params: { reason: 'payment-unknown' } }] },
          ],
        },
        states: {
          inProgress: {
            on: { CANCEL: { target: 'cancelling', actions: [{ type: 'noteCancel', params: { reason: 'visitor' } }, 'requestCancel'] } },
            after: { PAYMENT_TIMEOUT: { target: 'cancelling', actions: [{ type: 'noteCancel', params: { reason: 'timeout' } }, 'requestCancel'] } },
          },
          cancelling: {
            // The terminal did not answer the abort either: nobody knows whether money was taken.
            after: { PAYMENT_TIMEOUT: { target: '#checkin.lockedForStaff', actions: { type: 'lock', params: { reason: 'payment-unknown' } } } },
          },
        },
      },

      /** Declined, aborted or never sent: nothing was charged; the visitor may pay again or give up. */
      paymentFailed: {
        tags: ['visitorScreen'],
        initial: 'active',
        on: {
          CALL_STAFF: '.staffCall',
          RETRY: [
            { guard: 'mayResend', target: 'paying', actions: 'resendPayment' },
            { guard: 'mayPayAgain', target: 'paying', actions: 'newPaymentAttempt' },
          ],
          CANCEL: 'attract',
        },
        states: visitorScreen,
      },

      printing: {
        tags: ['busy'],
        initial: 'issuing',
        states: {
          issuing: {
            invoke: {
              id: 'issueTicket',
              src: 'issueTicket',
              input: ({ context: { visit } }) => ({
                services: visit.services,
                persons: visit.persons,
                source: visit.source ?? 'walk-in',
                appointment: visit.appointment
                  ? { appointmentId: visit.appointment.appointmentId, slotStart: visit.appointment.slotStart, tokenId: visit.appointment.tokenId }
                  : null,
                language: visit.language,
                etimbreReference: visit.etimbreReference,
                paid: paid(visit),
                ...(visit.priorityRequest ? { priorityRequest: visit.priorityRequest } : {}),
              }),
              onDone: { target: 'ticket', actions: 'setTicket' },
              onError: [
                {
                  guard: 'paid',
                  target: '#checkin.lockedForStaff',
                  actions: [
                    { type: 'setProblem', params: { code: 'ticket-unavailable' } },
                    { type: 'lock', params: { reason: 'paid-no-ticket' } },
                  ],
                },
                { target: '#checkin.error', actions: { type: 'setProblem', params: { code: 'ticket-unavailable' } } },
              ],
            },
          },
          ticket: {
            initial: 'sending',
            states: printerWait('ticket-print-waiting'),
            invoke: {
              id: 'printTicket',
              src: 'printTicket',
              input: ({ context: { visit } }) => ({ ticket: visit.ticket!, services: visit.services, persons: visit.persons, language: visit.language }),
              onDone: [
                { guard: 'printedAndPaid', target: 'receipt', actions: 'markTicketPrinted' },
                { guard: 'printed', target: '#checkin.done', actions: 'markTicketPrinted' },
                { target: '#checkin.printFailed', actions: { type: 'setProblem', params: { code: 'ticket-print-failed' } } },
              ],
              onError: { target: '#checkin.printFailed', actions: { type: 'setProblem', params: { code: 'ticket-print-failed' } } },
            },
          },
          receipt: {
            initial: 'sending',
            states: printerWait('receipt-print-waiting'),
            invoke: {
              id: 'printReceipt',
              src: 'printReceipt',
              input: ({ context: { visit } }) => {
                const o = visit.payment?.outcome;
                return {
                  ticket: visit.ticket!,
                  quote: visit.quote!,
                  etimbreReference: visit.etimbreReference ?? '',
                  authCode: o?.status === 'approved' ? o.authCode : '',
                  maskedPan: o?.status === 'approved' ? (o.maskedPan ?? null) : null,
                  terminalRef: o?.status === 'approved' ? (o.terminalRef ?? null) : null,
                  paymentId: o?.status === 'approved' ? (o.paymentId ?? null) : null,
                  language: visit.language,
                };
              },
              onDone: [
                { guard: 'printed', target: '#checkin.done', actions: 'markReceiptPrinted' },
                { target: '#checkin.printFailed', actions: { type: 'setProblem', params: { code: 'receipt-print-failed' } } },
              ],
              onError: { target: '#checkin.printFailed', actions: { type: 'setProblem', params: { code: 'receipt-print-failed' } } },
            },
          },
        },
      },

      done: {
        on: { ACKNOWLEDGE: 'attract', TOUCH: 'attract' },
        after: { DONE_TIMEOUT: 'attract' },
      },

      /**
       * The ticket exists but a print failed: the screen shows its number and QR, and staff are alerted. It is the only
       * record the visitor has of a paid ticket, so no timer clears it (issue 19, item 1): the visitor confirms they noted
       * the number, or staff deal with it at the counter (acknowledged or reprinted: STAFF_RESOLVED).
       */
      printFailed: {
        id: 'printFailed',
        tags: ['visitorScreen'],
        entry: 'alertStaff',
        initial: 'active',
        on: { CALL_STAFF: '.staffCall', ACKNOWLEDGE: 'attract', STAFF_RESOLVED: 'attract' },
        states: {
          active: { on: { TOUCH: { target: 'active', reenter: true } } },
          staffCall: { tags: ['staffCall'], entry: 'callStaff', on: { CONTINUE: 'active' } },
        },
      },

      error: {
        tags: ['visitorScreen'],
        initial: 'active',
        on: {
          CALL_STAFF: '.staffCall',
          ACKNOWLEDGE: 'attract',
          RETRY: { guard: 'problemAllowsRetry', target: 'identify.scan', actions: 'clearIdentification' },
          WALK_IN: { guard: 'problemAllowsWalkIn', target: 'identify.walkIn', actions: 'clearIdentification' },
        },
        states: errorScreen,
      },

      /** Money may have been taken, or taken without a ticket: only staff can settle it. Never left by a timer. */
      lockedForStaff: {
        entry: 'alertStaff',
        on: {
          STAFF_RESOLVED: 'attract',
          // The visitor who waited is told that nothing was taken, on an error screen with its countdown (issue 19, item 3).
          PAYMENT_NOT_TAKEN: {
            target: 'error',
            actions: assign(({ context }) => ({ visit: { ...context.visit, lockReason: null, problem: problem('payment-not-taken') } })),
          },
        },
      },
    },
  });

export type CheckinMachine = ReturnType<typeof checkinMachineWith>;
