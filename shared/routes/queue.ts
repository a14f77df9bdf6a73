// /api/queue/*: the board's read, the counters list, and the staff actions. Counter actions act on the
// counter of the signed-in session and answer with the fresh counter view.
import { z } from 'zod';
import { lazy } from '../lazy-schema';
import {
  BoardView,
  CallTicketBody,
  CounterList,
  CounterView,
  HoldBody,
  PriorityBody,
  IssuedTicket,
  IssueTicketBody,
  TicketDetail,
  TicketRef,
  TransferBody,
} from '../queue-api';
import { Refusal } from './answers';
import { declare, type RouteDecl } from './define';

const COUNTER = ['staff', 'supervisor'] as const;
const action = <const P extends `/api/queue/counter/${string}`, const B extends z.ZodType>(path: P, summary: string, body: B) =>
  declare({
    method: 'POST',
    path,
    summary,
    roles: COUNTER,
    page: 'counter',
    body,
    responses: { 200: CounterView, 400: Refusal, 401: Refusal, 403: Refusal, 409: Refusal },
  });

export const queueRoutes = {
  counters: declare({ method: 'GET', path: '/api/queue/counters', summary: 'Counters and services (for the sign-in screen)', responses: { 200: CounterList } }),
  board: declare({
    method: 'GET',
    path: '/api/queue/board',
    summary: 'What the lobby board shows: current call, last calls, waiting per service',
    responses: { 200: BoardView },
  }),
  issueTicket: declare({
    method: 'POST',
    path: '/api/queue/tickets',
    summary: 'Issue a ticket (staff; the kiosk flow calls the service directly)',
    roles: COUNTER,
    page: 'counter',
    body: IssueTicketBody,
    responses: { 201: IssuedTicket, 400: Refusal, 401: Refusal, 403: Refusal, 409: Refusal },
  }),
  ticket: declare({
    method: 'GET',
    path: '/api/queue/tickets/:id',
    summary: 'A ticket with its events and the times derived from them',
    roles: COUNTER,
    page: 'counter',
    params: lazy(() => z.object({ id: z.string() })),
    responses: { 200: TicketDetail, 401: Refusal, 403: Refusal, 404: Refusal },
  }),
  counter: declare({
    method: 'GET',
    path: '/api/queue/counter',
    summary: 'The signed-in counter: current ticket and waiting list in calling order',
    roles: COUNTER,
    page: 'counter',
    responses: { 200: CounterView, 401: Refusal, 403: Refusal, 409: Refusal },
  }),
  callNext: action('/api/queue/counter/call-next', 'Call the next ticket by the calling order', TicketRef),
  call: action('/api/queue/counter/call', 'Call one waiting ticket out of order', CallTicketBody),
  recall: action('/api/queue/counter/recall', 'Call the current ticket again (the board announces it again)', TicketRef),
  start: action('/api/queue/counter/start', 'The visitor arrived: service starts', TicketRef),
  finish: action('/api/queue/counter/finish', 'Service finished', TicketRef),
  noShow: action('/api/queue/counter/no-show', 'The visitor did not come (after the configured recalls)', TicketRef),
  transfer: action('/api/queue/counter/transfer', 'Send the ticket to another service; it keeps its number and arrival', TransferBody),
  hold: action('/api/queue/counter/hold', 'Put the current ticket on hold (the visitor fetches a document); it keeps its number', HoldBody),
  recallHeld: action('/api/queue/counter/recall-held', 'Call a ticket this counter put on hold back to it, same number', CallTicketBody),
  priority: action(
    '/api/queue/counter/priority',
    "Confirm or decline a ticket's priority request, or flag a ticket as priority (journaled with who)",
    PriorityBody,
  ),
  pause: action('/api/queue/counter/pause', 'Pause the counter: it calls no ticket until resumed', TicketRef),
  resume: action('/api/queue/counter/resume', 'Resume the counter', TicketRef),
} as const satisfies Record<string, RouteDecl>;
