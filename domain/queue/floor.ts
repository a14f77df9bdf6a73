// The supervisor's view of the floor (issue 18 item 4), from facts read elsewhere: what each counter is doing, how
// long the longest wait is, which services can be called. Pure: the server reads the journal and the sessions, this
// decides what they mean. The rules for a supervisor's changes (a counter's services) are here too.
import type { FloorTicket, FloorView, CounterState } from '../../shared/supervisor-api';
import type { Fail } from '../../shared/result';

const MINUTE = 60_000;

export interface FloorCounterFacts {
  id: string;
  name: string;
  services: readonly string[];
  configured: readonly string[];
  changed: { since: string; by: string } | null;
  /** Since when the counter is paused; null: not paused. */
  pausedSince: string | null;
  ticket: { id: string; label: string; service: string; state: 'called' | 'serving'; calledAt: string | null; startedAt: string | null } | null;
  /** The agent signed in at the counter, or null. */
  staff: string | null;
}

export interface FloorFacts {
  now: Date;
  businessDay: string;
  timeZone: string;
  services: ReadonlyArray<{ code: string; prefix: string; name: Record<string, string> }>;
  waiting: ReadonlyMap<string, number>;
  /** Arrival of the longest-waiting ticket per service. */
  oldest: ReadonlyMap<string, string>;
  pauses: ReadonlyMap<string, { since: string; by: string; reason: string | null }>;
  counters: readonly FloorCounterFacts[];
  tickets: ReadonlyArray<Omit<FloorTicket, 'waitingMinutes'>>;
  waitingShown: number;
  noShows: FloorView['noShows'];
}

const minutesSince = (now: Date, iso: string) => Math.max(0, Math.floor((now.getTime() - Date.parse(iso)) / MINUTE));

/**
 * What a counter is doing. A ticket at it says most (a counter serving someone is serving, whoever is signed in);
 * then a pause (the agent stepped away on purpose); then nobody signed in (offline); else it is free to call.
 */
export function counterState(c: Pick<FloorCounterFacts, 'ticket' | 'pausedSince' | 'staff'>): { state: CounterState; since: string | null } {
  if (c.ticket?.state === 'serving') return { state: 'serving', since: c.ticket.startedAt };
  if (c.ticket?.state === 'called') return { state: 'called', since: c.ticket.calledAt };
  if (c.pausedSince !== null) return { state: 'paused', since: c.pausedSince };
  if (c.staff === null) return { state: 'offline', since: null };
  return { state: 'idle', since: null };
}

export function floorView(f: FloorFacts): FloorView {
  const counters = f.counters.map((c) => {
    const s = counterState(c);
    return {
      id: c.id,
      name: c.name,
      services: [...c.services],
      configured: [...c.configured],
      changed: c.changed,
      state: s.state,
      since: s.since,
      ticket: c.ticket ? { id: c.ticket.id, label: c.ticket.label, service: c.ticket.service } : null,
      staff: c.staff,
    };
  });
  // A counter calls a service when someone is there to call (signed in, or busy with a ticket) and it is not paused.
  const calling = counters.filter((c) => c.state !== 'offline' && c.state !== 'paused');
  const services = f.services.map((s) => {
    const oldest = f.oldest.get(s.code);
    return {
      code: s.code,
      prefix: s.prefix,
      name: s.name,
      waiting: f.waiting.get(s.code) ?? 0,
      longestWaitMinutes: oldest === undefined ? null : minutesSince(f.now, oldest),
      openCounters: calling.filter((c) => c.services.includes(s.code)).length,
      paused: f.pauses.get(s.code) ?? null,
    };
  });
  let longestWait: FloorView['longestWait'] = null;
  for (const s of services)
    if (s.longestWaitMinutes !== null && (longestWait === null || s.longestWaitMinutes > longestWait.minutes))
      longestWait = { service: s.code, minutes: s.longestWaitMinutes };
  return {
    businessDay: f.businessDay,
    timeZone: f.timeZone,
    serverTime: f.now.toISOString(),
    services,
    longestWait,
    counters,
    waiting: f.tickets.map((t) => ({ ...t, waitingMinutes: minutesSince(f.now, t.arrivedAt) })),
    waitingShown: f.waitingShown,
    waitingTotal: services.reduce((n, s) => n + s.waiting, 0),
    noShows: f.noShows,
  };
}

export type CounterServicesCheck = { ok: true; services: string[] } | Fail<'unknown-service' | 'invalid', { detail: string }>;

/** The services a supervisor gives a counter: known ones, at least one, each once (in the order given). */
export function checkCounterServices(wanted: readonly string[], known: readonly string[]): CounterServicesCheck {
  const services = [...new Set(wanted)];
  if (services.length === 0) return { ok: false, reason: 'invalid', detail: 'a counter calls at least one service' };
  const unknown = services.filter((s) => !known.includes(s));
  if (unknown.length) return { ok: false, reason: 'unknown-service', detail: `unknown service ${unknown.join(', ')}; use one of ${known.join(', ')}` };
  return { ok: true, services };
}
