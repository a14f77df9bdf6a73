// The queue service: issuing, the counter actions and the views of the board and the counters.
// Each action is one BEGIN IMMEDIATE transaction that checks the ticket's state, changes it and appends
// its event (journal + queue_ticket_events); expected refusals come back as values with what to do.
import type { Db } from '../../store/db';
import * as store from '../../store/queue';
import type { TicketRow } from '../../store/queue';
import type { TicketState } from '../../shared/queue-api';
import { businessDay } from '../../domain/queue/business-day';
import { estimateWaitMinutes } from '../../domain/queue/estimate';
import { countsAsPriorityCall, rankWaiting, type OrderRule, type Priority, type Ranked } from '../../domain/queue/order';
import type { BoardCall, BoardView, CounterInfo, CounterView, IssuedTicket, Ticket, TicketDetail, WaitingEntry } from '../../shared/queue-api';
import { effectiveCounters, type QueueConfig } from './config';
import type { Fail } from '../../shared/result';
import { heldList, holdAtCounter, recallHeld, type HoldContext } from './hold';
import { decidePriorityAt, priorityRequestList, type PriorityContext } from './priority';
import { priorityAtIssue, type PriorityDecision } from '../../domain/queue/priority';
import { nextInRoute, visitRoute } from '../../domain/queue/route';

export interface ServiceDef {
  code: string;
  prefix: string;
  name: Record<string, string>;
}

export interface QueueServiceOptions {
  db: Db;
  consulate: { code: string; timeZone: string; name?: Record<string, string> };
  services: readonly ServiceDef[];
  config: QueueConfig;
  kioskId: string;
  now?: () => Date;
  /** Called after every change (the daemon broadcasts {type:'changed', topic:'queue'}). */
  onChange?: () => void;
  /** The services a supervisor gave a counter at run time (./floor-settings.ts); undefined: the config's. */
  counterServices?: (counter: string) => readonly string[] | undefined;
  /** Whether a supervisor paused a service for walk-ins (./floor-settings.ts): on the board, and for a post's kiosks. */
  servicePaused?: (service: string) => boolean;
}

export type QueueFailureReason =
  | 'unknown-service'
  | 'invalid'
  | 'exhausted'
  | 'unknown-counter'
  | 'paused'
  | 'busy'
  | 'empty'
  | 'idle'
  | 'not-found'
  | 'wrong-state'
  | 'not-this-counter'
  | 'stale'
  | 'recalls-needed'
  | 'same-service';
export type QueueFailure = Fail<QueueFailureReason, { detail: string }>;
export type QueueResult<T> = ({ ok: true } & T) | QueueFailure;

export interface IssueRequest {
  service: string;
  kind: 'walk-in' | 'appointment';
  slot?: Date | string;
  priority?: Priority;
  /** Asked by the visitor (the kiosk): confirmed by staff, or given at once when self-declared (domain/queue/priority.ts). */
  priorityRequest?: Priority;
  persons: number;
  lang: string;
  /** A visit of several services: all of them in order, `service` first (domain/queue/route.ts). */
  route?: readonly string[];
}

export interface Actor {
  /** Staff user id, or "kiosk:<id>" for the visitor's kiosk. */
  id: string;
}

const fail = (reason: QueueFailureReason, detail: string): QueueFailure => ({ ok: false, reason, detail });
const MINUTE = 60_000;

export function toTicket(r: TicketRow): Ticket {
  return {
    id: r.id,
    label: r.label,
    prefix: r.prefix,
    number: r.number,
    service: r.service,
    kind: r.kind,
    slot: r.slot,
    priority: r.priority,
    persons: r.persons,
    lang: r.lang,
    state: r.state,
    counter: r.counter,
    recalls: r.recalls,
    arrivedAt: r.arrived_at,
    calledAt: r.called_at,
    startedAt: r.started_at,
    closedAt: r.closed_at,
    businessDay: r.business_day,
    priorityRequest: r.priority_request,
    hold: r.state === 'held' ? { counter: r.hold_counter!, at: r.held_at!, by: r.held_by!, reason: r.hold_reason! } : null,
  };
}

/** The counter's screen lists this many of its waiting tickets (the first of the calling order) and counts the rest. */
export const COUNTER_VIEW_LIMIT = 50;

