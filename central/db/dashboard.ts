// The ministry's network page and drill-down (issue 16), read from the projections of migration 004. Each post's
// "today" is its business day in its own zone (posts.time_zone; UTC until it is known). The per-day reads go through
// the (business_day, post_id) indexes: a day of the whole network is a range scan, whatever the years stored.
import { businessDay } from '../../domain/queue/business-day';
import type { CentralDb } from './db';

export type DayCloseStatus = 'closed' | 'differences' | 'not-closed' | 'nothing-to-close';

export interface FeeTotal {
  currency: string;
  payments: number;
  totalMinor: number;
  testPayments: number;
  /** Σ schedule fee × persons of these payments' quotes, exact decimal text. */
  feesMad: string;
  /** Approved payments without a journaled quote: not in feesMad. */
  withoutQuote: number;
  pending: number;
}

export interface NetworkRow {
  postId: string;
  name: string | null;
  day: string;
  visitors: number;
  persons: number;
  waiting: number;
  longestWaitMinutes: number | null;
  served: number;
  noShows: number;
  fees: FeeTotal[];
  feesMad: string;
  dayClose: DayCloseStatus;
  closeDifferences: Array<{ terminalId: string; differenceMinor: number }>;
  devicesInFault: Array<{ kioskId: string; deviceId: string; status: string; detail: string | null }>;
  lastContact: Date | null;
  /** Events the post said it holds that are not received yet, plus received ones not projected yet. */
  lag: number;
  stale: boolean;
  revoked: boolean;
}

export interface NetworkDay {
  posts: NetworkRow[];
  staleMinutes: number;
}

const n = (v: unknown) => Number(v ?? 0);
const madText = (v: unknown) => (v === null || v === undefined ? '0' : String(v));

export async function setPostTimeZone(db: CentralDb, postId: string, timeZone: string): Promise<void> {
  businessDay(new Date(), timeZone); // throws RangeError for an unknown zone: a caller's bug
  await db.query('UPDATE posts SET time_zone = $2 WHERE post_id = $1', [postId, timeZone]);
}

interface PostDayKey {
  postId: string;
  name: string | null;
  day: string;
  lastContact: Date | null;
  revoked: boolean;
}

async function postDays(db: CentralDb, o: { now: Date; day?: string; postId?: string }): Promise<PostDayKey[]> {
  const r = await db.query<{ postId: string; name: string | null; tz: string | null; lastContact: Date | null; revoked: boolean }>(
    `SELECT post_id AS "postId", name, time_zone AS tz, last_contact AS "lastContact", revoked_at IS NOT NULL AS revoked FROM posts
     WHERE $1::text IS NULL OR post_id = $1 ORDER BY post_id`,
    [o.postId ?? null],
  );
  return r.rows.map((p) => {
    let day = o.day;
    if (!day) {
      try {
        day = businessDay(o.now, p.tz ?? 'UTC');
      } catch {
        day = businessDay(o.now, 'UTC');
      }
    }
    return { postId: p.postId, name: p.name, day, lastContact: p.lastContact, revoked: p.revoked };
  });
}

/** The network query: one statement for the tickets of every post's day (the index the EXPLAIN test checks). */
// One index range per (post, day) whatever share of the table that day is: a join of all posts' days let the
// planner scan every ticket of the history once a day was a few percent of it (bench/central.bench.ts at 60 × 14).
export const NETWORK_TICKETS_SQL = `
  SELECT d.post_id AS "postId", s.visitors, s.persons, s.waiting, s.longest, s.served, s."noShows"
  FROM unnest($1::text[], $2::date[]) AS d(post_id, day)
  CROSS JOIN LATERAL (
    SELECT count(*) AS visitors, coalesce(sum(t.persons), 0) AS persons,
           count(*) FILTER (WHERE t.state = 'waiting') AS waiting,
           max(extract(epoch FROM coalesce(t.first_called_at, CASE WHEN t.state = 'waiting' THEN $3::timestamptz END) - t.issued_at)) AS longest,
           coalesce(sum(t.served), 0) AS served, coalesce(sum(t.no_shows), 0) AS "noShows"
    FROM proj_tickets t WHERE t.business_day = d.day AND t.post_id = d.post_id
  ) s`;

const TAKEN = `p.state IN ('approved', 'settled_approved')`;
const OPEN = `p.state IN ('intent', 'sent', 'unknown')`;

function closeStatus(terminals: readonly string[], closes: ReadonlyArray<{ terminalId: string; balanced: boolean }>): DayCloseStatus {
  if (terminals.some((t) => !closes.some((c) => c.terminalId === t))) return 'not-closed';
  if (closes.length === 0) return 'nothing-to-close';
  return closes.every((c) => c.balanced) ? 'closed' : 'differences';
}
const WORST: DayCloseStatus[] = ['not-closed', 'differences', 'closed', 'nothing-to-close'];

