// /api/post/events and /api/post/kiosks (issue 15, item 4): a kiosk ships its journal events to the hub
// (authenticated by its kiosk credential, not a staff session), and staff see each kiosk's lag and last contact.
import { KioskLinks, ShipEventsAnswer, ShipEventsBody, ShipEventsRefusal } from '../post-events-api';
import { Refusal } from './answers';
import { declare } from './define';

export const postEventRoutes = {
  postEvents: declare({
    method: 'POST',
    path: '/api/post/events',
    summary: 'A kiosk ships its journal events (its kiosk credential as the bearer): the hub checks each link and keeps them; 409 on a gap or a fork',
    body: ShipEventsBody,
    responses: { 200: ShipEventsAnswer, 400: Refusal, 401: Refusal, 403: Refusal, 409: ShipEventsRefusal },
  }),
  postKiosks: declare({
    method: 'GET',
    path: '/api/post/kiosks',
    summary: 'Every kiosk of the post: events shipped, its reported head, lag, last contact, and whether its chain forked',
    roles: ['supervisor', 'technician'],
    page: 'diagnostics',
    responses: { 200: KioskLinks, 401: Refusal, 403: Refusal },
  }),
} as const;
