// /api/supervisor/*: the supervisor's live view of the floor and its actions (issue 18 item 4). Every action answers
// with the fresh view, and is journaled with the supervisor's id.
import { z } from 'zod';
import { lazy } from '../lazy-schema';
import { CancelTicketBody, CounterServicesBody, FloorView, MoveTicketBody, ServicePauseBody } from '../supervisor-api';
import { Refusal } from './answers';
import { declare, type RouteDecl } from './define';

const roles = ['supervisor'] as const;
const page = 'supervisor';
const refusals = { 400: Refusal, 401: Refusal, 403: Refusal, 404: Refusal, 409: Refusal };
const id = lazy(() => z.object({ id: z.string().min(1) }));

export const supervisorRoutes = {
  floor: declare({
    method: 'GET',
    path: '/api/supervisor/floor',
    summary: 'The floor now: waiting per service, longest wait, each counter’s state, the longest-waiting tickets, the day’s no-shows',
    roles,
    page,
    responses: { 200: FloorView, 401: Refusal, 403: Refusal },
  }),
  moveTicket: declare({
    method: 'POST',
    path: '/api/supervisor/tickets/:id/move',
    summary: 'Move a waiting ticket to another service; it keeps its number and arrival',
    roles,
    page,
    params: id,
    body: MoveTicketBody,
    responses: { 200: FloorView, ...refusals },
  }),
  cancelTicket: declare({
    method: 'POST',
    path: '/api/supervisor/tickets/:id/cancel',
    summary: 'Cancel an open ticket, saying why',
    roles,
    page,
    params: id,
    body: CancelTicketBody,
    responses: { 200: FloorView, ...refusals },
  }),
  reopenTicket: declare({
    method: 'POST',
    path: '/api/supervisor/tickets/:id/reopen',
    summary: 'Put a no-show of today back in the waiting list',
    roles,
    page,
    params: id,
    responses: { 200: FloorView, ...refusals },
  }),
  counterServices: declare({
    method: 'POST',
    path: '/api/supervisor/counters/:id/services',
    summary: 'Change which services a counter calls (kept across restarts)',
    roles,
    page,
    params: id,
    body: CounterServicesBody,
    responses: { 200: FloorView, ...refusals },
  }),
  pauseService: declare({
    method: 'POST',
    path: '/api/supervisor/services/:id/pause',
    summary: 'Pause or resume walk-in tickets of a service (the kiosk shows it closed; kept across restarts)',
    roles,
    page,
    params: id,
    body: ServicePauseBody,
    responses: { 200: FloorView, ...refusals },
  }),
} as const satisfies Record<string, RouteDecl>;
