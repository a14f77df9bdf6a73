// The queue's HTTP contract (issue 6): bodies and answers of /api/queue/* and /api/auth/*. The daemon
// validates what it sends with these, the counter and board pages parse what they get with them, and
// /api/openapi.json is generated from them.
import { z } from 'zod';
import { lazy } from './lazy-schema';
import { Language } from './languages';
import { StaffApp } from './page-app';

export const Priority = lazy(() => z.enum(['elderly', 'disabled', 'pregnant', 'children']));
export type Priority = z.infer<typeof Priority>;
export const TicketKind = lazy(() => z.enum(['walk-in', 'appointment']));
export const TicketState = lazy(() => z.enum(['waiting', 'called', 'serving', 'held', 'done', 'no-show', 'expired', 'cancelled']));
export type TicketState = z.infer<typeof TicketState>;
export const RoleName = lazy(() => z.enum(['staff', 'supervisor', 'technician']));

const iso = lazy(() => z.string().describe('ISO 8601 UTC date-time'));
const names = lazy(() => z.record(z.string(), z.string()));

export const Ticket = lazy(() =>
  z.object({
    id: z.string(),
    label: z.string().describe('printed and shown number, e.g. "A-023"'),
    prefix: z.string(),
    number: z.number().int(),
    service: z.string(),
    kind: TicketKind,
    slot: iso.nullable().describe('booked slot of an appointment; null for a walk-in'),
    priority: Priority.nullable(),
    persons: z.number().int(),
    lang: z.string(),
    state: TicketState,
    counter: z.string().nullable(),
    recalls: z.number().int(),
    arrivedAt: iso,
    calledAt: iso.nullable(),
    startedAt: iso.nullable(),
    closedAt: iso.nullable(),
    businessDay: z.string().describe('the consulate-local date the number belongs to, YYYY-MM-DD'),
    // Issue 18 (items 3 and 7); optional so tickets written before them (kept by kiosks of a post) still read.
    priorityRequest: Priority.nullable().optional().describe('a priority asked at the kiosk, waiting for a staff member to confirm it'),
    hold: z
      .object({ counter: z.string(), at: iso, by: z.string(), reason: z.string() })
      .nullable()
      .optional()
      .describe('a parked ticket: the counter that will call it back, when, who parked it and why'),
  }),
);
export type Ticket = z.infer<typeof Ticket>;

export const IssueTicketBody = lazy(() =>
  z.strictObject({
    service: z.string().min(1),
    kind: TicketKind.default('walk-in'),
    slot: z.iso.datetime({ offset: true }).optional().describe('required for an appointment'),
    priority: Priority.optional(),
    priorityRequest: Priority.optional().describe(
      'a priority the visitor asks for: confirmed by staff, or at once when queue.priorityRequests is self-declared',
    ),
    persons: z.number().int().min(1).max(20).default(1),
    lang: Language.default('fr'),
  }),
);
export type IssueTicketBody = z.input<typeof IssueTicketBody>;

export const IssuedTicket = lazy(() =>
  z.object({
    ticket: Ticket,
    ahead: z.number().int().describe('tickets before this one for its service'),
    estimatedWaitMinutes: z.number().int(),
  }),
);
export type IssuedTicket = z.infer<typeof IssuedTicket>;

export const Lane = lazy(() => z.enum(['appointment', 'walk-in', 'early-appointment']));
export const WaitingEntry = lazy(() =>
  z.object({
    ticket: Ticket,
    position: z.number().int().describe('1 = called next by this counter'),
    lane: Lane,
    reason: z.enum(['appointment-due', 'appointment-late', 'walk-in', 'priority', 'appointment-early']),
    waitingMinutes: z.number().int(),
  }),
);
export type WaitingEntry = z.infer<typeof WaitingEntry>;

export const ServiceInfo = lazy(() => z.object({ code: z.string(), prefix: z.string(), name: names }));
export const CounterInfo = lazy(() => z.object({ id: z.string(), name: z.string(), services: z.array(z.string()) }));
export type CounterInfo = z.infer<typeof CounterInfo>;
export const CounterList = lazy(() => z.object({ counters: z.array(CounterInfo), services: z.array(ServiceInfo) }));
export type CounterList = z.infer<typeof CounterList>;

export const HeldEntry = lazy(() =>
  z.object({
    ticket: Ticket,
    heldAt: iso,
    heldBy: z.string().describe('the staff member who put it on hold'),
    reason: z.string(),
    heldMinutes: z.number().int(),
  }),
);
export type HeldEntry = z.infer<typeof HeldEntry>;

export const PriorityRequestEntry = lazy(() => z.object({ ticket: Ticket, waitingMinutes: z.number().int() }));
export type PriorityRequestEntry = z.infer<typeof PriorityRequestEntry>;

export const SessionUser = lazy(() => z.object({ id: z.string(), name: z.string(), role: RoleName }));

export const CounterView = lazy(() =>
  z.object({
    counter: CounterInfo,
    user: SessionUser,
    paused: z.boolean(),
    current: Ticket.nullable(),
    currentNext: z.string().nullable().describe("the next service of the current ticket's route (a visit of several services): Finish sends it there"),
    waiting: z.array(WaitingEntry).describe('the first tickets of the calling order, at most 50'),
    waitingCount: z.number().int().describe('every ticket waiting for the services of this counter'),
    services: z.array(ServiceInfo),
    noShowAfterRecalls: z.number().int(),
    held: z.array(HeldEntry).describe('tickets this counter put on hold, oldest first: "Recall" calls one back here'),
    priorityRequests: z.array(PriorityRequestEntry).describe("waiting tickets of the counter's services whose priority request waits for staff"),
  }),
);
export type CounterView = z.infer<typeof CounterView>;

