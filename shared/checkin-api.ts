// What the kiosk page sees of the check-in flow running in the daemon, and the events it may send.
// The daemon parses events with CheckinCommand (a page can never send PAYMENT_RESULT or STAFF_RESOLVED),
// and the page parses every view with CheckinView.
import { z } from 'zod';
import { lazy } from './lazy-schema';
import { KioskAlert } from './post-alerts-api';
import { PaymentLockState } from './payments-api';

const FeeLine = lazy(() => z.object({ service: z.string(), unitFeeMad: z.string(), unitMinor: z.number(), persons: z.number(), totalMinor: z.number() }));
export const FeeQuoteView = lazy(() =>
  z.object({
    currency: z.string(),
    minorDigits: z.number(),
    rate: z.string(),
    lines: z.array(FeeLine),
    totalMinor: z.number(),
    payable: z.boolean(),
  }),
);

export const VisitView = lazy(() =>
  z.object({
    language: z.string(),
    source: z.enum(['appointment', 'walk-in']).nullable(),
    appointment: z
      .object({ appointmentId: z.string(), services: z.array(z.string()), persons: z.number(), slotStart: z.string(), code: z.string() })
      .nullable(),
    services: z.array(z.string()),
    persons: z.number(),
    /** A walk-in's request to be called first (issue 18); absent from views of before it. */
    priorityRequest: z.string().nullable().optional(),
    quote: FeeQuoteView.nullable(),
    scanHelp: z.boolean(),
    etimbreReference: z.string().nullable(),
    payment: z
      .object({
        attempt: z.number(),
        acknowledged: z.boolean(),
        prompt: z.object({ kind: z.literal('prompt'), prompt: z.string(), text: z.string().optional() }).nullable(),
        outcome: z.object({ status: z.string() }).loose().nullable(),
      })
      .nullable(),
    /** offline: issued from the kiosk's offline block; the screen tells the visitor the number is valid. */
    ticket: z
      .object({ id: z.string(), number: z.string(), estimatedWaitMinutes: z.number(), qrPayload: z.string().optional(), offline: z.boolean().optional() })
      .nullable(),
    ticketPrinted: z.boolean(),
    receiptPrinted: z.boolean(),
    problem: z.object({ code: z.string(), detail: z.record(z.string(), z.union([z.string(), z.number()])) }).nullable(),
    lockReason: z.string().nullable(),
  }),
);
export type VisitView = z.infer<typeof VisitView>;

export const CheckinView = lazy(() =>
  z.object({
    /** The machine's state as a dotted path: "identify.scan.active", "paying.inProgress". */
    screen: z.string(),
    tags: z.array(z.string()),
    visit: VisitView,
    /** Epoch ms when the current wait ends (idle grace, payment timeout, done and error screens): the page shows a countdown. */
    deadline: z.number().nullable(),
    /** Ways on from this screen that the flow takes now (an error screen offers "try again" or "walk-in" only then). */
    offers: z.array(z.enum(['RETRY', 'WALK_IN'])),
    /** Increases with every change; a page ignores a view older than the one it shows. */
    seq: z.number(),
    scannerFault: z.string().nullable(),
    /**
     * The card terminal's answer to its last status check: the summary offers Pay only while `ready` is true (a
     * free visit needs no terminal). `state` is the terminal's word (offline, busy, out-of-order…); null: not asked yet.
     */
    terminal: z.object({ ready: z.boolean().nullable(), state: z.string().nullable() }).default({ ready: null, state: null }),
    /**
     * Where the visitor cancels a payment: `kiosk` (the Cancel button; ZVT aborts with 06 B0), or `terminal` (Concert E+
     * has no cancel command: the screen tells the visitor to press the terminal's red Cancel key instead).
     */
    cancelAt: z.enum(['kiosk', 'terminal']).default('kiosk'),
    /** Devices running as simulators while the kiosk is not in demo mode: the page shows a banner. */
    simulatedOutsideDemo: z.array(z.string()),
    /**
     * On the summary, before paying: the people waiting for the visit's service and the estimated wait, as the ticket
     * and the board would say now (issue 18). Null elsewhere, and when the queue could not be asked (no line shown).
     */
    wait: z.object({ service: z.string(), ahead: z.number().int(), estimatedWaitMinutes: z.number() }).nullable().default(null),
    /**
     * On the choice of a walk-in service: the services whose opening hours issue no ticket now (issue 18), with when
     * they open next (local date and time of the consulate, or null). The tile says so before anyone touches it.
     */
    closedServices: z
      .array(z.object({ service: z.string(), reason: z.string(), nextDate: z.string().nullable(), nextTime: z.string().nullable() }))
      .default([]),
    /**
     * On the choice of a walk-in service and on the summary: one person's fee for each service, from the fee schedule
     * and rate in force, in integer minor units (0: free). The tiles show it (issue 19 item 13); a service that cannot
     * be priced is left out.
     */
    serviceFees: z.array(z.object({ service: z.string(), unitMinor: z.number().int(), currency: z.string() })).default([]),
  }),
);
export type CheckinView = z.infer<typeof CheckinView>;

