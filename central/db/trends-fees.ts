// Fees collected per day, week or month for the trends page (issue 16): per currency (minor units) and in dirhams
// (the quotes' Σ schedule fee × persons), approved non-test payments only, as the network page's day counts them.
// The buckets are those of trends() in ./dashboard.ts; the read is of the per-day totals (day_totals, kept by the
// projections), not of the payments and quotes of every bucket.
import { TREND_BUCKET_OF, TREND_BUCKETS_SQL, type TrendPeriod } from './dashboard';
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
    `WITH ${TREND_BUCKETS_SQL},
     s AS (SELECT ${TREND_BUCKET_OF} AS bucket, s.currencies, s.fees_minor, s.fees_mad
           FROM day_totals s, r WHERE s.business_day >= r.first AND s.business_day < r.stop AND ($4::text IS NULL OR s.post_id = $4)),
     m AS (SELECT s.bucket, sum(s.fees_mad) AS mad FROM s GROUP BY 1),
     c AS (SELECT s.bucket, u.currency, sum(u.minor) AS minor FROM s CROSS JOIN LATERAL unnest(s.currencies, s.fees_minor) AS u(currency, minor) GROUP BY 1, 2)
     SELECT to_char(b.bucket, 'YYYY-MM-DD') AS bucket, c.currency, coalesce(c.minor, 0)::text AS "totalMinor", coalesce(m.mad, 0)::text AS "feesMad"
     FROM b LEFT JOIN m ON m.bucket = b.bucket LEFT JOIN c ON c.bucket = b.bucket
     ORDER BY b.bucket, c.currency`,
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