export class QueueService {
  private readonly configured: readonly CounterInfo[];
  private readonly services = new Map<string, ServiceDef>();
  private readonly rule: OrderRule;
  private readonly now: () => Date;
  private checkedDay = '';
  /** While `sameEstimates` runs: each service's estimate inputs, read once. */
  private estimateInputs: Map<string, { recentMinutes: number[]; openCounters: number }> | null = null;

  constructor(private readonly o: QueueServiceOptions) {
    for (const s of o.services) this.services.set(s.code, s);
    this.configured = effectiveCounters(
      o.config,
      o.services.map((s) => s.code),
    ).map((c) => ({ id: c.id, name: c.name ?? c.id, services: c.services }));
    this.rule = { appointments: o.config.order.appointments, priority: o.config.order.priority };
    this.now = o.now ?? (() => new Date());
  }

  /** The counters with the services they call now: the config's, or what a supervisor changed them to. */
  get counters(): readonly CounterInfo[] {
    const override = this.o.counterServices;
    if (!override) return this.configured;
    return this.configured.map((c) => {
      const services = override(c.id);
      return services ? { ...c, services: [...services] } : c;
    });
  }

  /** The counters as the config lists them. */
  get configuredCounters(): readonly CounterInfo[] {
    return this.configured;
  }

  get serviceList(): ServiceDef[] {
    return [...this.services.values()];
  }

  today(at = this.now()): string {
    return businessDay(at, this.o.consulate.timeZone);
  }

  // ---- issuing -------------------------------------------------------------------------------------

  /** The kiosk flow's entry point; the HTTP route for staff uses it too. */
  issueTicket(req: IssueRequest, actor: Actor = { id: `kiosk:${this.o.kioskId}` }): QueueResult<IssuedTicket> {
    const svc = this.services.get(req.service);
    if (!svc) return fail('unknown-service', `there is no service "${req.service}"; use one of ${[...this.services.keys()].join(', ')}`);
    if (!Number.isInteger(req.persons) || req.persons < 1 || req.persons > 20) return fail('invalid', 'persons must be a whole number from 1 to 20');
    let slot: Date | null = null;
    if (req.kind === 'appointment') {
      if (req.slot === undefined) return fail('invalid', 'an appointment ticket needs its booked slot');
      slot = new Date(req.slot);
      if (Number.isNaN(slot.getTime()))
        return fail('invalid', `slot "${String(req.slot)}" is not a date-time; give ISO 8601 such as 2025-05-12T09:30:00+02:00`);
    } else if (req.slot !== undefined) {
      return fail('invalid', 'a walk-in ticket has no slot: leave slot out or use kind "appointment"');
    }
    let route: string[] | null = null;
    if (req.route) {
      const r = visitRoute(req.route);
      if (!r.ok) return fail('invalid', r.detail);
      const unknown = r.route?.find((s) => !this.services.has(s));
      if (unknown) return fail('unknown-service', `the route names "${unknown}", which is not a service here`);
      if (r.route && r.route[0] !== svc.code) return fail('invalid', `a routed ticket starts at its first service: route[0] is ${r.route[0]}, not ${svc.code}`);
      route = r.route;
    }
    const at = this.now();
    const day = this.rollDay(at);
    const prio = priorityAtIssue(this.o.config.priorityRequests, req.priorityRequest, req.priority);
    const out = store.issueTicket(this.o.db, {
      consulate: this.o.consulate.code,
      businessDay: day,
      prefix: svc.prefix,
      rule: this.o.config.numbering,
      service: svc.code,
      kind: req.kind,
      slot,
      priority: prio.priority,
      priorityRequest: prio.request,
      persons: req.persons,
      lang: req.lang,
      at,
      actor: actor.id,
      route,
    });
    if (!out.ok) return fail('exhausted', out.detail);
    // The board's count and estimate for the service as they stood before this ticket: visitor and board agree.
    this.changed();
    return { ok: true, ticket: toTicket(out.ticket), ahead: out.ahead, estimatedWaitMinutes: this.estimate(svc.code, out.ahead) };
  }

  /**
   * What a visitor would be told if a ticket of `service` were issued now: the people waiting for it and the
   * estimate, the same count and estimate issueTicket gives and the board shows (issue 18: told before paying).
   * Null for a service this queue does not have.
   */
  waitFor(service: string): { ahead: number; estimatedWaitMinutes: number } | null {
    if (!this.services.has(service)) return null;
    const day = this.today();
    const ahead = store.waitingCount(this.o.db, this.o.consulate.code, day, service);
    return { ahead, estimatedWaitMinutes: this.estimate(service, ahead) };
  }

