// The trends' per-day totals (issue 16; central/db/day-totals.ts): the projections keep them equal to what counting the
// projected tickets and payments gives, in both projection modes and whatever the chunks, including late events (a
// ticket served, a call, a payment settled or re-quoted days later, a day closed twice and corrected), a kiosk's own
// stream of the same post, and a second batch stored after the first was projected. The trends read them and give
// exactly what the former queries (kept below as the reference) counted from the projected rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CentralDb } from '../../central/db/db';
import { rebuildDayTotals, refreshDayTotals } from '../../central/db/day-totals';
import { projectPending } from '../../central/db/projections';
import { trends, type TrendPeriod, type TrendPoint } from '../../central/db/dashboard';
import { trendFees, type TrendFees } from '../../central/db/trends-fees';
import type { TestDatabase } from '../support/postgres';
import { seededRandom } from '../support/random';
import { centralTestDb, ensureStream } from './dashboard-helpers';

const TABLES = ['proj_tickets', 'proj_calls', 'proj_visits', 'proj_payments', 'proj_payment_quotes', 'proj_day_closes', 'proj_day_corrections', 'proj_devices'];
const POSTS = ['BE-BRU', 'ES-MAD', 'FR-PAR'];
const UNTIL = '2026-11-30';
/** 40 days up to UNTIL: across two month ends and six weeks. */
const DAYS = Array.from({ length: 40 }, (_, i) => new Date(Date.parse(`${UNTIL}T00:00:00Z`) - (39 - i) * 86_400_000).toISOString().slice(0, 10));

type Ev = [kind: string, subject: string | null, payload: unknown, day: string];

let tdb: TestDatabase;
let db: CentralDb;

/** The former trends(), counting the projected tickets of each bucket: the reference. */
async function formerTrends(o: { period: TrendPeriod; until: string; buckets: number; postId?: string }): Promise<TrendPoint[]> {
  const r = await db.query(
    `WITH b AS (SELECT generate_series(date_trunc($1, $2::date) - ($3::int - 1) * ('1 ' || $1)::interval, date_trunc($1, $2::date),
                                       ('1 ' || $1)::interval)::date AS bucket)
     SELECT to_char(b.bucket, 'YYYY-MM-DD') AS bucket, t.visitors, t.served, t."noShows"
     FROM b CROSS JOIN LATERAL (
       SELECT count(*) AS visitors, coalesce(sum(t.served), 0) AS served, coalesce(sum(t.no_shows), 0) AS "noShows" FROM proj_tickets t
       WHERE t.business_day >= b.bucket AND t.business_day < (b.bucket + ('1 ' || $1)::interval)::date AND ($4::text IS NULL OR t.post_id = $4)
     ) t
     ORDER BY b.bucket`,
    [o.period, o.until, o.buckets, o.postId ?? null],
  );
  return r.rows.map((x: Record<string, unknown>) => ({
    bucket: String(x.bucket),
    visitors: Number(x.visitors),
    served: Number(x.served),
    noShows: Number(x.noShows),
  }));
}

/** The former trendFees(), summing the projected payments and quotes of each bucket: the reference. */
async function formerTrendFees(o: { period: TrendPeriod; until: string; buckets: number; postId?: string }): Promise<TrendFees[]> {
  const r = await db.query<{ bucket: string; currency: string | null; totalMinor: string; feesMad: string }>(
    `WITH b AS (SELECT generate_series(date_trunc($1, $2::date) - ($3::int - 1) * ('1 ' || $1)::interval, date_trunc($1, $2::date),
                                       ('1 ' || $1)::interval)::date AS bucket)
     SELECT to_char(b.bucket, 'YYYY-MM-DD') AS bucket, p.currency, coalesce(sum(p.amount_minor), 0)::text AS "totalMinor",
            (coalesce(sum(sum(q.fee_mad)) OVER (PARTITION BY b.bucket), 0))::text AS "feesMad"
     FROM b LEFT JOIN proj_payments p ON p.business_day >= b.bucket AND p.business_day < (b.bucket + ('1 ' || $1)::interval)::date
       AND p.state IN ('approved', 'settled_approved') AND NOT p.is_test AND ($4::text IS NULL OR p.post_id = $4)
     LEFT JOIN proj_payment_quotes q ON q.post_id = p.post_id AND q.origin = p.origin AND q.payment_id = p.payment_id
     GROUP BY b.bucket, p.currency ORDER BY b.bucket, p.currency`,
    [o.period, o.until, o.buckets, o.postId ?? null],
  );
  const out = new Map<string, TrendFees>();
  for (const x of r.rows) {
    const b = out.get(x.bucket) ?? { bucket: x.bucket, fees: [], feesMad: x.feesMad };
    out.set(x.bucket, b);
    if (x.currency !== null) b.fees.push({ currency: x.currency, totalMinor: Number(x.totalMinor) });
  }
  return [...out.values()];
}

