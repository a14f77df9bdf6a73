// What the trends show, per post and business day (issue 16; migration 006): visitors, served, no-shows, and the fees
// taken (approved, not test) per currency and in dirhams. The trends read these rows instead of counting the tickets
// and payments of every bucket: a 12-month trend reads posts × 365 rows, not a year of tickets. The projections keep
// them true: each chunk recomputes, in its own transaction, the (post, day) pairs whose tickets or payments it wrote.
import type { CentralClient, CentralDb } from './db';

/** The taken payments, as the network page's day counts them (dashboard.ts TAKEN). */
const TAKEN = `p.state IN ('approved', 'settled_approved') AND NOT p.is_test`;

/**
 * Recomputes the totals of the (post_id, business_day) pairs `pairs` yields, from the projection rows, over the
 * former ones. One index range of each day index per pair (LATERAL: see NETWORK_TICKETS_SQL for why not a join), and
 * each taken payment's quote by its key (a subquery: a join let the planner hash every quote of the post for each day).
 * The currencies are sorted and `fees_minor` follows them; fees_mad is the numeric sum, exact, '0' when none.
 * Migration 006 holds a copy of this statement for its backfill (006_day_totals.test.ts checks they agree).
 */
const upsertOf = (pairs: string) => `
  INSERT INTO day_totals (post_id, business_day, visitors, served, no_shows, currencies, fees_minor, fees_mad)
  SELECT d.post_id, d.business_day, t.visitors, t.served, t.no_shows, f.currencies, f.fees_minor, f.fees_mad
  FROM (${pairs}) AS d(post_id, business_day)
  CROSS JOIN LATERAL (
    SELECT count(*) AS visitors, coalesce(sum(t.served), 0) AS served, coalesce(sum(t.no_shows), 0) AS no_shows
    FROM proj_tickets t WHERE t.business_day = d.business_day AND t.post_id = d.post_id
  ) t
  CROSS JOIN LATERAL (
    SELECT coalesce(array_agg(c.currency ORDER BY c.currency), '{}') AS currencies, coalesce(array_agg(c.minor ORDER BY c.currency), '{}') AS fees_minor,
           coalesce(sum(c.mad), 0) AS fees_mad
    FROM (
      SELECT p.currency, sum(p.amount_minor)::bigint AS minor,
             sum((SELECT q.fee_mad FROM proj_payment_quotes q WHERE q.post_id = p.post_id AND q.origin = p.origin AND q.payment_id = p.payment_id)) AS mad
      FROM proj_payments p
      WHERE p.business_day = d.business_day AND p.post_id = d.post_id AND ${TAKEN}
      GROUP BY p.currency
    ) c
  ) f
  ON CONFLICT (post_id, business_day) DO UPDATE SET visitors = excluded.visitors, served = excluded.served, no_shows = excluded.no_shows,
    currencies = excluded.currencies, fees_minor = excluded.fees_minor, fees_mad = excluded.fees_mad`;

/** The days of the tickets and payments a chunk wrote (a row's day never changes once projected). */
const TOUCHED_DAYS = `
  SELECT business_day::text AS day FROM proj_tickets WHERE post_id = $1 AND ticket_id = ANY($3::text[])
  UNION SELECT business_day::text FROM proj_payments WHERE post_id = $1 AND origin = $2 AND payment_id = ANY($4::text[])`;

// The days go in as an array, so the planner knows how few they are: it estimates a union of ids as that many days
// (4 868 for 20 in a test), which prices a big chunk's statement past jit_above_cost (the rebuild paid 1.5 s of JIT).
const ONE_POST_DAYS = upsertOf(`SELECT $1::text, day FROM unnest($2::date[]) AS u(day)`);

const EVERY_DAY = upsertOf(`SELECT post_id, business_day FROM proj_tickets UNION SELECT post_id, business_day FROM proj_payments`);

/** Advisory lock class (two-int form) of a post's day totals: "day totals". */
const LOCK_CLASS = 7_160_060;

/**
 * Recomputes, in the chunk's transaction `c`, the totals of the days of these tickets (any stream of the post) and
 * payments (this stream's, as their quotes). Two streams of one post projected at once would otherwise each compute
 * a day from a snapshot without the other's uncommitted rows, and the second upsert would overwrite the first with
 * figures missing them: the post's lock (taken in its own statement, so the upsert's snapshot is taken after the
 * other transaction committed) makes them recompute one after the other.
 */
export async function refreshDayTotals(c: CentralClient, o: { postId: string; origin: string; tickets: string[]; payments: string[] }): Promise<void> {
  if (o.tickets.length === 0 && o.payments.length === 0) return;
  await c.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_CLASS, o.postId]);
  const days = await c.query<{ day: string }>(TOUCHED_DAYS, [o.postId, o.origin, o.tickets, o.payments]);
  if (days.rows.length) await c.query(ONE_POST_DAYS, [o.postId, days.rows.map((r) => r.day)]);
}

/** Recomputes every (post, day) from the projection rows (rows written straight into the projection tables: tests, repairs). */
export async function rebuildDayTotals(db: CentralDb): Promise<void> {
  await db.query(EVERY_DAY);
}
