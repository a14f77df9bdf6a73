// Reads what the supervisor's floor view is built from (issue 18 item 4): counts kept by the store, the oldest
// arrival per service, the tickets at counters, who is signed in where, and only the first tickets of the waiting
// list, never the whole of it (a busy day's list is long and the view is read again after every change).
import type { Db } from '../../store/db';
import { counterStates, ticketsAtCounters, waitingCounts } from '../../store/queue';
import { longestWaiting, oldestWaiting, recentNoShows } from '../../store/supervisor-floor';
import { floorView } from '../../domain/queue/floor';
import type { FloorView } from '../../shared/supervisor-api';
import type { Session } from '../auth/sessions';
import type { QueueService } from './service';
import type { FloorSettings } from './floor-settings';

/** The view lists this many of the longest-waiting tickets and the day's last no-shows. */
export const FLOOR_WAITING_LIMIT = 60;
export const FLOOR_NO_SHOWS_LIMIT = 20;

export interface FloorReadDeps {
  db: Db;
  consulate: { code: string; timeZone: string };
  queue: Pick<QueueService, 'counters' | 'configuredCounters' | 'serviceList' | 'today'>;
  floor: Pick<FloorSettings, 'changeOf' | 'pauseOf'>;
  sessions: () => readonly Session[];
  now?: () => Date;
}

export function readFloor(d: FloorReadDeps): FloorView {
  const now = d.now?.() ?? new Date();
  const day = d.queue.today(now);
  const code = d.consulate.code;
  const atCounter = new Map(ticketsAtCounters(d.db, code).map((t) => [t.counter!, t]));
  const paused = new Map(counterStates(d.db).flatMap((c) => (c.paused ? [[c.counter, c.since] as const] : [])));
  const staff = new Map(d.sessions().flatMap((s) => (s.counter !== undefined && s.app === 'counter' ? [[s.counter, s.user.name] as const] : [])));
  const configured = new Map(d.queue.configuredCounters.map((c) => [c.id, c.services]));
  const services = d.queue.serviceList;
  const pauses = new Map(
    services.flatMap((s) => {
      const p = d.floor.pauseOf(s.code);
      return p ? [[s.code, { since: p.since, by: p.by, reason: p.reason }] as const] : [];
    }),
  );
  return floorView({
    now,
    businessDay: day,
    timeZone: d.consulate.timeZone,
    services: services.map((s) => ({ code: s.code, prefix: s.prefix, name: s.name })),
    waiting: waitingCounts(d.db, code, day),
    oldest: oldestWaiting(d.db, code, day),
    pauses,
    counters: d.queue.counters.map((c) => {
      const t = atCounter.get(c.id);
      return {
        id: c.id,
        name: c.name,
        services: c.services,
        configured: configured.get(c.id) ?? c.services,
        changed: d.floor.changeOf(c.id),
        pausedSince: paused.get(c.id) ?? null,
        ticket: t
          ? { id: t.id, label: t.label, service: t.service, state: t.state as 'called' | 'serving', calledAt: t.called_at, startedAt: t.started_at }
          : null,
        staff: staff.get(c.id) ?? null,
      };
    }),
    tickets: longestWaiting(d.db, code, day, FLOOR_WAITING_LIMIT).map((t) => ({
      id: t.id,
      label: t.label,
      service: t.service,
      kind: t.kind,
      priority: t.priority,
      arrivedAt: t.arrived_at,
    })),
    waitingShown: FLOOR_WAITING_LIMIT,
    noShows: recentNoShows(d.db, code, day, FLOOR_NO_SHOWS_LIMIT).map((t) => ({ id: t.id, label: t.label, service: t.service, closedAt: t.closed_at! })),
  });
}
