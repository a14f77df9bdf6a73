// The supervisor's figures for a period, all derived from the journal: queue_ticket_events for visitors,
// waits, service times, no-shows and counters; payments (+ eTimbre references) for the fees.
//   wait      = first `called` − `issued` (a visitor never called has no wait);
//   service   = `started` → the next `finished`/`transferred`/`no-show` at the same counter;
//   median/p90 by linear interpolation between closest ranks (numpy's default), in minutes, 1 decimal.
// Fees count approved and staff-settled-approved payments that are not tests, by the service(s) of their
// eTimbre reference ("passport+cnie" when one payment covered several services).
// Refunds (issue 17) count in the period they were made, by the refunded payment's service(s); net takings per
// service and currency = approved fees − refunded, with an "(all)" row per currency. On a hub, the kiosks' shipped
// refunds count too, as their payments do.
// On a hub (issue 15) the fees and test payments also count what each kiosk of the post shipped
// (server/reports/post-day.ts), and `kiosks` gives them per kiosk; visitors are the hub's own queue, which
// holds every kiosk's tickets.
import type { Db } from '../../store/db';
import { kioskDays, type DayCloseStatus } from './post-day';
import { shippedETimbreServices, shippedPaymentsBetween, shippedRefundsBetween } from '../../store/post-events';
import {
  etimbreServiceLabels,
  feesBetween,
  refundsDoneBetween,
  testPaymentsBetween,
  ticketEventsIssuedBetween,
  type ReportFeeRow,
  type ReportRefundRow,
  type ReportTestPayments,
  type ReportTicketEvent,
} from '../../store/reports';
import { wallClock } from '../../shared/wall-clock';
import { priorityStats, type PriorityStats } from './priority-stats';
import { counterFeesBetween, type CounterFeeRow } from '../../store/counter-checkins';

export interface Period {
  from: string;
  to: string;
  timeZone: string;
}

export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export interface Spread {
  count: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
}

function spread(values: number[]): Spread {
  const s = [...values].sort((a, b) => a - b);
  const r = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
  return { count: s.length, medianMinutes: r(percentile(s, 0.5)), p90Minutes: r(percentile(s, 0.9)) };
}

export interface ReportStats {
  period: Period;
  /** Priority visitors (issue 18): requests, self-declarations, staff decisions, tickets per class. */
  priority: PriorityStats;
  visitors: {
    total: { tickets: number; persons: number };
    byService: Array<{ service: string; tickets: number; persons: number }>;
    byHour: Array<{ hour: number; tickets: number; persons: number }>;
    byServiceHour: Array<{ service: string; hour: number; tickets: number; persons: number }>;
  };
  waits: { all: Spread; byService: Array<{ service: string } & Spread> };
  serviceTimes: { all: Spread; byService: Array<{ service: string } & Spread> };
  noShows: { total: number; byService: Array<{ service: string; noShows: number }> };
  counters: Array<{ counter: string; calls: number; recalls: number; served: number; noShows: number; transfers: number } & { service: Spread }>;
  /** Per staff member (the actor of the counter's actions): what they did, and their service times (issue 18). */
  agents: Array<{ agent: string; calls: number; recalls: number; served: number; noShows: number; transfers: number; cancelled: number } & { service: Spread }>;
  /** How the period's tickets ended, per service of issue: each ticket once, by its last state; transfers counted apart. */
  outcomes: Array<{ service: string; tickets: number; served: number; noShows: number; cancelled: number; expired: number; open: number; transfers: number }>;
  fees: ReportFeeRow[];
  /** Money given back in the period (refunds and reversals done), by service and currency. */
  refunds: ReportRefundRow[];
  /** Approved − refunded, by service and currency, then "(all)" per currency. */
  net: NetRow[];
  tests: ReportTestPayments;
  /**
   * Fees recorded at the counters' reception desks (issue 18 item 5): paid on a counter's own terminal (its reference
   * typed by the agent), exempt with a reason, or free. Never in `fees`, `net` or the day close: those are this
   * journal's card payments and are reconciled with the kiosk terminal; these were taken (or waived) elsewhere.
   */
  counterFees: CounterFeeRow[];
  /** Per kiosk of the post (the hub's own journal as `localId`) and currency; dayClose only for a single day. */
  kiosks: KioskFigures[];
}

export interface NetRow {
  service: string;
  currency: string;
  approvedMinor: number;
  refundedMinor: number;
  netMinor: number;
}

