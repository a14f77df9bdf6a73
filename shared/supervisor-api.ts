// The supervisor's live view of the floor (issue 18 item 4): its contract for /api/supervisor/*. The daemon builds
// the view with domain/queue/floor.ts and checks what it sends with these; the /supervisor page parses with them.
import { z } from 'zod';
import { lazy } from './lazy-schema';
import { Priority, TicketKind } from './queue-api';

const iso = lazy(() => z.string().describe('ISO 8601 UTC date-time'));
const names = lazy(() => z.record(z.string(), z.string()));

export const CounterState = lazy(() => z.enum(['serving', 'called', 'idle', 'paused', 'offline']));
export type CounterState = z.infer<typeof CounterState>;

export const FloorTicket = lazy(() =>
  z.object({
    id: z.string(),
    label: z.string(),
    service: z.string(),
    kind: TicketKind,
    priority: Priority.nullable(),
    arrivedAt: iso,
    waitingMinutes: z.number().int().describe('whole minutes since arrival'),
  }),
);
export type FloorTicket = z.infer<typeof FloorTicket>;

export const FloorView = lazy(() =>
  z.object({
    businessDay: z.string(),
    timeZone: z.string(),
    serverTime: iso,
    services: z.array(
      z.object({
        code: z.string(),
        prefix: z.string(),
        name: names,
        waiting: z.number().int(),
        longestWaitMinutes: z.number().int().nullable().describe('the longest-waiting ticket of the service; null: nobody waits'),
        openCounters: z.number().int().describe('counters calling it now: signed in and not paused'),
        paused: z.object({ since: iso, by: z.string(), reason: z.string().nullable() }).nullable().describe('walk-in tickets stopped by a supervisor'),
      }),
    ),
    longestWait: z.object({ service: z.string(), minutes: z.number().int() }).nullable(),
    counters: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        services: z.array(z.string()).describe('the services it calls now'),
        configured: z.array(z.string()).describe('the services of the config'),
        changed: z.object({ since: iso, by: z.string() }).nullable().describe('when and by whom its services were changed at run time'),
        state: CounterState,
        since: iso.nullable().describe('serving/called: since the start/call; paused: since the pause'),
        ticket: z.object({ id: z.string(), label: z.string(), service: z.string() }).nullable(),
        staff: z.string().nullable().describe('the agent signed in at it; null: nobody (offline)'),
      }),
    ),
    waiting: z.array(FloorTicket).describe('the longest-waiting tickets, oldest first (at most `waitingShown`)'),
    waitingShown: z.number().int(),
    waitingTotal: z.number().int(),
    noShows: z.array(z.object({ id: z.string(), label: z.string(), service: z.string(), closedAt: iso })).describe("the day's latest no-shows"),
  }),
);
export type FloorView = z.infer<typeof FloorView>;

export const MoveTicketBody = lazy(() => z.strictObject({ service: z.string().min(1) }));
export const CancelTicketBody = lazy(() =>
  z.strictObject({ reason: z.string().trim().min(3, 'say why the ticket is cancelled, e.g. "visitor left"').max(300) }),
);
export const CounterServicesBody = lazy(() => z.strictObject({ services: z.array(z.string().min(1)).min(1, 'a counter calls at least one service') }));
export const ServicePauseBody = lazy(() => z.strictObject({ paused: z.boolean(), reason: z.string().trim().max(300).optional() }));
