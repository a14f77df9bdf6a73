// A visit with several services (issue 18, item 8): one payment of the total, then ONE ticket routed through the
// services in the order the visit lists them. The visitor is called for the first service; when the agent there
// finishes, the ticket goes to the next service's queue with the same number and its first arrival time (a transfer
// the queue already knows: it takes its place there by when the visitor came, never behind later arrivals), and so on
// until the last service is finished. Why not one ticket per service: two counters could call the same person at once,
// and a visitor holding two numbers is called twice on the board; one number keeps one person in one place.
// Pure: the queue service (server/queue/service.ts) journals the steps.

import { MAX_SERVICES_PER_VISIT } from '../../shared/visit-limits';

export { MAX_SERVICES_PER_VISIT };

/**
 * The route a ticket carries: the visit's services in order, each once; null for a visit of one service (no routing).
 * Refused when empty or longer than MAX_SERVICES_PER_VISIT.
 */
export function visitRoute(services: readonly string[]): { ok: true; route: string[] | null } | { ok: false; reason: 'invalid'; detail: string } {
  const route = [...new Set(services)];
  if (route.length === 0) return { ok: false, reason: 'invalid', detail: 'a visit needs at least one service' };
  if (route.length > MAX_SERVICES_PER_VISIT)
    return {
      ok: false,
      reason: 'invalid',
      detail: `a visit has at most ${MAX_SERVICES_PER_VISIT} services (${route.length} given): send the visitor to reception`,
    };
  return { ok: true, route: route.length > 1 ? route : null };
}

/**
 * Where a ticket goes when its service at `current` is finished: the service after `current` in its route, or null
 * (the visit is done). A ticket moved by staff to a service outside its route has left the route: finishing it there
 * ends the visit, as it did before routing.
 */
export function nextInRoute(route: readonly string[] | null, current: string): string | null {
  if (!route) return null;
  const i = route.indexOf(current);
  return i >= 0 && i + 1 < route.length ? route[i + 1]! : null;
}