/** Events a kiosk page may send. */
export const CheckinCommand = lazy(() =>
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('TOUCH') }),
    z.object({ type: z.literal('SELECT_LANGUAGE'), language: z.string().regex(/^[a-z]{2}$/) }),
    /** From a keyboard-wedge scanner read by the page. */
    z.object({ type: z.literal('SCANNED'), payload: z.string().min(1).max(2048) }),
    z.object({ type: z.literal('TYPE_CODE') }),
    z.object({ type: z.literal('SUBMIT_CODE'), code: z.string().min(1).max(32) }),
    z.object({ type: z.literal('WALK_IN') }),
    z.object({ type: z.literal('SELECT_SERVICE'), service: z.string().min(1).max(64) }),
    z.object({ type: z.literal('ADD_SERVICE'), service: z.string().min(1).max(64) }),
    z.object({ type: z.literal('REMOVE_SERVICE'), service: z.string().min(1).max(64) }),
    z.object({ type: z.literal('SET_PERSONS'), persons: z.number().int().min(1).max(20) }),
    z.object({ type: z.literal('SET_PRIORITY'), priority: z.enum(['elderly', 'disabled', 'pregnant', 'children']).nullable() }),
    z.object({ type: z.literal('BACK') }),
    z.object({ type: z.literal('CONFIRM') }),
    z.object({ type: z.literal('CANCEL') }),
    z.object({ type: z.literal('RETRY') }),
    z.object({ type: z.literal('CONTINUE') }),
    z.object({ type: z.literal('CALL_STAFF') }),
    z.object({ type: z.literal('ACKNOWLEDGE') }),
  ]),
);
export type CheckinCommand = z.infer<typeof CheckinCommand>;

/** Staff unlock the kiosk after helping the visitor, saying what they did (journaled). */
export const ResolveBody = lazy(() => z.strictObject({ reason: z.string().trim().min(3, 'say what was done, e.g. "ticket A-012 written by hand"').max(300) }));

/** A paid ticket whose print failed, kept for the counters until an agent acknowledges or reprints it. */
export const UnprintedTicket = lazy(() =>
  z.object({
    ticketId: z.string(),
    number: z.string(),
    what: z.enum(['ticket', 'receipt']).describe('what did not print: the ticket itself, or only its receipt'),
    at: z.string(),
    services: z.array(z.string()),
    persons: z.number().int(),
    language: z.string(),
    estimatedWaitMinutes: z.number(),
    qrPayload: z.string(),
    offline: z.boolean().optional(),
    waiting: z
      .boolean()
      .optional()
      .describe('the job is still queued for the printer (paper out, cover open, not answering): it prints once the printer is back'),
  }),
);
export type UnprintedTicket = z.infer<typeof UnprintedTicket>;

/** What the counters show about the kiosk: is a visitor waiting for staff, and why. */
export const CheckinAlerts = lazy(() =>
  z.object({
    needsStaff: z.boolean(),
    screen: z.string(),
    /** A lock reason, a problem code, 'staff-call', or null. */
    reason: z.string().nullable(),
    ticket: z.string().nullable(),
    canResolve: z.boolean(),
    payments: PaymentLockState,
    recent: z.array(z.object({ at: z.string(), kind: z.string(), detail: z.unknown() })),
    /** On a post hub: the other kiosks of the post, as they last reported (none on a standalone daemon). */
    kiosks: z.array(KioskAlert).default([]),
    /** Paid tickets of this kiosk that did not print, until an agent acknowledges or reprints each. */
    unprinted: z.array(UnprintedTicket).default([]),
    /** The agent who said they are on their way to the kiosk's current alert (every counter sees it); null: nobody yet. */
    acknowledgedBy: z.object({ by: z.string(), at: z.string() }).nullable().default(null),
  }),
);
export type CheckinAlerts = z.infer<typeof CheckinAlerts>;