/** Net takings: each service's approved fees less what was given back for it, and the total per currency. */
export function netTakings(fees: readonly ReportFeeRow[], refunds: readonly ReportRefundRow[]): NetRow[] {
  const rows = new Map<string, NetRow>();
  const row = (service: string, currency: string) => {
    const k = `${service}\u0000${currency}`;
    let r = rows.get(k);
    if (!r) rows.set(k, (r = { service, currency, approvedMinor: 0, refundedMinor: 0, netMinor: 0 }));
    return r;
  };
  for (const f of fees) row(f.service, f.currency).approvedMinor += f.totalMinor;
  for (const f of refunds) row(f.service, f.currency).refundedMinor += f.refundedMinor;
  const byService = [...rows.values()].sort((a, b) => a.service.localeCompare(b.service) || a.currency.localeCompare(b.currency));
  const totals = new Map<string, NetRow>();
  for (const r of byService) {
    r.netMinor = r.approvedMinor - r.refundedMinor;
    const t = totals.get(r.currency) ?? { service: '(all)', currency: r.currency, approvedMinor: 0, refundedMinor: 0, netMinor: 0 };
    t.approvedMinor += r.approvedMinor;
    t.refundedMinor += r.refundedMinor;
    t.netMinor += r.netMinor;
    totals.set(r.currency, t);
  }
  return [...byService, ...[...totals.values()].sort((a, b) => a.currency.localeCompare(b.currency))];
}

export interface KioskFigures {
  kioskId: string;
  currency: string;
  payments: number;
  totalMinor: number;
  testPayments: number;
  testTotalMinor: number;
  pending: number;
  dayClose: DayCloseStatus | null;
}

/** The hub's fees plus the kiosks' shipped approved payments, by service(s) of their eTimbre reference. */
function postFees(db: Db, period: Period): { fees: ReportFeeRow[]; tests: ReportTestPayments } {
  const fees = new Map(feesBetween(db, period.from, period.to).map((f) => [`${f.service}\u0000${f.currency}`, { ...f }]));
  const tests = { ...testPaymentsBetween(db, period.from, period.to) };
  const shipped = shippedPaymentsBetween(db, period.from, period.to).filter((p) => p.state === 'approved' || p.state === 'settled_approved');
  // A reference's services: as the kiosk that issued it shipped them, else as this journal knows it.
  const refs = shipped.flatMap((p) => (p.reference ? [p.reference] : []));
  const hubLabels = etimbreServiceLabels(db, refs);
  const kioskLabels = new Map(
    [...new Set(shipped.map((p) => p.kioskId))].map((k) => [
      k,
      shippedETimbreServices(
        db,
        k,
        shipped.filter((p) => p.kioskId === k && p.reference).map((p) => p.reference!),
      ),
    ]),
  );
  for (const p of shipped) {
    if (p.isTest) {
      tests.payments++;
      tests.totalMinor += p.amountMinor;
      continue;
    }
    const service = (p.reference && (kioskLabels.get(p.kioskId)?.get(p.reference) ?? hubLabels.get(p.reference))) || '(no eTimbre reference)';
    const k = `${service}\u0000${p.currency}`;
    const f = fees.get(k) ?? { service, currency: p.currency, payments: 0, totalMinor: 0 };
    f.payments++;
    f.totalMinor += p.amountMinor;
    fees.set(k, f);
  }
  return { fees: [...fees.values()].sort((a, b) => a.service.localeCompare(b.service) || a.currency.localeCompare(b.currency)), tests };
}

/** The hub's refunds plus those the kiosks of the post shipped (done: refunded or settled as refunded), as postFees. */
function postRefunds(db: Db, period: Period): ReportRefundRow[] {
  const rows = new Map(refundsDoneBetween(db, period.from, period.to).map((r) => [`${r.service}\u0000${r.currency}`, { ...r }]));
  // A test payment's reversal is left out, as the test payment is left out of the fees (store/reports.ts, refundsDoneBetween).
  const shipped = shippedRefundsBetween(db, period.from, period.to).filter(
    (r) => (r.state === 'refunded' || r.state === 'settled_refunded') && !r.ofTestPayment,
  );
  const hubLabels = etimbreServiceLabels(
    db,
    shipped.flatMap((r) => (r.etimbreReference ? [r.etimbreReference] : [])),
  );
  const kioskLabels = new Map(
    [...new Set(shipped.map((r) => r.kioskId))].map((k) => [
      k,
      shippedETimbreServices(
        db,
        k,
        shipped.filter((r) => r.kioskId === k && r.etimbreReference).map((r) => r.etimbreReference!),
      ),
    ]),
  );
  for (const r of shipped) {
    const ref = r.etimbreReference;
    const service = (ref && (kioskLabels.get(r.kioskId)?.get(ref) ?? hubLabels.get(ref))) || '(no eTimbre reference)';
    const k = `${service}\u0000${r.currency}`;
    const row = rows.get(k) ?? { service, currency: r.currency, refunds: 0, reversals: 0, refundedMinor: 0 };
    row.refunds++;
    if (r.method === 'reversal') row.reversals++;
    row.refundedMinor += r.amountMinor;
    rows.set(k, row);
  }
  return [...rows.values()].sort((a, b) => a.service.localeCompare(b.service) || a.currency.localeCompare(b.currency));
}