async function feesOf(db: CentralDb, keys: PostDayKey[], by: 'currency' | 'service'): Promise<Array<FeeTotal & { postId: string; service: string }>> {
  const group = by === 'service' ? `coalesce(nullif(v.services, ''), '(no eTimbre reference)')` : `''`;
  // LATERAL: one index range of proj_payments_day per (post, day), then each payment's quote (and visit) by primary key,
  // whatever share of the history a day is (a plain join let the planner hash the whole table: see NETWORK_TICKETS_SQL).
  const r = await db.query(
    `SELECT d.post_id AS "postId", f.service, f.currency, f.payments, f."totalMinor", f."testPayments", f."feesMad", f."withoutQuote", f.pending
     FROM unnest($1::text[], $2::date[]) AS d(post_id, day)
     CROSS JOIN LATERAL (
       SELECT ${group} AS service, p.currency,
              count(*) FILTER (WHERE ${TAKEN} AND NOT p.is_test) AS payments,
              coalesce(sum(p.amount_minor) FILTER (WHERE ${TAKEN} AND NOT p.is_test), 0) AS "totalMinor",
              count(*) FILTER (WHERE ${TAKEN} AND p.is_test) AS "testPayments",
              coalesce(sum(q.fee_mad) FILTER (WHERE ${TAKEN} AND NOT p.is_test), 0)::text AS "feesMad",
              count(*) FILTER (WHERE ${TAKEN} AND NOT p.is_test AND q.fee_mad IS NULL) AS "withoutQuote",
              count(*) FILTER (WHERE ${OPEN}) AS pending
       FROM proj_payments p
       LEFT JOIN proj_payment_quotes q ON q.post_id = p.post_id AND q.origin = p.origin AND q.payment_id = p.payment_id
       ${by === 'service' ? 'LEFT JOIN proj_visits v ON v.post_id = p.post_id AND v.reference = p.reference' : ''}
       WHERE p.business_day = d.day AND p.post_id = d.post_id
       GROUP BY 1, 2
     ) f
     ORDER BY 1, 2, 3`,
    [keys.map((k) => k.postId), keys.map((k) => k.day)],
  );
  return r.rows.map((x: Record<string, unknown>) => ({
    postId: String(x.postId),
    service: String(x.service),
    currency: String(x.currency),
    payments: n(x.payments),
    totalMinor: n(x.totalMinor),
    testPayments: n(x.testPayments),
    feesMad: madText(x.feesMad),
    withoutQuote: n(x.withoutQuote),
    pending: n(x.pending),
  }));
}

async function closesOf(db: CentralDb, keys: PostDayKey[]) {
  const args = [keys.map((k) => k.postId), keys.map((k) => k.day)];
  const terminals = await db.query<{ postId: string; origin: string; terminalId: string }>(
    `SELECT d.post_id AS "postId", p.origin, p.terminal_id AS "terminalId" FROM unnest($1::text[], $2::date[]) AS d(post_id, day)
     CROSS JOIN LATERAL (SELECT DISTINCT origin, terminal_id FROM proj_payments WHERE business_day = d.day AND post_id = d.post_id) p`,
    args,
  );
  // OFFSET 0 keeps the LATERAL subquery from being pulled up into a join (which let the planner hash the whole table, a
  // few pages at 20 × 120 but the whole history at the year): one proj_day_closes_day range per (post, day), as the tickets.
  const closes = await db.query<{ postId: string; origin: string; terminalId: string; balanced: boolean; currency: string; terminal: string; journal: string }>(
    `SELECT c.post_id AS "postId", c.origin, c.terminal_id AS "terminalId", c.balanced, c.currency,
            c.terminal_total_minor AS terminal, c.journal_total_minor AS journal
     FROM unnest($1::text[], $2::date[]) AS d(post_id, day)
     CROSS JOIN LATERAL (SELECT * FROM proj_day_closes WHERE business_day = d.day AND post_id = d.post_id OFFSET 0) c
     ORDER BY c.post_id, c.origin, c.terminal_id`,
    args,
  );
  const out = new Map<string, { status: DayCloseStatus; differences: Array<{ terminalId: string; differenceMinor: number }> }>();
  for (const k of keys) {
    const origins = new Set([...terminals.rows, ...closes.rows].filter((r) => r.postId === k.postId).map((r) => r.origin));
    const statuses = [...origins].map((o) =>
      closeStatus(
        terminals.rows.filter((t) => t.postId === k.postId && t.origin === o).map((t) => t.terminalId),
        closes.rows.filter((c) => c.postId === k.postId && c.origin === o),
      ),
    );
    const status = WORST.find((w) => statuses.includes(w)) ?? 'nothing-to-close';
    const differences = closes.rows
      .filter((c) => c.postId === k.postId && !c.balanced)
      .map((c) => ({ terminalId: c.origin === 'post' ? c.terminalId : `${c.origin.slice(6)}/${c.terminalId}`, differenceMinor: n(c.terminal) - n(c.journal) }));
    out.set(k.postId, { status, differences });
  }
  return out;
}

