// Fees collected per day, week or month for the trends page (issue 16): per currency (minor units) and in dirhams
// (the quotes' Σ schedule fee × persons), approved non-test payments only, as the network page's day counts them.
// The buckets are those of trends() in ./dashboard.ts (generate_series over the period); the read goes through
// proj_payments_day (business_day, post_id).
import type { TrendPeriod } from './dashboard';
import type { CentralDb } from './db';

export interface TrendFees {
  bucket: string;
  fees: Array<{ currency: string; totalMinor: number }>;
  /** Exact decimal text. */
  feesMad: string;
}

/** Fees per bucket over the last `buckets` periods up to `until`; every bucket is present, with no fees if none. */
export async function trendFees(db: CentralDb, o: { period: TrendPeriod; until: string; buckets: number; postId?: string }): Promise<TrendFees[]> {
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
  // The dirhams are summed per bucket in SQL (numeric: exact), once per row of the bucket.
  const out = new Map<string, TrendFees>();
  for (const x of r.rows) {
    const b = out.get(x.bucket) ?? { bucket: x.bucket, fees: [], feesMad: x.feesMad };
    out.set(x.bucket, b);
    if (x.currency !== null) b.fees.push({ currency: x.currency, totalMinor: Number(x.totalMinor) });
  }
  return [...out.values()];
}