type Ev = ReportTicketEvent;

/** The services of a routed visit's `issued` event, or null for a ticket of one service. */
function routeOf(e: Ev): string[] | null {
  if (!e.route) return null;
  const r: unknown = JSON.parse(e.route);
  return Array.isArray(r) && r.length > 0 ? r.map(String) : null;
}

const minutes = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 60_000;
const bump = <K>(m: Map<K, number>, k: K, n = 1) => m.set(k, (m.get(k) ?? 0) + n);

/** `localId` names the hub's own journal in `kiosks`; `day` (a single business day) adds each one's day-close status. */
export function reportStats(db: Db, period: Period, opts: { localId?: string; day?: string } = {}): ReportStats {
  // Every event of the tickets issued in the period, in journal order.
  const events = ticketEventsIssuedBetween(db, period.from, period.to);

  const svcTickets = new Map<string, number>();
  const svcPersons = new Map<string, number>();
  const hourTickets = new Map<number, number>();
  const hourPersons = new Map<number, number>();
  const svcHour = new Map<string, { service: string; hour: number; tickets: number; persons: number }>();
  const issued = new Map<string, { at: string; service: string }>();
  const waits: Array<{ service: string; m: number }> = [];
  const waited = new Set<string>();
  const services: Array<{ service: string; counter: string; m: number }> = [];
  const open = new Map<string, { at: string; counter: string; service: string }>();
  const noShowSvc = new Map<string, number>();
  type C = { calls: number; recalls: number; served: number; noShows: number; transfers: number; times: number[] };
  const counters = new Map<string, C>();
  const counter = (id: string | null): C | undefined => {
    if (!id) return undefined;
    let c = counters.get(id);
    if (!c) counters.set(id, (c = { calls: 0, recalls: 0, served: 0, noShows: 0, transfers: 0, times: [] }));
    return c;
  };
  type A = C & { cancelled: number };
  const agents = new Map<string, A>();
  /** Staff only: the kiosk issuing and the system expiring tickets are no one's work. */
  const agent = (actor: string): A | undefined => {
    if (actor === 'system' || actor.startsWith('kiosk:')) return undefined;
    let a = agents.get(actor);
    if (!a) agents.set(actor, (a = { calls: 0, recalls: 0, served: 0, noShows: 0, transfers: 0, cancelled: 0, times: [] }));
    return a;
  };
  const started = new Map<string, string>();
  /** Each ticket's last state and its service of issue; transfers apart. */
  const fate = new Map<string, { service: string; last: string; transfers: number }>();
  const closeService = (e: Ev) => {
    const o = open.get(e.ticket_id);
    if (!o) return;
    open.delete(e.ticket_id);
    const m = minutes(o.at, e.at);
    services.push({ service: o.service, counter: o.counter, m });
    counter(o.counter)?.times.push(m);
    const by = started.get(e.ticket_id);
    if (by) agent(by)?.times.push(m);
  };

  let totalTickets = 0;
  let totalPersons = 0;
  for (const e of events) {
    const f = fate.get(e.ticket_id);
    // A routed ticket moving on to the next service of its visit (issue 18 item 8) is no staff transfer: its service
    // here was `finished` (served) just before; only the ticket's last state matters for its outcome.
    const staffTransfer = e.kind === 'transferred' && !e.routed;
    if (e.kind === 'issued') fate.set(e.ticket_id, { service: e.service, last: 'waiting', transfers: 0 });
    else if (f) {
      if (staffTransfer) f.transfers++;
      f.last = e.kind;
    }
    const a = agent(e.actor);
    if (a) {
      if (e.kind === 'called') a.calls++;
      else if (e.kind === 'recalled') a.recalls++;
      else if (e.kind === 'finished') a.served++;
      else if (e.kind === 'no-show') a.noShows++;
      else if (staffTransfer) a.transfers++;
      else if (e.kind === 'cancelled') a.cancelled++;
    }
    if (e.kind === 'started') started.set(e.ticket_id, e.actor);
    switch (e.kind) {
      case 'issued': {
        issued.set(e.ticket_id, { at: e.at, service: e.service });
        const hour = wallClock(new Date(e.at), period.timeZone).hour;
        totalTickets++;
        totalPersons += e.persons;
        bump(hourTickets, hour);
        bump(hourPersons, hour, e.persons);
        // A visit of several services counts for each of them (its one ticket once in the totals and hours).
        for (const service of routeOf(e) ?? [e.service]) {
          bump(svcTickets, service);
          bump(svcPersons, service, e.persons);
          const k = `${service}\u0000${hour}`;
          const x = svcHour.get(k) ?? { service, hour, tickets: 0, persons: 0 };
          x.tickets++;
          x.persons += e.persons;
          svcHour.set(k, x);
        }
        break;
      }
      case 'called': {
        const i = issued.get(e.ticket_id);
        // Only the first call counts as the end of the wait; a transferred ticket's next call is not a wait.
        if (i && !waited.has(e.ticket_id)) {
          waited.add(e.ticket_id);
          waits.push({ service: i.service, m: minutes(i.at, e.at) });
        }
        const c = counter(e.counter);
        if (c) c.calls++;
        break;
      }
      case 'recalled': {
        const c = counter(e.counter);
        if (c) c.recalls++;
        break;
      }
      case 'started':
        open.set(e.ticket_id, { at: e.at, counter: e.counter ?? '?', service: e.service });
        break;
      case 'finished': {
        closeService(e);
        const c = counter(e.counter);
        if (c) c.served++;
        break;
      }
      // A visitor put on hold (issue 18) leaves the counter: the service so far ends there; the call back starts anew.
      case 'held':
        closeService(e);
        break;
      case 'transferred': {
        closeService(e);
        const c = counter(e.counter);
        if (c && staffTransfer) c.transfers++;
        break;
      }
      case 'no-show': {
        closeService(e);
        bump(noShowSvc, issued.get(e.ticket_id)?.service ?? e.service);
        const c = counter(e.counter);
        if (c) c.noShows++;
        break;
      }
    }
  }

  const serviceNames = [...new Set([...svcTickets.keys(), ...waits.map((w) => w.service), ...services.map((s) => s.service)])].sort();
  const { fees, tests } = postFees(db, period);
  const refunds = postRefunds(db, period);
  const kiosks = kioskDays(db, period, opts).flatMap((k) => k.totals.map((t) => ({ kioskId: k.kioskId, ...t, dayClose: k.dayClose })));

  return {
    period,
    visitors: {
      total: { tickets: totalTickets, persons: totalPersons },
      byService: [...svcTickets.keys()].sort().map((s) => ({ service: s, tickets: svcTickets.get(s)!, persons: svcPersons.get(s)! })),
      byHour: [...hourTickets.keys()].sort((a, b) => a - b).map((h) => ({ hour: h, tickets: hourTickets.get(h)!, persons: hourPersons.get(h)! })),
      byServiceHour: [...svcHour.values()].sort((a, b) => a.service.localeCompare(b.service) || a.hour - b.hour),
    },
    waits: {
      all: spread(waits.map((w) => w.m)),
      byService: serviceNames.map((s) => ({ service: s, ...spread(waits.filter((w) => w.service === s).map((w) => w.m)) })),
    },
    serviceTimes: {
      all: spread(services.map((x) => x.m)),
      byService: serviceNames.map((s) => ({ service: s, ...spread(services.filter((x) => x.service === s).map((x) => x.m)) })),
    },
    noShows: {
      total: [...noShowSvc.values()].reduce((a, b) => a + b, 0),
      byService: [...noShowSvc.keys()].sort().map((s) => ({ service: s, noShows: noShowSvc.get(s)! })),
    },
    counters: [...counters.keys()]
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
      .map((id) => {
        const c = counters.get(id)!;
        return { counter: id, calls: c.calls, recalls: c.recalls, served: c.served, noShows: c.noShows, transfers: c.transfers, service: spread(c.times) };
      }),
    agents: [...agents.keys()].sort().map((id) => {
      const a = agents.get(id)!;
      return {
        agent: id,
        calls: a.calls,
        recalls: a.recalls,
        served: a.served,
        noShows: a.noShows,
        transfers: a.transfers,
        cancelled: a.cancelled,
        service: spread(a.times),
      };
    }),
    outcomes: outcomesOf(fate),
    fees,
    refunds,
    net: netTakings(fees, refunds),
    tests,
    counterFees: counterFeesBetween(db, period.from, period.to),
    kiosks,
    priority: priorityStats(db, period.from, period.to),
  };
}

/** Per service of issue, how its tickets ended: the last event of each ticket decides. */
function outcomesOf(fate: ReadonlyMap<string, { service: string; last: string; transfers: number }>): ReportStats['outcomes'] {
  const by = new Map<string, ReportStats['outcomes'][number]>();
  for (const { service, last, transfers } of fate.values()) {
    let o = by.get(service);
    if (!o) by.set(service, (o = { service, tickets: 0, served: 0, noShows: 0, cancelled: 0, expired: 0, open: 0, transfers: 0 }));
    o.tickets++;
    o.transfers += transfers;
    if (last === 'finished') o.served++;
    else if (last === 'no-show') o.noShows++;
    else if (last === 'cancelled') o.cancelled++;
    else if (last === 'expired') o.expired++;
    else o.open++;
  }
  return [...by.values()].sort((a, b) => a.service.localeCompare(b.service));
}