/** Every post's figures for its business day (`day` forces one day for all), oldest contact flagged after `staleMinutes`. */
export async function networkDay(db: CentralDb, o: { now: Date; day?: string; staleMinutes?: number; postId?: string }): Promise<NetworkDay> {
  const staleMinutes = o.staleMinutes ?? 15;
  const keys = await postDays(db, o);
  if (keys.length === 0) return { posts: [], staleMinutes };
  const ids = keys.map((k) => k.postId);
  const tickets = await db.query(NETWORK_TICKETS_SQL, [ids, keys.map((k) => k.day), o.now]);
  const byPost = new Map(tickets.rows.map((r: Record<string, unknown>) => [String(r.postId), r]));
  const fees = await feesOf(db, keys, 'currency');
  const closes = await closesOf(db, keys);
  const devices = await db.query<{ postId: string; kioskId: string; deviceId: string; status: string; detail: string | null }>(
    `SELECT post_id AS "postId", kiosk_id AS "kioskId", device_id AS "deviceId", CASE WHEN paper = 'out' THEN 'paper-out' ELSE status END AS status, detail
     FROM proj_devices WHERE post_id = ANY($1) AND (status IN ('error', 'offline') OR paper = 'out') ORDER BY 1, 2, 3`,
    [ids],
  );
  const lag = await db.query<{ postId: string; lag: string }>(
    `SELECT s.post_id AS "postId",
            sum(greatest(coalesce(s.reported_head, 0) - s.accepted_through, 0) + greatest(s.accepted_through - coalesce(c.projected_through, 0), 0)) AS lag
     FROM streams s LEFT JOIN projection_cursors c ON c.post_id = s.post_id AND c.origin = s.origin WHERE s.post_id = ANY($1) GROUP BY 1`,
    [ids],
  );
  const lagOf = new Map(lag.rows.map((r) => [r.postId, n(r.lag)]));
  const posts = keys.map((k): NetworkRow => {
    const t = (byPost.get(k.postId) ?? {}) as Record<string, unknown>;
    const f = fees.filter((x) => x.postId === k.postId).map(({ postId: _p, service: _s, ...rest }) => rest);
    const c = closes.get(k.postId)!;
    const mad = f.reduce((a, x) => a + Number(x.feesMad), 0);
    return {
      postId: k.postId,
      name: k.name,
      day: k.day,
      visitors: n(t.visitors),
      persons: n(t.persons),
      waiting: n(t.waiting),
      longestWaitMinutes: t.longest === null || t.longest === undefined ? null : Math.round(Number(t.longest) / 6) / 10,
      served: n(t.served),
      noShows: n(t.noShows),
      fees: f,
      // Decimal text summed per currency in SQL; across currencies the few terms stay exact in a double's range.
      feesMad: f.length === 1 ? f[0]!.feesMad : String(Math.round(mad * 1000) / 1000),
      dayClose: c.status,
      closeDifferences: c.differences,
      devicesInFault: devices.rows.filter((d) => d.postId === k.postId).map(({ postId: _p, ...d }) => d),
      lastContact: k.lastContact,
      lag: lagOf.get(k.postId) ?? 0,
      stale: !k.lastContact || o.now.getTime() - k.lastContact.getTime() > staleMinutes * 60_000,
      revoked: k.revoked,
    };
  });
  return { posts, staleMinutes };
}

export interface ServiceRow {
  service: string;
  visitors: number;
  persons: number;
  waiting: number;
  served: number;
  noShows: number;
  longestWaitMinutes: number | null;
  calls: number;
}

export interface DrillDown {
  post: NetworkRow;
  services: ServiceRow[];
  fees: Array<FeeTotal & { service: string }>;
  closes: Array<{
    origin: string;
    terminalId: string;
    currency: string;
    source: string;
    balanced: boolean;
    terminalTotalMinor: number;
    journalTotalMinor: number;
    by: string;
    closedAt: Date;
  }>;
  devices: Array<{ kioskId: string; deviceId: string; kind: string | null; status: string; detail: string | null; paper: string | null; since: Date }>;
}