  // ---- counter actions -----------------------------------------------------------------------------

  callNext(counterId: string, actor: Actor): QueueResult<{ ticket: Ticket }> {
    return this.callWith(counterId, actor, (ranked) => ranked[0] ?? fail('empty', 'nobody is waiting for the services of this counter'), false, 1);
  }

  /** Staff call one ticket out of order; journaled as a chosen call with the lane it was in. */
  callTicket(counterId: string, ticketId: string, actor: Actor): QueueResult<{ ticket: Ticket }> {
    return this.callWith(
      counterId,
      actor,
      (ranked, counter) => {
        const hit = ranked.find((r) => r.ticket.id === ticketId);
        if (hit) return hit;
        const t = store.getTicket(this.o.db, ticketId);
        if (!t) return fail('not-found', `no ticket ${ticketId}`);
        if (t.state !== 'waiting') return fail('wrong-state', `${t.label} is ${t.state}, not waiting`);
        return fail('not-this-counter', `${t.label} is for ${t.service}, which counter ${counter.name} does not serve; transfer it first`);
      },
      true,
    );
  }

  private callWith(
    counterId: string,
    actor: Actor,
    choose: (ranked: Ranked[], counter: CounterInfo) => Ranked | QueueFailure,
    chosen = false,
    limit?: number,
  ): QueueResult<{ ticket: Ticket }> {
    const counter = this.counter(counterId);
    if (!counter) return fail('unknown-counter', `there is no counter "${counterId}"`);
    const at = this.now();
    const day = this.rollDay(at);
    const out = store.inImmediate(this.o.db, (): QueueResult<{ ticket: Ticket }> => {
      if (this.isPaused(counterId)) return fail('paused', `counter ${counter.name} is paused: resume it to call tickets`);
      const busy = store.ticketAtCounter(this.o.db, counterId);
      if (busy) return fail('busy', `${busy.label} is still at this counter: finish it, mark it no-show or transfer it first`);
      const ranked = this.ranked(counter, day, at, limit);
      const pick = choose(ranked, counter);
      if ('ok' in pick) return pick;
      const row = store.getTicket(this.o.db, pick.ticket.id)!;
      if (!store.updateTicket(this.o.db, row.id, ['waiting'], { state: 'called', counter: counterId, called_at: at.toISOString() }))
        return fail('stale', `${row.label} was just taken by another counter`);
      store.appendTicketEvent(this.o.db, {
        ticketId: row.id,
        kind: 'called',
        at,
        service: row.service,
        counter: counterId,
        actor: actor.id,
        lane: pick.lane,
        priorityCall: countsAsPriorityCall(pick),
        detail: { label: row.label, reason: pick.reason, ...(chosen ? { chosen: true } : {}) },
      });
      return { ok: true, ticket: toTicket(store.getTicket(this.o.db, row.id)!) };
    });
    if (out.ok) this.changed();
    return out;
  }

  recall(counterId: string, actor: Actor, ticketId?: string): QueueResult<{ ticket: Ticket }> {
    return this.act(counterId, actor, ticketId, ['called'], 'recalled', (t, at) => ({ recalls: t.recalls + 1, called_at: at }));
  }

  start(counterId: string, actor: Actor, ticketId?: string): QueueResult<{ ticket: Ticket }> {
    return this.act(counterId, actor, ticketId, ['called'], 'started', (_t, at) => ({ state: 'serving', started_at: at }));
  }

