// The dashboard's queries at a size where a plan matters (issue 16): 20 posts × 120 days of projected rows (240 000
// tickets, 168 000 payments and visits), ANALYZEd as the service's autovacuum leaves them. Every statement the network
// page, the drill-down and the trends run is captured as it is sent and EXPLAINed with its own parameters: none may
// read a big table (the projections of tickets, calls, visits, payments and quotes, the day closes) whole (a Seq Scan, or
// an index scan without an Index Cond),
// i.e. none reads the history to show a day or a few buckets. The trends (visitors and fees) read the per-day totals
// (day_totals, migration 006) and no projected ticket or payment at all: counting those made a 12-month trend read a
// year of tickets. The planner chooses freely (no enable_seqscan = off).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CentralDb } from '../../central/db/db';
import { networkDay, postDrillDown, trends } from '../../central/db/dashboard';
import { rebuildDayTotals } from '../../central/db/day-totals';
import { trendFees } from '../../central/db/trends-fees';
import type { TestDatabase } from '../support/postgres';
import { centralTestDb } from './dashboard-helpers';

const BIG = ['proj_tickets', 'proj_calls', 'proj_visits', 'proj_payments', 'proj_payment_quotes', 'proj_day_closes'];
const LAST = '2026-11-30';
const NOW = new Date(`${LAST}T15:00:00Z`);

let tdb: TestDatabase;
let db: CentralDb;

/** 20 posts × 120 days × 100 tickets, 70% of them paid visits, each day closed: projected rows straight away. */
async function fill(): Promise<void> {
  await db.query(
    `INSERT INTO posts (post_id, name, last_contact, time_zone)
                  SELECT 'XA-' || chr(65 + i / 26) || chr(65 + i % 26) || 'A', 'post ' || i, $1, 'UTC' FROM generate_series(0, 19) i`,
    [NOW],
  );
  const grid = `FROM posts p, generate_series('${LAST}'::date - 119, '${LAST}'::date, '1 day') d, generate_series(1, 100) n`;
  const ticket = `p.post_id || '/' || d::date || '/A/' || n`;
  await db.query(`INSERT INTO proj_tickets (post_id, ticket_id, origin, business_day, service, persons, issued_at, first_called_at,
                                            state, state_at, served, no_shows)
    SELECT p.post_id, ${ticket}, 'post', d::date, (ARRAY['passport', 'visa', 'registration', 'civil-status'])[1 + n % 4], 1 + (n % 5 = 0)::int,
           d + interval '9 hours' + n * interval '2 minutes', d + interval '9 hours' + n * interval '3 minutes',
           CASE WHEN n % 20 = 0 THEN 'no-show' ELSE 'finished' END, d + interval '10 hours', (n % 20 <> 0)::int, (n % 20 = 0)::int ${grid}`);
  await db.query(`INSERT INTO proj_calls (post_id, origin, event_id, ticket_id, at, kind, counter, service)
    SELECT p.post_id, 'post', row_number() OVER (), ${ticket}, d + interval '9 hours' + n * interval '3 minutes', 'called', '1', 'passport' ${grid}`);
  const paid = `${grid} WHERE n % 10 < 7`;
  await db.query(`INSERT INTO proj_visits (post_id, reference, origin, issued_at, services, persons, amount_minor, currency, completed_at, ticket)
    SELECT p.post_id, 'ET-' || ${ticket}, 'post', d + interval '9 hours', 'passport', 1, 8000, 'EUR', d + interval '9 hours', ${ticket} ${paid}`);
  await db.query(`INSERT INTO proj_payments (post_id, origin, payment_id, kiosk_id, terminal_id, business_day, created_at, amount_minor, currency, reference,
                                             is_test, state, state_at)
    SELECT p.post_id, 'post', 'pay-' || ${ticket}, 'K1', 'terminal', d::date, d + interval '9 hours', 8000, 'EUR', 'ET-' || ${ticket}, false,
           CASE WHEN n % 19 = 0 THEN 'declined' ELSE 'approved' END, d + interval '9 hours' ${paid}`);
  await db.query(`INSERT INTO proj_payment_quotes (post_id, origin, payment_id, fee_mad) SELECT p.post_id, 'post', 'pay-' || ${ticket}, 860 ${paid}`);
  await db.query(`INSERT INTO proj_day_closes (post_id, origin, business_day, terminal_id, currency, source, balanced, terminal_total_minor, terminal_count,
                                               journal_total_minor, journal_count, closed_by, closed_at)
    SELECT p.post_id, 'post', d::date, 'terminal', 'EUR', 'log', true, 0, 0, 0, 0, 'sofia', d + interval '18 hours' ${grid} WHERE n = 1`);
  // Rows written straight into the projections: their per-day totals as the projections would have kept them.
  await rebuildDayTotals(db);
  for (const t of [...BIG, 'day_totals']) await db.query(`VACUUM ANALYZE ${t}`);
}

interface Sent {
  text: string;
  values: unknown[];
}

let recording: Sent[] | null = null;
const wrapped = new WeakSet<object>();

/** The statements `fn` sends through the pool, with their parameters (each client's query wrapped once, on first acquire). */
async function captured(fn: () => Promise<unknown>): Promise<Sent[]> {
  const sent: Sent[] = [];
  recording = sent;
  try {
    await fn();
  } finally {
    recording = null;
  }
  return sent;
}

