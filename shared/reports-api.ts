// The supervisor's reports API (/api/reports/*): day closes per terminal and period statistics. What the
// handlers of server/reports/routes.ts send and what renderer/reports/main.ts reads.
import { z } from 'zod';
import { lazy } from './lazy-schema';
import { SessionUser } from './queue-api';

const day = lazy(() => z.string());
export const CloseSource = lazy(() => z.enum(['zvt-end-of-day', 'entered', 'simulator-log']));

export const DayQuery = lazy(() => z.strictObject({ day }));
export const PeriodQuery = lazy(() => z.strictObject({ from: day, to: day }));
export const CloseIdParams = lazy(() => z.strictObject({ id: z.coerce.number().int().positive() }));

export const CloseBody = lazy(() =>
  z.discriminatedUnion('source', [
    z.strictObject({
      day,
      terminalId: z.string().min(1),
      source: z.literal('entered'),
      totalMinor: z.number().int(),
      count: z.number().int().min(0),
      /** The terminal's printed list, one payment a line ("12.50 A1B2C3"). */
      lines: z.string().max(100_000).optional(),
      print: z.boolean().optional(),
    }),
    z.strictObject({ day, terminalId: z.string().min(1), source: z.literal('zvt-end-of-day'), print: z.boolean().optional() }),
    z.strictObject({ day, terminalId: z.string().min(1), source: z.literal('simulator-log'), print: z.boolean().optional() }),
  ]),
);
export type CloseBody = z.input<typeof CloseBody>;

export const CorrectionBody = lazy(() =>
  z.strictObject({
    note: z.string().trim().min(3, 'say what was found and done').max(1000),
    paymentId: z.string().max(64).optional(),
    amountMinor: z.number().int().optional(),
  }),
);

export const ReportsMe = lazy(() => z.object({ user: SessionUser.nullable(), timeZone: z.string(), currency: z.string(), consulate: z.string() }));
export type ReportsMe = z.infer<typeof ReportsMe>;

export const PaymentLine = lazy(() =>
  z.object({
    id: z.string(),
    shortRef: z.string().nullable(),
    state: z.string(),
    amountMinor: z.number(),
    currency: z.string(),
    isTest: z.boolean(),
    authCode: z.string().nullable(),
    receiptNo: z.string().nullable(),
    traceNo: z.string().nullable(),
    createdAt: z.string(),
    counted: z.boolean(),
  }),
);
export type PaymentLine = z.infer<typeof PaymentLine>;

export const Difference = lazy(() => z.object({ kind: z.string(), amountMinor: z.number(), text: z.string(), paymentId: z.string().optional() }));
export type Difference = z.infer<typeof Difference>;

export const DayClose = lazy(() =>
  z.object({
    id: z.number(),
    businessDay: z.string(),
    terminalId: z.string(),
    currency: z.string(),
    source: CloseSource,
    status: z.enum(['balanced', 'differences']),
    terminalTotalMinor: z.number(),
    terminalCount: z.number(),
    journalTotalMinor: z.number(),
    journalCount: z.number(),
    closedBy: z.string(),
    closedAt: z.string(),
    eventId: z.number(),
    /** The reconciliation as it was when the day was closed (the page reads it with CloseDetail). */
    detail: z.unknown(),
  }),
);
export type DayClose = z.infer<typeof DayClose>;
/** What the page reads of DayClose.detail: the differences found when the day was closed. */
export const CloseDetail = lazy(() => z.object({ reconciliation: z.object({ differences: z.array(Difference) }) }));

export const Correction = lazy(() =>
  z.object({
    id: z.number(),
    closeId: z.number(),
    paymentId: z.string().nullable(),
    amountMinor: z.number().nullable(),
    note: z.string(),
    by: z.string(),
    at: z.string(),
  }),
);
export type Correction = z.infer<typeof Correction>;

