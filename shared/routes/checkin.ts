// /api/checkin/*: the kiosk page reads the current screen and sends the visitor's actions; the counters
// read the kiosk's alerts and unlock it after helping the visitor.
import { z } from 'zod';
import { lazy } from '../lazy-schema';
import { CheckinAlerts, CheckinCommand, CheckinView, ResolveBody } from '../checkin-api';
import { Done, Refusal } from './answers';
import { declare } from './define';

const STAFF = ['staff', 'supervisor', 'technician'] as const;

export const checkinRoutes = {
  checkin: declare({ method: 'GET', path: '/api/checkin', summary: 'The kiosk screen now (the same view the push carries)', responses: { 200: CheckinView } }),
  event: declare({
    method: 'POST',
    path: '/api/checkin/event',
    summary: 'One visitor action for the check-in flow; the new screen arrives over /api/ws',
    body: CheckinCommand,
    responses: { 202: Done, 400: Refusal },
  }),
  alerts: declare({
    method: 'GET',
    path: '/api/checkin/alerts',
    summary: 'Is a visitor waiting for staff at the kiosk, why, and the last alerts',
    roles: STAFF,
    responses: { 200: CheckinAlerts, 401: Refusal, 403: Refusal },
  }),
  resolve: declare({
    method: 'POST',
    path: '/api/checkin/resolve',
    summary: 'Unlock the kiosk after helping the visitor, saying what was done',
    roles: STAFF,
    body: ResolveBody,
    responses: { 200: Done, 400: Refusal, 401: Refusal, 403: Refusal, 409: Refusal },
  }),
  acknowledgeAlert: declare({
    method: 'POST',
    path: '/api/checkin/alerts/acknowledge',
    summary: 'An agent is on their way to the kiosk’s current alert: every counter sees who (journaled)',
    roles: STAFF,
    responses: { 200: Done, 401: Refusal, 403: Refusal, 409: Refusal },
  }),
  acknowledgeUnprinted: declare({
    method: 'POST',
    path: '/api/checkin/unprinted/:ticketId/acknowledge',
    summary: 'A ticket that did not print: the visitor has its number (noted, or written by hand); clears the counters’ alert',
    roles: STAFF,
    params: lazy(() => z.object({ ticketId: z.string().min(1).max(128) })),
    responses: { 200: Done, 401: Refusal, 403: Refusal, 404: Refusal, 409: Refusal },
  }),
  reprintUnprinted: declare({
    method: 'POST',
    path: '/api/checkin/unprinted/:ticketId/reprint',
    summary: 'A ticket that did not print, printed again on the kiosk; clears the counters’ alert once printed',
    roles: STAFF,
    params: lazy(() => z.object({ ticketId: z.string().min(1).max(128) })),
    responses: { 200: Done, 401: Refusal, 403: Refusal, 404: Refusal, 409: Refusal },
  }),
} as const;