/** A post's days: tickets served, no-shows, waiting; paid visits in two currencies, quoted or not, approved, declined, test, pending. */
function journal(post: string, rnd: () => number): { post: Ev[]; kiosk: Ev[]; late: Ev[] } {
  const ev: Ev[] = [];
  const kiosk: Ev[] = [];
  const late: Ev[] = [];
  const who = { service: 'passport', counter: '2', actor: 'amina' };
  for (const day of DAYS) {
    if (rnd() < 0.15) continue; // a day the post is closed
    const tickets = 1 + Math.floor(rnd() * 6);
    for (let n = 1; n <= tickets; n++) {
      const t = `${post}/${day}/A/${n}`;
      const service = ['passport', 'visa', 'civil-status'][n % 3]!;
      ev.push(['queue.ticket.issued', t, { service, persons: 1 + (n % 2) }, day]);
      const fate = rnd();
      if (fate < 0.6) {
        ev.push(['queue.ticket.called', t, who, day], ['queue.ticket.started', t, who, day], ['queue.ticket.finished', t, who, day]);
        if (rnd() < 0.1) ev.push(['queue.ticket.transferred', t, who, day], ['queue.ticket.finished', t, who, day]); // served twice
      } else if (fate < 0.75) ev.push(['queue.ticket.called', t, who, day], ['queue.ticket.no-show', t, who, day]);
      else if (fate < 0.85) ev.push(['queue.ticket.expired', t, {}, day]);
      else if (rnd() < 0.5) late.push(['queue.ticket.called', t, who, day], ['queue.ticket.finished', t, who, day]); // served on a later batch
      if (rnd() < 0.7) {
        const pay = `${post}-${day}-pay-${n}`;
        const currency = rnd() < 0.8 ? 'EUR' : 'USD';
        const amountMinor = 1000 + Math.floor(rnd() * 20) * 500;
        const quoted = rnd() < 0.85;
        if (quoted) {
          const fee = rnd() < 0.3 ? `${100 + n}.${n % 10}5` : String(860 + n);
          ev.push(['checkin.paying', pay, { visit: { quote: { lines: [{ unitFeeMad: fee, persons: 1 + (n % 2) }] } } }, day]);
        }
        const isTest = rnd() < 0.05;
        ev.push([
          'payment.intent',
          pay,
          { kioskId: 'K1', terminalId: 'terminal', amountMinor, currency, reference: `ET-${pay}`, isTest, shortRefDay: day },
          day,
        ]);
        const end = rnd();
        if (end < 0.7) ev.push(['payment.sent', pay, {}, day], ['payment.approved', pay, {}, day]);
        else if (end < 0.8) ev.push(['payment.sent', pay, {}, day], ['payment.declined', pay, {}, day]);
        else if (end < 0.9) {
          ev.push(['payment.sent', pay, {}, day]);
          late.push(['payment.approved', pay, {}, day]); // approved (its outcome learnt) days later
        } else {
          ev.push(['payment.sent', pay, {}, day], ['payment.approved', pay, {}, day]);
          late.push(['payment.settled-not-charged', pay, {}, day]); // the bank's log: not charged after all
          if (quoted) late.push(['checkin.paying', pay, { visit: { quote: { lines: [{ unitFeeMad: '12.125', persons: 2 }] } } }, day]); // re-quoted
        }
      }
    }
    if (rnd() < 0.5) {
      // The kiosk's own stream: its tickets and payments on the same post and day.
      const t = `${post}/${day}/K/1`;
      kiosk.push(['queue.ticket.issued', t, { service: 'visa', persons: 1 }, day], ['queue.ticket.no-show', t, who, day]);
      const pay = `K2-${day}`;
      kiosk.push(
        ['checkin.paying', pay, { visit: { quote: { lines: [{ unitFeeMad: '430.5', persons: 1 }] } } }, day],
        ['payment.intent', pay, { kioskId: 'K2', terminalId: 't2', amountMinor: 4300, currency: 'EUR', isTest: false, shortRefDay: day }, day],
        ['payment.approved', pay, {}, day],
      );
    }
    const close = { businessDay: day, terminalId: 'terminal', currency: 'EUR', source: 'log', balanced: true, by: 'sofia' };
    ev.push(['day.closed', `${day}/terminal`, close, day]);
    late.push(['day.closed', `${day}/terminal`, { ...close, source: 'again' }, day], ['day.correction', `${day}/terminal`, { note: 'late', by: 'x' }, day]);
  }
  return { post: ev, kiosk, late };
}