  /**
   * From "serving", or straight from "called" (no service time is recorded then). A ticket routed through several
   * services (domain/queue/route.ts) whose route goes on is not closed: its `finished` event says this service was
   * served (with `next`), and in the same transaction it joins the next service's queue, same number and arrival, as
   * a `transferred` event with `route: true` (so reports count it served here, not as a transfer by the agent).
   */
  finish(counterId: string, actor: Actor, ticketId?: string): QueueResult<{ ticket: Ticket }> {
    const counter = this.counter(counterId);
    const here = counter ? store.ticketAtCounter(this.o.db, counterId) : undefined;
    const next = here && (ticketId === undefined || ticketId === here.id) ? nextInRoute(store.ticketRoute(this.o.db, here.id), here.service) : null;
    if (!next || !here || !['called', 'serving'].includes(here.state))
      return this.act(counterId, actor, ticketId, ['called', 'serving'], 'finished', (_t, at) => ({ state: 'done', counter: null, closed_at: at }));
    const at = this.now();
    const out = store.inImmediate(this.o.db, (): QueueResult<{ ticket: Ticket }> => {
      const patch = { state: 'waiting' as const, counter: null, service: next, called_at: null, started_at: null, recalls: 0 };
      if (!store.updateTicket(this.o.db, here.id, ['called', 'serving'], patch))
        return fail('stale', `${here.label} was changed meanwhile; the list was refreshed`);
      const base = { ticketId: here.id, at, service: here.service, counter: counterId, actor: actor.id };
      store.appendTicketEvent(this.o.db, { ...base, kind: 'finished', detail: { label: here.label, next } });
      store.appendTicketEvent(this.o.db, { ...base, kind: 'transferred', detail: { label: here.label, from: here.service, to: next, route: true } });
      return { ok: true, ticket: toTicket(store.getTicket(this.o.db, here.id)!) };
    });
    if (out.ok) this.changed();
    return out;
  }

  noShow(counterId: string, actor: Actor, ticketId?: string): QueueResult<{ ticket: Ticket }> {
    const need = this.o.config.noShowAfterRecalls;
    return this.act(
      counterId,
      actor,
      ticketId,
      ['called'],
      'no-show',
      (_t, at) => ({ state: 'no-show', counter: null, closed_at: at }),
      (t) =>
        t.recalls < need
          ? fail('recalls-needed', `call ${t.label} again first: no-show is allowed after ${need} recall${need === 1 ? '' : 's'} (${t.recalls} so far)`)
          : null,
    );
  }

  /**
   * Sends the counter's ticket (or a waiting ticket of its services) to another service. It keeps its
   * number and its arrival time, so it takes its place in the new service by when the visitor came.
   */
  transfer(counterId: string, actor: Actor, toService: string, ticketId?: string): QueueResult<{ ticket: Ticket }> {
    const target = this.services.get(toService);
    if (!target) return fail('unknown-service', `there is no service "${toService}"`);
    const counter = this.counter(counterId);
    if (!counter) return fail('unknown-counter', `there is no counter "${counterId}"`);
    const waiting = ticketId !== undefined ? store.getTicket(this.o.db, ticketId) : undefined;
    if (waiting && waiting.state === 'waiting') {
      if (!counter.services.includes(waiting.service)) return fail('not-this-counter', `${waiting.label} is not in this counter's services`);
      return this.changeTicket(
        waiting,
        ['waiting'],
        actor,
        counterId,
        'transferred',
        () => ({ service: target.code }),
        (t) => (t.service === target.code ? fail('same-service', `${t.label} is already in ${target.code}`) : null),
        { from: waiting.service, to: target.code },
      );
    }
    return this.act(
      counterId,
      actor,
      ticketId,
      ['called', 'serving'],
      'transferred',
      () => ({ state: 'waiting', counter: null, service: target.code, called_at: null, started_at: null, recalls: 0 }),
      (t) => (t.service === target.code ? fail('same-service', `${t.label} is already in ${target.code}; choose another service`) : null),
      (t) => ({ from: t.service, to: target.code }),
    );
  }

  /**
   * Cancels an open ticket (waiting, at a counter or being served) with why: a visit refunded in full, or a
   * supervisor's decision. Not a counter action: any open ticket of the queue. The board, the counts and the
   * estimates stop counting it at once, and no counter can call it. A closed ticket is refused (wrong-state).
   */
  cancel(ticketId: string, actor: Actor, reason: string, detail?: Record<string, unknown>): QueueResult<{ ticket: Ticket }> {
    const out = store.cancelTicket(this.o.db, { ticketId, reason, by: actor.id, at: this.now(), ...(detail ? { detail } : {}) });
    if (!out.ok) return fail(out.reason, out.detail);
    this.changed();
    return { ok: true, ticket: toTicket(out.ticket) };
  }

  /** Parks the counter's ticket (the visitor fetches a document): server/queue/hold.ts. */
  hold(counterId: string, actor: Actor, reason: string, ticketId?: string): QueueResult<{ ticket: Ticket }> {
    return holdAtCounter(this.holdContext, counterId, actor, reason, ticketId);
  }

