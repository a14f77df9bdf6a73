-- What the trends show, per post and business day (issue 16): the trends read these rows, not every ticket and
-- payment of their buckets (a 12-month trend read a year of tickets). The projections keep them true
-- (central/db/day-totals.ts, in each chunk's transaction); this migration fills them from the rows projected so far.
CREATE TABLE day_totals (
  post_id      text NOT NULL,
  business_day date NOT NULL,
  visitors     int NOT NULL,
  served       int NOT NULL,
  no_shows     int NOT NULL,
  -- Approved non-test payments: their currencies (sorted) and Σ amount_minor per currency, in that order.
  currencies   text[] NOT NULL,
  fees_minor   bigint[] NOT NULL,
  -- Σ of their quotes' fees in dirhams (payments without a quote are not in it), exact.
  fees_mad     numeric NOT NULL,
  PRIMARY KEY (post_id, business_day)
);
-- The network-wide trends: a range of days for every post.
CREATE INDEX day_totals_by_date ON day_totals (business_day);

-- The backfill: the statement of central/db/day-totals.ts over every (post, day) with tickets or payments.
INSERT INTO day_totals (post_id, business_day, visitors, served, no_shows, currencies, fees_minor, fees_mad)
SELECT d.post_id, d.business_day, t.visitors, t.served, t.no_shows, f.currencies, f.fees_minor, f.fees_mad
FROM (SELECT post_id, business_day FROM proj_tickets UNION SELECT post_id, business_day FROM proj_payments) AS d(post_id, business_day)
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
    WHERE p.business_day = d.business_day AND p.post_id = d.post_id AND p.state IN ('approved', 'settled_approved') AND NOT p.is_test
    GROUP BY p.currency
  ) c
) f;