/** Stores a stream's events after its last one, at their day's times, as the ingest stores them. */
async function store(postId: string, origin: string, evs: Ev[]): Promise<void> {
  await ensureStream(db, postId, origin);
  const first = Number((await db.query('SELECT coalesce(max(id), 0) AS n FROM events WHERE post_id = $1 AND origin = $2', [postId, origin])).rows[0].n);
  for (const [i, [kind, subject, payload, day]] of evs.entries()) {
    await db.query('SELECT ensure_event_partition($1::date)', [`${day.slice(0, 7)}-01`]);
    await db.query(`INSERT INTO events (post_id, origin, id, at, kind, subject, payload, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, '\\x00')`, [
      postId,
      origin,
      first + i + 1,
      new Date(Date.parse(`${day}T09:00:00Z`) + i * 1000),
      kind,
      subject,
      JSON.stringify(payload),
    ]);
  }
  await db.query('UPDATE streams SET accepted_through = $3 WHERE post_id = $1 AND origin = $2', [postId, origin, first + evs.length]);
}

const late: Array<[string, Ev[]]> = [];

async function reset(): Promise<void> {
  await db.query(`TRUNCATE ${TABLES.join(', ')}, day_totals, projection_cursors`);
}

const totals = async () => (await db.query('SELECT * FROM day_totals ORDER BY post_id, business_day')).rows;

/** The totals the projections left, and those recomputed from scratch from the projected rows, side by side. */
async function keptAndRecomputed(): Promise<{ kept: unknown[]; recomputed: unknown[] }> {
  const kept = await totals();
  await db.query('TRUNCATE day_totals');
  await rebuildDayTotals(db);
  return { kept, recomputed: await totals() };
}

const RANGES: Array<{ period: TrendPeriod; buckets: number }> = [
  { period: 'day', buckets: 30 },
  { period: 'day', buckets: 45 },
  { period: 'week', buckets: 8 },
  { period: 'month', buckets: 3 },
  { period: 'month', buckets: 12 },
];

beforeAll(async () => {
  ({ tdb, db } = await centralTestDb('day_totals'));
  const rnd = seededRandom(16);
  for (const p of POSTS) {
    const j = journal(p, rnd);
    await store(p, 'post', j.post);
    await store(p, 'kiosk:K2', j.kiosk);
    late.push([p, j.late]);
  }
}, 120_000);
afterAll(async () => {
  await db?.end();
  await tdb?.drop();
});