  /** Calls a ticket this counter parked back to it, same number: server/queue/hold.ts. */
  recallHeld(counterId: string, actor: Actor, ticketId: string): QueueResult<{ ticket: Ticket }> {
    return recallHeld(this.holdContext, counterId, actor, ticketId);
  }

  /** A staff member's word on a ticket's priority: server/queue/priority.ts. */
  decidePriority(
    counterId: string,
    actor: Actor,
    ticketId: string,
    decision: 'confirm' | 'decline' | 'flag' | 'remove',
    priority?: Priority,
  ): QueueResult<{ ticket: Ticket }> {
    if (decision === 'flag' && !priority) return fail('invalid', 'say which priority to flag the ticket with');
    const d: PriorityDecision =
      decision === 'flag'
        ? { kind: 'flag', priority: priority! }
        : decision === 'confirm'
          ? { kind: 'confirm', ...(priority ? { priority } : {}) }
          : decision === 'decline'
            ? { kind: 'decline' }
            : { kind: 'remove' };
    return decidePriorityAt(this.priorityContext, counterId, actor, ticketId, d);
  }

  private get priorityContext(): PriorityContext {
    return {
      db: this.o.db,
      now: this.now,
      consulate: this.o.consulate.code,
      day: (at) => this.rollDay(at),
      counter: (id) => this.counter(id),
      toTicket,
      changed: () => this.changed(),
    };
  }

  private get holdContext(): HoldContext {
    return { db: this.o.db, now: this.now, counter: (id) => this.counter(id), toTicket, rollDay: (at) => this.rollDay(at), changed: () => this.changed() };
  }

  pause(counterId: string, actor: Actor): QueueResult<{ paused: boolean }> {
    return this.setPaused(counterId, actor, true);
  }

  resume(counterId: string, actor: Actor): QueueResult<{ paused: boolean }> {
    return this.setPaused(counterId, actor, false);
  }

  private setPaused(counterId: string, actor: Actor, paused: boolean): QueueResult<{ paused: boolean }> {
    if (!this.counter(counterId)) return fail('unknown-counter', `there is no counter "${counterId}"`);
    store.inImmediate(this.o.db, () => store.setCounterPaused(this.o.db, counterId, paused, this.now(), actor.id));
    this.changed();
    return { ok: true, paused };
  }

  /** An action on the ticket at the counter; `ticketId`, when given, must still be that ticket. */
  private act(
    counterId: string,
    actor: Actor,
    ticketId: string | undefined,
    from: readonly TicketState[],
    kind: store.TicketEventKind,
    patch: (t: TicketRow, at: string) => store.TicketPatch,
    guard?: (t: TicketRow) => QueueFailure | null,
    detail?: (t: TicketRow) => Record<string, unknown>,
  ): QueueResult<{ ticket: Ticket }> {
    const counter = this.counter(counterId);
    if (!counter) return fail('unknown-counter', `there is no counter "${counterId}"`);
    const t = store.ticketAtCounter(this.o.db, counterId);
    if (!t) return fail('idle', `no ticket is at counter ${counter.name}: call one first`);
    if (ticketId !== undefined && ticketId !== t.id)
      return fail('stale', `the ticket on your screen is no longer at this counter (it holds ${t.label}); the list was refreshed`);
    return this.changeTicket(t, from, actor, counterId, kind, patch, guard, detail?.(t));
  }

  private changeTicket(
    t: TicketRow,
    from: readonly TicketState[],
    actor: Actor,
    counterId: string,
    kind: store.TicketEventKind,
    patch: (t: TicketRow, at: string) => store.TicketPatch,
    guard?: (t: TicketRow) => QueueFailure | null,
    detail?: Record<string, unknown>,
  ): QueueResult<{ ticket: Ticket }> {
    if (!from.includes(t.state)) return fail('wrong-state', `${t.label} is ${t.state}; this needs it ${from.join(' or ')}`);
    const refused = guard?.(t);
    if (refused) return refused;
    const at = this.now();
    const out = store.inImmediate(this.o.db, (): QueueResult<{ ticket: Ticket }> => {
      if (!store.updateTicket(this.o.db, t.id, from, patch(t, at.toISOString())))
        return fail('stale', `${t.label} was changed meanwhile; the list was refreshed`);
      store.appendTicketEvent(this.o.db, {
        ticketId: t.id,
        kind,
        at,
        service: t.service,
        counter: counterId,
        actor: actor.id,
        detail: { label: t.label, ...detail },
      });
      return { ok: true, ticket: toTicket(store.getTicket(this.o.db, t.id)!) };
    });
    if (out.ok) this.changed();
    return out;
  }

