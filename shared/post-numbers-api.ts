// Numbers at the post level (issue 15): what a kiosk sends its hub to get a ticket online, to lease an
// offline block, and to upload the tickets it printed offline. Parsed with these on both sides.
import { z } from 'zod';
import { lazy } from './lazy-schema';
import { IssuedTicket, Priority, TicketKind } from './queue-api';
import { Refusal } from './routes/answers';
import { declare } from './routes/define';
import { MAX_SERVICES_PER_VISIT } from './visit-limits';

const iso = lazy(() => z.string().describe('ISO 8601 UTC date-time'));
const prefix = lazy(() => z.string().regex(/^[A-Z]{1,2}$/));
/** The visit's key: the same key always gets the same ticket. */
const requestKey = lazy(() => z.string().min(1).max(200));

export const PostIssueBody = lazy(() =>
  z.strictObject({
    requestKey,
    service: z.string().min(1),
    kind: TicketKind,
    slot: z.iso.datetime({ offset: true }).optional(),
    priority: Priority.optional(),
    /** Issue 18: a walk-in's priority request; the hub's queue.priorityRequests decides (sent only when there is one). */
    priorityRequest: Priority.optional(),
    /** Issue 18 item 8: a visit of several services, in order (`service` first); the hub routes the one ticket through them. */
    route: z.array(z.string().min(1).max(64)).min(2).max(MAX_SERVICES_PER_VISIT).optional(),
    persons: z.number().int().min(1).max(20),
    lang: z.string().min(1),
  }),
);
export type PostIssueBody = z.infer<typeof PostIssueBody>;

export const BlockBody = lazy(() => z.strictObject({ prefix }));
export const BlockAnswer = lazy(() =>
  z.object({
    block: z.object({ businessDay: z.string(), prefix, first: z.number().int(), last: z.number().int() }).nullable().describe('null: no block left today'),
  }),
);
export type BlockAnswer = z.infer<typeof BlockAnswer>;

export const OfflineTicket = lazy(() =>
  z.strictObject({
    requestKey,
    localId: z.string().min(1),
    service: z.string().min(1),
    prefix,
    number: z.number().int().min(0),
    series: z.string().describe("'' for a block number, the kiosk id for its fallback series"),
    label: z.string().min(1),
    kind: TicketKind,
    slot: iso.nullable(),
    priority: Priority.nullable(),
    persons: z.number().int().min(1).max(20),
    lang: z.string().min(1),
    issuedAt: iso,
    /** A visit of several services printed offline: the hub routes its ticket as an online one (issue 18 item 8). */
    route: z.array(z.string().min(1).max(64)).min(2).max(MAX_SERVICES_PER_VISIT).optional(),
  }),
);
export type OfflineTicket = z.infer<typeof OfflineTicket>;

export const OfflineUploadBody = lazy(() => z.strictObject({ tickets: z.array(OfflineTicket).min(1).max(500) }));
export const OfflineOutcome = lazy(() =>
  z.discriminatedUnion('outcome', [
    z.object({ requestKey, outcome: z.literal('accepted'), ticketId: z.string() }),
    z.object({ requestKey, outcome: z.literal('duplicate'), ticketId: z.string() }),
    z.object({ requestKey, outcome: z.literal('refused'), reason: z.string(), detail: z.string() }),
  ]),
);
export type OfflineOutcome = z.infer<typeof OfflineOutcome>;
export const OfflineUploadAnswer = lazy(() => z.object({ results: z.array(OfflineOutcome) }));

/** A kiosk asks the hub to cancel one of its tickets (a visit refunded in full at that kiosk: issue 17). */
export const CancelTicketBody = lazy(() =>
  z.strictObject({
    ticketId: z.string().min(1).max(120),
    reason: z.string().trim().min(3).max(300),
    /** The staff member who refunded, at the kiosk. */
    by: z.string().trim().min(1).max(80),
    refundId: z.string().min(1).max(120).optional(),
  }),
);
/** cancelled: done now or before; closed: served, no-show or expired, left as it is; unknown: not a ticket of this kiosk. */
export const CancelTicketAnswer = lazy(() => z.object({ outcome: z.enum(['cancelled', 'closed', 'unknown']), detail: z.string() }));
export type CancelTicketAnswer = z.infer<typeof CancelTicketAnswer>;

export const postNumbersRoutes = {
  postIssueTicket: declare({
    method: 'POST',
    path: '/api/post/tickets',
    summary: "A kiosk's online ticket (idempotent by the visit's request key)",
    body: PostIssueBody,
    responses: { 201: IssuedTicket, 400: Refusal, 401: Refusal, 403: Refusal, 409: Refusal, 503: Refusal },
  }),
  postLeaseBlock: declare({
    method: 'POST',
    path: '/api/post/blocks',
    summary: 'Leases the kiosk an offline block of numbers for a prefix, today',
    body: BlockBody,
    responses: { 200: BlockAnswer, 400: Refusal, 401: Refusal, 403: Refusal, 503: Refusal },
  }),
  postOfflineTickets: declare({
    method: 'POST',
    path: '/api/post/offline-tickets',
    summary: 'Uploads tickets a kiosk printed offline (idempotent)',
    body: OfflineUploadBody,
    responses: { 200: OfflineUploadAnswer, 400: Refusal, 401: Refusal, 403: Refusal },
  }),
  postCancelTicket: declare({
    method: 'POST',
    path: '/api/post/tickets/cancel',
    summary: "Cancels one of the calling kiosk's tickets at the hub (its visit was refunded in full); idempotent",
    body: CancelTicketBody,
    responses: { 200: CancelTicketAnswer, 400: Refusal, 401: Refusal, 403: Refusal },
  }),
} as const;