describe('the per-day totals the trends read', () => {
  let afterFirst: unknown[] = [];
  let afterLate: unknown[] = [];

  it('are kept by the row-by-row projections (the reference) equal to the totals recomputed from the projected rows', async () => {
    await projectPending(db, { mode: 'row', max: 1_000_000 });
    const first = await keptAndRecomputed();
    expect(first.kept.length).toBeGreaterThan(POSTS.length * 30);
    expect(first.kept).toEqual(first.recomputed);
    afterFirst = first.kept;
    // The late events in a batch of their own, each on a day projected before.
    for (const [p, evs] of late) await store(p, 'post', evs);
    await projectPending(db, { mode: 'row', max: 1_000_000 });
    const second = await keptAndRecomputed();
    expect(second.kept).toEqual(second.recomputed);
    expect(second.kept).not.toEqual(afterFirst);
    afterLate = second.kept;
  }, 120_000);

  for (const chunk of [1000, 7, 1])
    it(`are the same with the set-based projections in chunks of ${chunk} events, the late events included`, async () => {
      await reset();
      await projectPending(db, { chunk, max: 1_000_000 });
      expect(await totals()).toEqual(afterLate);
      const again = await keptAndRecomputed();
      expect(again.kept).toEqual(again.recomputed);
    }, 120_000);

  it('give the trends exactly the figures the former queries counted from the projected rows', async () => {
    for (const r of RANGES)
      for (const postId of [undefined, 'FR-PAR', 'ES-MAD', 'XX-NONE']) {
        const o = { ...r, until: UNTIL, ...(postId ? { postId } : {}) };
        expect(await trends(db, o), `${r.period} × ${r.buckets} ${postId ?? 'network'}`).toEqual(await formerTrends(o));
        expect(await trendFees(db, o), `fees ${r.period} × ${r.buckets} ${postId ?? 'network'}`).toEqual(await formerTrendFees(o));
      }
    // Not all zeros: the data set shows what it should.
    const month = await trends(db, { period: 'month', until: UNTIL, buckets: 2 });
    expect(month.every((m) => m.visitors > 0) && month.some((m) => m.noShows > 0)).toBe(true);
    const fees = await trendFees(db, { period: 'month', until: UNTIL, buckets: 2 });
    expect(fees.flatMap((f) => f.fees.map((x) => x.currency)).sort()).toEqual(['EUR', 'EUR', 'USD', 'USD']);
    expect(fees.some((f) => /\.\d*[1-9]/.test(f.feesMad))).toBe(true);
  });
});

describe('two streams of one post projected at once', () => {
  it('both count in their day: the second waits for the first to commit, instead of overwriting its totals', async () => {
    const day = '2026-11-30';
    // The kiosk's stream: one ticket of the day, to be projected while the post's own chunk is not committed yet.
    await store('XR-ACE', 'kiosk:K9', [['queue.ticket.issued', `XR-ACE/${day}/K/1`, { service: 'visa', persons: 1 }, day]]);
    const a = await db.connect();
    try {
      await a.query('BEGIN');
      await a.query(
        `INSERT INTO proj_tickets (post_id, ticket_id, origin, business_day, service, persons, issued_at, state, state_at)
         VALUES ('XR-ACE', $1, 'post', $2::date, 'passport', 1, now(), 'waiting', now())`,
        [`XR-ACE/${day}/A/1`, day],
      );
      await refreshDayTotals(a, { postId: 'XR-ACE', origin: 'post', tickets: [`XR-ACE/${day}/A/1`], payments: [] });
      const b = projectPending(db, { postId: 'XR-ACE' });
      // The kiosk's chunk is waiting on a lock the post's open transaction holds.
      for (let i = 0; ; i++) {
        const w = await db.query<{ n: string }>(
          `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
        );
        if (Number(w.rows[0]!.n) > 0) break;
        if (i > 2000) throw new Error('the kiosk stream never waited for the open transaction');
        await new Promise((r) => setTimeout(r, 5));
      }
      await a.query('COMMIT');
      expect(await b).toMatchObject({ events: 1 });
    } finally {
      a.release();
    }
    const t = await db.query(`SELECT visitors FROM day_totals WHERE post_id = 'XR-ACE' AND business_day = $1`, [day]);
    expect(t.rows).toEqual([{ visitors: 2 }]);
  });
});