/** One post's day, per service (tickets by the service they were issued for, as the post's own report counts them). */
export async function postDrillDown(db: CentralDb, o: { postId: string; now: Date; day?: string; staleMinutes?: number }): Promise<DrillDown> {
  const net = await networkDay(db, o);
  const post = net.posts[0];
  if (!post) throw new RangeError(`no post ${o.postId}`);
  const services = await db.query(
    `SELECT t.service, count(*) AS visitors, sum(t.persons) AS persons, count(*) FILTER (WHERE t.state = 'waiting') AS waiting,
            sum(t.served) AS served, sum(t.no_shows) AS "noShows",
            max(extract(epoch FROM coalesce(t.first_called_at, CASE WHEN t.state = 'waiting' THEN $3::timestamptz END) - t.issued_at)) AS longest,
            (SELECT count(*) FROM proj_calls c WHERE c.post_id = $1 AND c.ticket_id = ANY(array_agg(t.ticket_id))) AS calls
     FROM proj_tickets t WHERE t.business_day = $2 AND t.post_id = $1 GROUP BY t.service ORDER BY t.service`,
    [o.postId, post.day, o.now],
  );
  const fees = (await feesOf(db, [{ postId: o.postId, name: null, day: post.day, lastContact: null, revoked: false }], 'service')).map(
    ({ postId: _p, ...f }) => f,
  );
  const closes = await db.query(
    `SELECT origin, terminal_id AS "terminalId", currency, source, balanced, terminal_total_minor AS "terminalTotalMinor",
            journal_total_minor AS "journalTotalMinor", closed_by AS by, closed_at AS "closedAt"
     FROM proj_day_closes WHERE business_day = $2 AND post_id = $1 ORDER BY origin, terminal_id`,
    [o.postId, post.day],
  );
  const devices = await db.query(
    `SELECT kiosk_id AS "kioskId", device_id AS "deviceId", kind, status, detail, paper, since FROM proj_devices WHERE post_id = $1 ORDER BY 1, 2`,
    [o.postId],
  );
  return {
    post,
    services: services.rows.map((r: Record<string, unknown>) => ({
      service: String(r.service),
      visitors: n(r.visitors),
      persons: n(r.persons),
      waiting: n(r.waiting),
      served: n(r.served),
      noShows: n(r.noShows),
      longestWaitMinutes: r.longest === null ? null : Math.round(Number(r.longest) / 6) / 10,
      calls: n(r.calls),
    })),
    fees,
    closes: closes.rows.map((r: Record<string, unknown>) => ({
      ...(r as DrillDown['closes'][number]),
      terminalTotalMinor: n(r.terminalTotalMinor),
      journalTotalMinor: n(r.journalTotalMinor),
    })),
    devices: devices.rows as DrillDown['devices'],
  };
}

export type TrendPeriod = 'day' | 'week' | 'month';

export interface TrendPoint {
  bucket: string;
  visitors: number;
  served: number;
  noShows: number;
}

/**
 * The buckets of the trends: the last `$3` periods (`$1`: day, week, month) up to `$2`, and the day range they cover
 * (first, stop). Shared with trends-fees.ts, so both pages' buckets are the same.
 */
export const TREND_BUCKETS_SQL = `
  b AS (SELECT generate_series(date_trunc($1, $2::date) - ($3::int - 1) * ('1 ' || $1)::interval, date_trunc($1, $2::date),
                               ('1 ' || $1)::interval)::date AS bucket),
  r AS (SELECT min(bucket) AS first, (max(bucket) + ('1 ' || $1)::interval)::date AS stop FROM b)`;

/** The bucket of a day_totals row `s` (a day's timestamp without zone: no session zone in the truncation). */
export const TREND_BUCKET_OF = `date_trunc($1, s.business_day::timestamp)::date`;

/**
 * Visitors, served and no-shows per day, week or month over the last `buckets` periods up to `until`, from the
 * per-day totals (day_totals, kept by the projections): one range of posts × days rows, whatever the tickets.
 */
export async function trends(db: CentralDb, o: { period: TrendPeriod; until: string; buckets: number; postId?: string }): Promise<TrendPoint[]> {
  const r = await db.query(
    `WITH ${TREND_BUCKETS_SQL},
     s AS (SELECT ${TREND_BUCKET_OF} AS bucket, sum(s.visitors) AS visitors, sum(s.served) AS served, sum(s.no_shows) AS "noShows"
           FROM day_totals s, r WHERE s.business_day >= r.first AND s.business_day < r.stop AND ($4::text IS NULL OR s.post_id = $4) GROUP BY 1)
     SELECT to_char(b.bucket, 'YYYY-MM-DD') AS bucket, s.visitors, s.served, s."noShows"
     FROM b LEFT JOIN s ON s.bucket = b.bucket
     ORDER BY b.bucket`,
    [o.period, o.until, o.buckets, o.postId ?? null],
  );
  return r.rows.map((x: Record<string, unknown>) => ({ bucket: String(x.bucket), visitors: n(x.visitors), served: n(x.served), noShows: n(x.noShows) }));
}