  // ---- views ---------------------------------------------------------------------------------------

  counterView(counterId: string, user: CounterView['user']): QueueResult<{ view: CounterView }> {
    const counter = this.counter(counterId);
    if (!counter) return fail('unknown-counter', `there is no counter "${counterId}"`);
    const at = this.now();
    const day = this.rollDay(at);
    const current = store.ticketAtCounter(this.o.db, counterId);
    // The first tickets of the calling order and the counts kept by the store: never the whole list.
    const waiting: WaitingEntry[] = this.ranked(counter, day, at, COUNTER_VIEW_LIMIT).map((r, i) => {
      return {
        ticket: toTicket(r.row),
        position: i + 1,
        lane: r.lane,
        reason: r.reason,
        waitingMinutes: Math.max(0, Math.floor((at.getTime() - r.ticket.arrivedAt) / MINUTE)),
      };
    });
    return {
      ok: true,
      view: {
        counter,
        user,
        paused: this.isPaused(counterId),
        current: current ? toTicket(current) : null,
        currentNext: current ? nextInRoute(store.ticketRoute(this.o.db, current.id), current.service) : null,
        waiting,
        waitingCount: [...new Set(counter.services)].reduce((n, s) => n + store.waitingCount(this.o.db, this.o.consulate.code, day, s), 0),
        services: this.serviceList.map((s) => ({ code: s.code, prefix: s.prefix, name: s.name })),
        noShowAfterRecalls: this.o.config.noShowAfterRecalls,
        held: heldList(this.holdContext, counterId, at),
        priorityRequests: priorityRequestList(this.priorityContext, counter, at),
      },
    };
  }

  boardView(): BoardView {
    const at = this.now();
    const day = this.rollDay(at);
    const names = new Map(this.counters.map((c) => [c.id, c.name]));
    const n = this.o.config.board.lastCalls;
    const seen = new Set<string>();
    const lastCalls: BoardCall[] = [];
    for (const c of store.recentCalls(this.o.db, n * 4)) {
      if (seen.has(c.ticket.id)) continue;
      seen.add(c.ticket.id);
      lastCalls.push({
        callId: c.eventId,
        at: c.at,
        kind: c.kind,
        ticketId: c.ticket.id,
        label: c.ticket.label,
        prefix: c.ticket.prefix,
        number: c.ticket.number,
        service: c.ticket.service,
        counter: c.counter,
        counterName: names.get(c.counter) ?? c.counter,
      });
      if (lastCalls.length >= n) break;
    }
    // Counts only, kept by the store: the board never loads the waiting list.
    const perService = store.waitingCounts(this.o.db, this.o.consulate.code, day);
    const paused = new Set(
      store
        .counterStates(this.o.db)
        .filter((c) => c.paused)
        .map((c) => c.counter),
    );
    return {
      current: lastCalls[0] ?? null,
      lastCalls,
      waiting: this.serviceList.map((s) => {
        const count = perService.get(s.code) ?? 0;
        const paused = this.o.servicePaused?.(s.code) ?? false;
        return { service: s.code, prefix: s.prefix, name: s.name, count, estimatedWaitMinutes: this.estimate(s.code, count), paused };
      }),
      pausedCounters: [...paused],
      counters: this.counters.map((c) => ({ id: c.id, name: c.name, paused: paused.has(c.id) })),
      languages: this.o.config.board.languages,
      chime: this.o.config.board.chime,
      businessDay: day,
      timeZone: this.o.consulate.timeZone,
      consulateName: this.o.consulate.name ?? {},
      serverTime: at.toISOString(),
    };
  }