function record(client: { query: (...a: unknown[]) => unknown }): void {
  if (wrapped.has(client)) return;
  wrapped.add(client);
  const query = client.query;
  client.query = function (this: unknown, ...a: unknown[]) {
    if (recording && typeof a[0] === 'string') recording.push({ text: a[0], values: Array.isArray(a[1]) ? a[1] : [] });
    return query.apply(this, a);
  };
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  Plans?: PlanNode[];
}

function nodes(p: PlanNode): PlanNode[] {
  return [p, ...(p.Plans ?? []).flatMap(nodes)];
}

async function planOf(s: Sent): Promise<PlanNode[]> {
  const r = await db.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(`EXPLAIN (FORMAT JSON) ${s.text}`, s.values);
  return nodes(r.rows[0]!['QUERY PLAN'][0]!.Plan);
}

/** The big tables a statement's plan reads whole: a Seq Scan, or an index scan with no Index Cond (the whole index in order). */
async function seqScans(sent: Sent[]): Promise<string[]> {
  const out: string[] = [];
  for (const s of sent.filter((x) => /^\s*(SELECT|WITH)/i.test(x.text)))
    for (const n of await planOf(s)) {
      const whole = n['Node Type'] === 'Seq Scan' || (/Index/.test(n['Node Type']) && !n['Index Cond']);
      if (whole && BIG.includes(n['Relation Name'] ?? ''))
        out.push(`${n['Node Type']} on ${n['Relation Name']} in: ${s.text.replace(/\s+/g, ' ').slice(0, 140)}…`);
    }
  return out;
}

/** Every table and index the statements' plans read. */
async function readBy(sent: Sent[]): Promise<{ tables: string[]; indexes: string[] }> {
  const all = (await Promise.all(sent.map(planOf))).flat();
  const names = (xs: Array<string | undefined>) => [...new Set(xs.filter((x): x is string => x !== undefined))].sort();
  return { tables: names(all.map((n) => n['Relation Name'])), indexes: names(all.map((n) => n['Index Name'])) };
}

beforeAll(async () => {
  ({ tdb, db } = await centralTestDb('dash_plans'));
  db.on('acquire', (c) => record(c as unknown as Parameters<typeof record>[0]));
  await fill();
}, 120_000);
afterAll(async () => {
  await db?.end();
  await tdb?.drop();
});

describe('the dashboard queries at 20 posts × 120 days', () => {
  it('the network page reads each post’s day through the day indexes, no table read whole', async () => {
    const sent = await captured(() => networkDay(db, { now: NOW, day: LAST }));
    expect(sent.length).toBeGreaterThan(4);
    expect(await seqScans(sent)).toEqual([]);
    const used = new Set((await Promise.all(sent.map(planOf))).flat().map((n) => n['Index Name']));
    for (const ix of ['proj_tickets_day', 'proj_payments_day', 'proj_day_closes_day']) expect(used).toContain(ix);
    // And the figures are the generated ones: 100 tickets a post, 70 paid visits (n % 10 < 7), 68 approved (76 and 95 declined).
    const net = await networkDay(db, { now: NOW, day: LAST });
    expect(net.posts).toHaveLength(20);
    expect(net.posts[0]).toMatchObject({ visitors: 100, served: 95, noShows: 5, dayClose: 'closed' });
    expect(net.posts[0]!.fees).toEqual([expect.objectContaining({ currency: 'EUR', payments: 68, totalMinor: 68 * 8000, feesMad: String(68 * 860) })]);
  });

  it('the drill-down of one post reads its day only', async () => {
    const sent = await captured(() => postDrillDown(db, { postId: 'XA-AAA', now: NOW, day: LAST }));
    expect(await seqScans(sent)).toEqual([]);
  });

  for (const [period, buckets] of [
    ['day', 30],
    ['week', 8],
    ['month', 3],
    ['month', 12],
  ] as const)
    it(`trends by ${period} (${buckets}), visitors and fees, read the per-day totals only, network-wide and for one post`, async () => {
      const sent = [
        ...(await captured(() => trends(db, { period, until: LAST, buckets }))),
        ...(await captured(() => trends(db, { period, until: LAST, buckets, postId: 'XA-AAB' }))),
        ...(await captured(() => trendFees(db, { period, until: LAST, buckets }))),
        ...(await captured(() => trendFees(db, { period, until: LAST, buckets, postId: 'XA-AAB' }))),
      ];
      expect(sent).toHaveLength(4);
      // Not a ticket, payment or quote row: the totals table and its indexes, whatever the planner picks among them.
      const read = await readBy(sent);
      expect(read.tables).toEqual(['day_totals']);
      for (const ix of read.indexes) expect(['day_totals_pkey', 'day_totals_by_date']).toContain(ix);
      const t = await trends(db, { period: 'day', until: LAST, buckets: 2 });
      expect(t.map((x) => x.visitors)).toEqual([2000, 2000]);
      const f = await trendFees(db, { period: 'day', until: LAST, buckets: 1 });
      expect(f).toEqual([{ bucket: LAST, fees: [{ currency: 'EUR', totalMinor: 20 * 68 * 8000 }], feesMad: String(20 * 68 * 860) }]);
    });
});