export const TerminalDay = lazy(() =>
  z.object({
    terminalId: z.string(),
    protocol: z.string().nullable(),
    sources: z.array(CloseSource),
    journal: z.object({ totalMinor: z.number(), count: z.number(), testCount: z.number(), testTotalMinor: z.number(), declined: z.number() }),
    pending: z.array(z.string()),
    payments: z.array(PaymentLine),
    close: DayClose.nullable(),
    corrections: z.array(Correction),
  }),
);
export type TerminalDay = z.infer<typeof TerminalDay>;

export const DayPreview = lazy(() => z.object({ day: z.string(), from: z.string(), to: z.string(), today: z.string(), terminals: z.array(TerminalDay) }));
export type DayPreview = z.infer<typeof DayPreview>;

export const PrintAnswer = lazy(() => z.object({ ok: z.boolean(), message: z.string() }));
export const ClosedDay = lazy(() => z.object({ close: DayClose, corrections: z.array(Correction), printed: PrintAnswer.nullable() }));
export const CloseWithCorrections = lazy(() => z.object({ close: DayClose, corrections: z.array(Correction) }));
export const CorrectionAdded = lazy(() => z.object({ correction: Correction, corrections: z.array(Correction) }));
/** A day that cannot be closed: still-open payments (409 pending), already closed (409), the terminal failed (502). */
export const CloseRefused = lazy(() =>
  z.object({
    error: z.string(),
    code: z.string(),
    pending: z.array(z.string()).optional(),
    closeId: z.number().optional(),
  }),
);

export const Spread = lazy(() => z.object({ count: z.number(), medianMinutes: z.number().nullable(), p90Minutes: z.number().nullable() }));
const Count = () => ({ tickets: z.number(), persons: z.number() });
export type Spread = z.infer<typeof Spread>;
export const ReportStats = lazy(() =>
  z.object({
    period: z.object({ from: z.string(), to: z.string(), timeZone: z.string() }),
    /** Priority visitors (issue 18) among the period's tickets: asked at the kiosk, self-declared, issued by staff, decisions. */
    priority: z.object({
      requested: z.number(),
      selfDeclared: z.number(),
      issuedByStaff: z.number(),
      confirmed: z.number(),
      declined: z.number(),
      flagged: z.number(),
      removed: z.number(),
      byClass: z.array(z.object({ priority: z.string(), tickets: z.number() })),
    }),
    visitors: z.object({
      total: z.object(Count()),
      byService: z.array(z.object({ service: z.string(), ...Count() })),
      byHour: z.array(z.object({ hour: z.number(), ...Count() })),
      byServiceHour: z.array(z.object({ service: z.string(), hour: z.number(), ...Count() })),
    }),
    waits: z.object({ all: Spread, byService: z.array(Spread.extend({ service: z.string() })) }),
    serviceTimes: z.object({ all: Spread, byService: z.array(Spread.extend({ service: z.string() })) }),
    noShows: z.object({ total: z.number(), byService: z.array(z.object({ service: z.string(), noShows: z.number() })) }),
    counters: z.array(
      z.object({
        counter: z.string(),
        calls: z.number(),
        recalls: z.number(),
        served: z.number(),
        noShows: z.number(),
        transfers: z.number(),
        service: Spread,
      }),
    ),
    /** Per staff member (issue 18): their calls, outcomes and service times. */
    agents: z.array(
      z.object({
        agent: z.string(),
        calls: z.number(),
        recalls: z.number(),
        served: z.number(),
        noShows: z.number(),
        transfers: z.number(),
        cancelled: z.number(),
        service: Spread,
      }),
    ),
    /** How the period's tickets ended, per service of issue (each ticket once, by its last state). */
    outcomes: z.array(
      z.object({
        service: z.string(),
        tickets: z.number(),
        served: z.number(),
        noShows: z.number(),
        cancelled: z.number(),
        expired: z.number(),
        open: z.number(),
        transfers: z.number(),
      }),
    ),
    fees: z.array(z.object({ service: z.string(), currency: z.string(), payments: z.number(), totalMinor: z.number() })),
    /** Refunds and reversals done in the period (issue 17), by the refunded payment's service(s). */
    refunds: z.array(z.object({ service: z.string(), currency: z.string(), refunds: z.number(), reversals: z.number(), refundedMinor: z.number() })),
    /** Net takings: approved − refunded per service and currency, then service "(all)" per currency. */
    net: z.array(z.object({ service: z.string(), currency: z.string(), approvedMinor: z.number(), refundedMinor: z.number(), netMinor: z.number() })),
    tests: z.object({ payments: z.number(), totalMinor: z.number() }),
    /** Fees recorded at the counters' reception (issue 18 item 5): paid on a counter's own terminal, exempt or free; never card payments of the kiosks. */
    counterFees: z
      .array(z.object({ service: z.string(), currency: z.string(), kind: z.enum(['paid', 'exempt', 'free']), visits: z.number(), totalMinor: z.number() }))
      .default([]),
    /** Per kiosk of the post (the hub's own journal under its id) and currency; dayClose only for a single day. */
    kiosks: z.array(
      z.object({
        kioskId: z.string(),
        currency: z.string(),
        payments: z.number(),
        totalMinor: z.number(),
        testPayments: z.number(),
        testTotalMinor: z.number(),
        pending: z.number(),
        dayClose: z.enum(['closed', 'differences', 'not-closed', 'nothing-to-close']).nullable(),
      }),
    ),
  }),
);
export type ReportStats = z.infer<typeof ReportStats>;
export const StatsAnswer = lazy(() => z.object({ first: z.string(), last: z.string(), stats: ReportStats }));