  ticketDetail(id: string): QueueResult<{ detail: TicketDetail }> {
    const t = store.getTicket(this.o.db, id);
    if (!t) return fail('not-found', `no ticket ${id}`);
    const events = store.ticketEvents(this.o.db, id);
    const firstCall = events.find((e) => e.kind === 'called');
    let serviceMs = 0;
    let spans = 0;
    let startedAt: number | null = null;
    for (const e of events) {
      if (e.kind === 'started') startedAt = Date.parse(e.at);
      else if ((e.kind === 'finished' || e.kind === 'transferred') && startedAt !== null) {
        serviceMs += Date.parse(e.at) - startedAt;
        spans++;
        startedAt = null;
      }
    }
    return {
      ok: true,
      detail: {
        ticket: toTicket(t),
        events: events.map((e) => ({ at: e.at, kind: e.kind, service: e.service, counter: e.counter, actor: e.actor })),
        waitingMinutes: firstCall ? (Date.parse(firstCall.at) - Date.parse(t.arrived_at)) / MINUTE : null,
        serviceMinutes: spans ? serviceMs / MINUTE : null,
      },
    };
  }

  counter(id: string): CounterInfo | undefined {
    return this.counters.find((c) => c.id === id);
  }

  // ---- helpers -------------------------------------------------------------------------------------

  /**
   * The counter's waiting tickets in calling order, with their rows. With a `limit`, only the first `limit`,
   * ranked from the store's bounded candidates (the same first tickets as ranking the whole list, issue 14);
   * without, the whole list (a ticket chosen out of order may stand anywhere in it).
   */
  private ranked(counter: CounterInfo, day: string, at: Date, limit?: number): Array<Ranked & { row: TicketRow }> {
    const { db } = this.o;
    const code = this.o.consulate.code;
    const rows = limit === undefined ? store.waitingTickets(db, code, day) : store.waitingCandidates(db, code, day, counter.services, limit, this.rule);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const p = this.rule.priority;
    const k = p.rule === 'ratio' ? store.normalCallsSinceLastPriority(db, counter.services, p.normalPerPriority) : 0;
    const ranked = rankWaiting(rows.map(store.toWaiting), this.rule, { now: at.getTime(), services: new Set(counter.services), normalSinceLastPriority: k });
    return ranked.slice(0, limit).map((r) => ({ ...r, row: byId.get(r.ticket.id)! }));
  }

  private isPaused(counterId: string): boolean {
    return store.counterStates(this.o.db).some((c) => c.counter === counterId && c.paused === 1);
  }

  private openCountersFor(service: string): number {
    const paused = new Set(
      store
        .counterStates(this.o.db)
        .filter((c) => c.paused)
        .map((c) => c.counter),
    );
    return this.counters.filter((c) => c.services.includes(service) && !paused.has(c.id)).length;
  }

  /**
   * Runs `work` (tickets issued, nothing else) with each service's recent service times and open counters read once:
   * the hub's group of allocations (server/post/numbers/group-commit.ts) read them once per ticket (issue 14). No
   * ticket finishes and no counter pauses inside the group's transaction, so every ticket gets the estimate it had.
   */
  sameEstimates<T>(work: () => T): T {
    if (this.estimateInputs) return work();
    this.estimateInputs = new Map();
    try {
      return work();
    } finally {
      this.estimateInputs = null;
    }
  }

  private estimate(service: string, ahead: number): number {
    let inputs = this.estimateInputs?.get(service);
    if (!inputs) {
      inputs = {
        recentMinutes: store.recentServiceMinutes(this.o.db, service, this.o.config.estimate.sampleSize),
        openCounters: this.openCountersFor(service),
      };
      this.estimateInputs?.set(service, inputs);
    }
    return estimateWaitMinutes({ ahead, ...inputs, defaultServiceMinutes: this.o.config.estimate.defaultServiceMinutes });
  }

  /** On the first use in a new business day, tickets left open from earlier days are expired. */
  private rollDay(at: Date): string {
    const day = this.today(at);
    if (day === this.checkedDay) return day;
    store.inImmediate(this.o.db, () => {
      for (const t of store.staleOpenTickets(this.o.db, this.o.consulate.code, day)) {
        if (store.updateTicket(this.o.db, t.id, store.OPEN_STATES, { state: 'expired', counter: null, closed_at: at.toISOString() })) {
          store.appendTicketEvent(this.o.db, {
            ticketId: t.id,
            kind: 'expired',
            at,
            service: t.service,
            counter: t.counter,
            actor: 'system',
            detail: { label: t.label, businessDay: t.business_day },
          });
        }
      }
    });
    this.checkedDay = day;
    return day;
  }

  private changed(): void {
    this.o.onChange?.();
  }
}
