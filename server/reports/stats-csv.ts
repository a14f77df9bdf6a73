// The period report as one CSV: a "table" column names the part (visitors, waits, …), so one file opens
// in a spreadsheet and can be filtered by it.
import { decimal, toCsv, type Cell } from './csv';
import type { ReportStats, Spread } from './stats';

const sp = (s: Spread): Cell[] => [s.count, s.medianMinutes, s.p90Minutes];

export function statsCsv(s: ReportStats, currency: string): string {
  const rows: Cell[][] = [
    [
      'table',
      'service',
      'hour',
      'counter',
      'currency',
      'tickets',
      'persons',
      'count',
      'median_minutes',
      'p90_minutes',
      'calls',
      'recalls',
      'served',
      'no_shows',
      'transfers',
      'payments',
      'total',
      'kiosk',
      'pending',
      'day_close',
      'refunds',
      'reversals',
      'refunded',
      'net',
      'agent',
      'cancelled',
      'expired',
      'open',
    ],
  ];
  const row = (o: Partial<Record<string, Cell>>): Cell[] => rows[0]!.map((k) => o[k as string]);
  rows.push(row({ table: 'period', service: `${s.period.from} .. ${s.period.to}`, currency: s.period.timeZone }));
  rows.push(row({ table: 'visitors-total', tickets: s.visitors.total.tickets, persons: s.visitors.total.persons }));
  for (const v of s.visitors.byService) rows.push(row({ table: 'visitors-by-service', service: v.service, tickets: v.tickets, persons: v.persons }));
  for (const v of s.visitors.byServiceHour)
    rows.push(row({ table: 'visitors-by-service-hour', service: v.service, hour: v.hour, tickets: v.tickets, persons: v.persons }));
  const spreadRow = (table: string, service: string, x: Spread) => {
    const [count, median, p90] = sp(x);
    rows.push(row({ table, service, count, median_minutes: median, p90_minutes: p90 }));
  };
  spreadRow('wait', '(all)', s.waits.all);
  for (const w of s.waits.byService) spreadRow('wait', w.service, w);
  spreadRow('service-time', '(all)', s.serviceTimes.all);
  for (const w of s.serviceTimes.byService) spreadRow('service-time', w.service, w);
  for (const n of s.noShows.byService) rows.push(row({ table: 'no-shows', service: n.service, no_shows: n.noShows }));
  for (const c of s.counters)
    rows.push(
      row({
        table: 'counter',
        counter: c.counter,
        calls: c.calls,
        recalls: c.recalls,
        served: c.served,
        no_shows: c.noShows,
        transfers: c.transfers,
        count: c.service.count,
        median_minutes: c.service.medianMinutes,
        p90_minutes: c.service.p90Minutes,
      }),
    );
  // Issue 18: each staff member's work, and how the tickets ended per service of issue.
  for (const a of s.agents)
    rows.push(
      row({
        table: 'agent',
        agent: a.agent,
        calls: a.calls,
        recalls: a.recalls,
        served: a.served,
        no_shows: a.noShows,
        transfers: a.transfers,
        cancelled: a.cancelled,
        count: a.service.count,
        median_minutes: a.service.medianMinutes,
        p90_minutes: a.service.p90Minutes,
      }),
    );
  // Priority visitors (issue 18): one row per figure, its name in the service column, its count in tickets.
  for (const [name, n] of [
    ['requested', s.priority.requested],
    ['self-declared', s.priority.selfDeclared],
    ['issued-by-staff', s.priority.issuedByStaff],
    ['confirmed', s.priority.confirmed],
    ['declined', s.priority.declined],
    ['flagged', s.priority.flagged],
    ['removed', s.priority.removed],
  ] as const)
    rows.push(row({ table: 'priority', service: name, tickets: n }));
  for (const c of s.priority.byClass) rows.push(row({ table: 'priority-by-class', service: c.priority, tickets: c.tickets }));
  for (const o of s.outcomes)
    rows.push(
      row({
        table: 'outcomes',
        service: o.service,
        tickets: o.tickets,
        served: o.served,
        no_shows: o.noShows,
        transfers: o.transfers,
        cancelled: o.cancelled,
        expired: o.expired,
        open: o.open,
      }),
    );
  for (const f of s.fees)
    rows.push(row({ table: 'fees', service: f.service, currency: f.currency, payments: f.payments, total: decimal(f.totalMinor, f.currency) }));
  // Refunds (issue 17): what went back in the period, and the net takings (approved − refunded), "(all)" per currency.
  for (const f of s.refunds)
    rows.push(
      row({
        table: 'refunds',
        service: f.service,
        currency: f.currency,
        refunds: f.refunds,
        reversals: f.reversals,
        refunded: decimal(f.refundedMinor, f.currency),
      }),
    );
  for (const n of s.net)
    rows.push(
      row({
        table: 'net',
        service: n.service,
        currency: n.currency,
        total: decimal(n.approvedMinor, n.currency),
        refunded: decimal(n.refundedMinor, n.currency),
        net: decimal(n.netMinor, n.currency),
      }),
    );
  rows.push(row({ table: 'test-payments', currency, payments: s.tests.payments, total: decimal(s.tests.totalMinor, currency) }));
  // The post's kiosks (issue 15): fees taken per kiosk, their test payments apart.
  for (const k of s.kiosks) {
    const dayClose = k.dayClose ?? undefined;
    rows.push(
      row({
        table: 'kiosks',
        kiosk: k.kioskId,
        currency: k.currency,
        payments: k.payments,
        total: decimal(k.totalMinor, k.currency),
        pending: k.pending,
        day_close: dayClose,
      }),
    );
    if (k.testPayments > 0)
      rows.push(
        row({ table: 'kiosk-test-payments', kiosk: k.kioskId, currency: k.currency, payments: k.testPayments, total: decimal(k.testTotalMinor, k.currency) }),
      );
  }
  return toCsv(rows);
}
