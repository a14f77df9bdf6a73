// The calling order: one rule, each clause numbered as in README.md and tested in order.test.ts.
// Everything is compared on explicit values (numbers, never NULL): a walk-in has no slot at all in its
// type, so no database NULL-sorting accident can ever put walk-ins ahead of appointments or behind them.

/** Who may be called first: elderly, disabled and pregnant visitors, and visitors with young children (issue 18). */
export type Priority = 'elderly' | 'disabled' | 'pregnant' | 'children';
export const PRIORITIES: readonly Priority[] = ['elderly', 'disabled', 'pregnant', 'children'];

export type Booking = { kind: 'walk-in' } | { kind: 'appointment'; /** booked slot start, epoch ms */ slot: number };

export interface WaitingTicket {
  id: string;
  /** Issue order across the whole journal: the last tie-break, always distinct. */
  seq: number;
  service: string;
  /** Arrival (first issue) in epoch ms; a transfer keeps it. */
  arrivedAt: number;
  booking: Booking;
  priority: Priority | null;
}

export type PriorityRule =
  /** Clause 4a: after `normalPerPriority` ordinary walk-in calls, the oldest priority visitor is called. */
  | { rule: 'ratio'; normalPerPriority: number }
  /** Clause 4b: a priority visitor counts as having arrived `creditMinutes` earlier than they did. */
  | { rule: 'ageing'; creditMinutes: number };

export interface OrderRule {
  appointments: {
    /** Clause 2: arriving more than this after the slot puts the ticket in the walk-in lane. */
    lateAfterMinutes: number;
    /** Clause 3: an appointment is due (ahead of walk-ins) from this many minutes before its slot. */
    dueBeforeMinutes: number;
  };
  priority: PriorityRule;
}

export const DEFAULT_ORDER: OrderRule = {
  appointments: { lateAfterMinutes: 15, dueBeforeMinutes: 5 },
  priority: { rule: 'ratio', normalPerPriority: 2 },
};

export interface OrderContext {
  now: number;
  /** Clause 1: the services this counter serves. */
  services: ReadonlySet<string>;
  /** Ordinary walk-in calls (of these services) since the last priority walk-in call, for clause 4a. */
  normalSinceLastPriority: number;
}

export type Lane = 'appointment' | 'walk-in' | 'early-appointment';

export interface Ranked {
  ticket: WaitingTicket;
  lane: Lane;
  /** Why it sits where it does, for the counter's list and the journal. */
  reason: 'appointment-due' | 'appointment-late' | 'walk-in' | 'priority' | 'appointment-early';
}

const MINUTE = 60_000;

/** Clause 2 and 3: which lane a ticket is in at `now`. */
export function laneOf(t: WaitingTicket, rule: OrderRule, now: number): { lane: Lane; reason: Ranked['reason'] } {
  if (t.booking.kind === 'appointment') {
    const slot = t.booking.slot;
    if (t.arrivedAt > slot + rule.appointments.lateAfterMinutes * MINUTE) return { lane: 'walk-in', reason: 'appointment-late' };
    if (now >= slot - rule.appointments.dueBeforeMinutes * MINUTE) return { lane: 'appointment', reason: 'appointment-due' };
    return { lane: 'early-appointment', reason: 'appointment-early' };
  }
  return { lane: 'walk-in', reason: t.priority ? 'priority' : 'walk-in' };
}

const bySlot = (a: WaitingTicket, b: WaitingTicket): number => slotOf(a) - slotOf(b) || a.arrivedAt - b.arrivedAt || a.seq - b.seq;
const byArrival = (a: WaitingTicket, b: WaitingTicket): number => a.arrivedAt - b.arrivedAt || a.seq - b.seq;

function slotOf(t: WaitingTicket): number {
  // Only appointment-lane tickets reach bySlot; a walk-in here is a bug, not a sort key.
  if (t.booking.kind !== 'appointment') throw new Error(`ticket ${t.id} is a walk-in and has no slot`);
  return t.booking.slot;
}

/** Clause 4: the walk-in lane, priority visitors merged in by the configured rule. */
function walkInOrder(list: WaitingTicket[], rule: PriorityRule, normalSinceLastPriority: number): WaitingTicket[] {
  if (rule.rule === 'ageing') {
    const credit = rule.creditMinutes * MINUTE;
    const eff = (t: WaitingTicket) => t.arrivedAt - (t.priority ? credit : 0);
    return [...list].sort((a, b) => eff(a) - eff(b) || a.seq - b.seq);
  }
  const normal = list.filter((t) => !t.priority).sort(byArrival);
  const prio = list.filter((t) => t.priority).sort(byArrival);
  const out: WaitingTicket[] = [];
  let k = normalSinceLastPriority;
  let i = 0;
  let j = 0;
  while (i < normal.length || j < prio.length) {
    if (j < prio.length && (k >= rule.normalPerPriority || i >= normal.length)) {
      out.push(prio[j++]!);
      k = 0;
    } else {
      out.push(normal[i++]!);
      k++;
    }
  }
  return out;
}

/**
 * The whole waiting list of a counter in calling order, as it would be called if nobody else arrived:
 * clause 1 filter, then lane 3 (due appointments by slot), lane 4 (walk-ins incl. late appointments, with
 * priority rule), lane 5 (appointments not yet due, by slot) so an idle counter never waits for a slot.
 */
export function rankWaiting(tickets: readonly WaitingTicket[], rule: OrderRule, ctx: OrderContext): Ranked[] {
  const due: WaitingTicket[] = [];
  const walk: WaitingTicket[] = [];
  const early: WaitingTicket[] = [];
  const reasons = new Map<string, Ranked['reason']>();
  for (const t of tickets) {
    if (!ctx.services.has(t.service)) continue;
    const { lane, reason } = laneOf(t, rule, ctx.now);
    reasons.set(t.id, reason);
    (lane === 'appointment' ? due : lane === 'walk-in' ? walk : early).push(t);
  }
  const rank =
    (lane: Lane) =>
    (t: WaitingTicket): Ranked => ({ ticket: t, lane, reason: reasons.get(t.id)! });
  return [
    ...due.sort(bySlot).map(rank('appointment')),
    ...walkInOrder(walk, rule.priority, ctx.normalSinceLastPriority).map(rank('walk-in')),
    ...early.sort(bySlot).map(rank('early-appointment')),
  ];
}

/** The ticket "call next" takes, or undefined when nobody waits for this counter's services. */
export function pickNext(tickets: readonly WaitingTicket[], rule: OrderRule, ctx: OrderContext): Ranked | undefined {
  return rankWaiting(tickets, rule, ctx)[0];
}

/** Whether a call counts as a priority call or an ordinary one for clause 4a's counter. */
export function countsAsPriorityCall(r: Ranked): boolean {
  return r.lane === 'walk-in' && r.ticket.priority !== null;
}