export const TicketRef = lazy(() =>
  z.strictObject({
    ticketId: z.string().optional().describe('the ticket the console shows; refused as stale if the counter holds another one'),
  }),
);
export const HoldBody = lazy(() =>
  z.strictObject({
    ticketId: z.string().optional().describe('the ticket the console shows; refused as stale if the counter holds another one'),
    reason: z.string().trim().min(1, 'say why the visitor is put on hold').max(200),
  }),
);
export const PriorityBody = lazy(() =>
  z.strictObject({
    ticketId: z.string().min(1),
    decision: z.enum(['confirm', 'decline', 'flag', 'remove']).describe('confirm or decline a request made at the kiosk; flag a ticket or take it off'),
    priority: Priority.optional().describe('needed to flag; with confirm, the category staff saw when it differs from the request'),
  }),
);
export const CallTicketBody = lazy(() => z.strictObject({ ticketId: z.string().min(1) }));
export const TransferBody = lazy(() => z.strictObject({ ticketId: z.string().optional(), service: z.string().min(1) }));

export const BoardCall = lazy(() =>
  z.object({
    callId: z.number().int().describe('journal id of the call or recall: a new id means announce'),
    at: iso,
    kind: z.enum(['called', 'recalled']),
    ticketId: z.string(),
    label: z.string(),
    prefix: z.string(),
    number: z.number().int(),
    service: z.string(),
    counter: z.string(),
    counterName: z.string(),
  }),
);
export type BoardCall = z.infer<typeof BoardCall>;

export const BoardWaiting = lazy(() =>
  z.object({
    service: z.string(),
    prefix: z.string(),
    name: names,
    count: z.number().int(),
    estimatedWaitMinutes: z.number().int(),
    // Absent from a hub older than the field: a post's kiosks and hub are not always upgraded together.
    paused: z.boolean().default(false).describe('a supervisor paused the service for walk-ins (issue 18 item 4)'),
  }),
);
export type BoardWaiting = z.infer<typeof BoardWaiting>;

export const BoardView = lazy(() =>
  z.object({
    current: BoardCall.nullable(),
    lastCalls: z.array(BoardCall),
    waiting: z.array(BoardWaiting),
    pausedCounters: z.array(z.string()),
    counters: z
      .array(z.object({ id: z.string(), name: z.string(), paused: z.boolean() }))
      .describe('every counter of the post in the configured order, so the board can show which ones are paused'),
    languages: z.array(z.string()),
    chime: z.boolean(),
    businessDay: z.string(),
    timeZone: z.string(),
    consulateName: names,
    serverTime: iso.describe('the daemon clock, so a board with a wrong clock still knows which calls are fresh'),
  }),
);
export type BoardView = z.infer<typeof BoardView>;

/**
 * What changed in the board view since the one pushed before (issue 14): a call changes a few hundred bytes of a view
 * of several kilobytes, and each push is parsed by every board. Fields left out are unchanged. A number in `lastCalls`
 * or `current` is the call id of a call the board already shows (in its last calls); a `[count, estimatedWaitMinutes,
 * paused]` row of `waiting` keeps the service, prefix and name of the row at the same place. `serverTime` is always
 * sent: it dates the calls for announcing. A board that cannot resolve a reference re-reads the whole view.
 */
export const BoardPatch = lazy(() =>
  z.object({
    serverTime: iso,
    current: z.union([z.number().int(), BoardCall]).nullable().optional(),
    lastCalls: z.array(z.union([z.number().int(), BoardCall])).optional(),
    waiting: z.array(z.union([z.tuple([z.number().int(), z.number().int(), z.boolean()]), BoardWaiting])).optional(),
    set: BoardView.omit({ current: true, lastCalls: true, waiting: true, serverTime: true })
      .partial()
      .optional()
      .describe('the other fields of the view that changed, whole'),
  }),
);
export type BoardPatch = z.infer<typeof BoardPatch>;

export const TicketEvent = lazy(() => z.object({ at: iso, kind: z.string(), service: z.string(), counter: z.string().nullable(), actor: z.string() }));
export const TicketDetail = lazy(() =>
  z.object({
    ticket: Ticket,
    events: z.array(TicketEvent),
    waitingMinutes: z.number().nullable().describe('issue to first call, from the events'),
    serviceMinutes: z.number().nullable().describe('sum of started→finished/transferred spans, from the events'),
  }),
);
export type TicketDetail = z.infer<typeof TicketDetail>;

// Every field bounded: the body of a sign-in is small, whoever sends it (the route also caps it at 1 KB).
export const LoginBody = lazy(() =>
  z.strictObject({
    counter: z.string().max(32).optional(),
    pin: z.string().min(1).max(64),
    user: z.string().max(32).optional(),
    app: StaffApp.optional().describe(
      'the staff page signing in; its session works for that page only (default: the X-Kiosk-App header, else counter, diagnostics or reports by role)',
    ),
  }),
);
export type LoginBody = z.infer<typeof LoginBody>;

export const Me = lazy(() => z.object({ user: SessionUser, counter: z.string().nullable(), expiresAt: iso }));
export type Me = z.infer<typeof Me>;

export const QueueError = lazy(() => z.object({ error: z.string(), reason: z.string().optional(), retryAfterSeconds: z.number().optional() }));
export type QueueError = z.infer<typeof QueueError>;