/** The post's business day (server/reports/post-day.ts): each kiosk's figures and close, and why the day is not complete. */
const DayCloseStatus = lazy(() => z.enum(['closed', 'differences', 'not-closed', 'nothing-to-close']));
export const KioskDay = lazy(() =>
  z.object({
    kioskId: z.string(),
    local: z.boolean(),
    totals: z.array(
      z.object({
        currency: z.string(),
        payments: z.number(),
        totalMinor: z.number(),
        testPayments: z.number(),
        testTotalMinor: z.number(),
        pending: z.number(),
      }),
    ),
    pending: z.array(z.string()),
    terminals: z.array(z.string()),
    closes: z
      .array(
        z.object({
          terminalId: z.string(),
          currency: z.string(),
          source: z.string(),
          balanced: z.boolean(),
          terminalTotalMinor: z.number(),
          journalTotalMinor: z.number(),
          by: z.string(),
          closedAt: z.string(),
          /** Notes (and amounts) a supervisor added after the close: shown, never summed into it. */
          corrections: z.array(
            z.object({ paymentId: z.string().nullable(), amountMinor: z.number().nullable(), note: z.string(), by: z.string(), at: z.string() }),
          ),
        }),
      )
      .nullable(),
    dayClose: DayCloseStatus.nullable(),
    link: z
      .object({
        lag: z.number(),
        reportedHead: z.number(),
        shippedThrough: z.number(),
        lastContact: z.string(),
        lastReceivedAt: z.string().nullable(),
        fork: z.object({ atId: z.number(), reason: z.string(), at: z.string() }).nullable(),
      })
      .nullable(),
    /** Enrolled at the hub but never shipped an event. */
    nothingReceived: z.boolean(),
    enrolment: z.object({ enrolledAt: z.string(), revokedAt: z.string().nullable(), lastSeenAt: z.string().nullable() }).nullable(),
  }),
);
export type KioskDay = z.infer<typeof KioskDay>;
export const PostDayAnswer = lazy(() =>
  z.object({
    day: z.string(),
    kiosks: z.array(KioskDay),
    totals: z.array(z.object({ currency: z.string(), payments: z.number(), totalMinor: z.number() })),
    complete: z.boolean(),
    refusals: z.array(z.object({ kioskId: z.string(), reason: z.enum(['fork', 'lag', 'pending', 'not-closed', 'nothing-received']), text: z.string() })),
  }),
);
export type PostDayAnswer = z.infer<typeof PostDayAnswer>;
