// The journal counts of the technician's support bundle (server/diagnostics/bundle.ts): aggregates only,
// no personal data.
import type { Db } from './db';

export interface JournalCounts {
  eventsByKind: Array<{ kind: string; n: number; last: string }>;
  paymentsByState: Array<{ state: string; isTest: number; n: number; amountMinor: number; currency: string }>;
  printJobsByState: Array<{ state: string; kind: string; n: number }>;
}

export function journalCounts(db: Db): JournalCounts {
  return {
    eventsByKind: db.prepare('SELECT kind, count(*) AS n, max(at) AS last FROM events GROUP BY kind ORDER BY kind').all() as JournalCounts['eventsByKind'],
    paymentsByState: db
      .prepare(
        `SELECT state, is_test AS isTest, count(*) AS n, sum(amount_minor) AS amountMinor, currency
         FROM payments GROUP BY state, is_test, currency ORDER BY state`,
      )
      .all() as JournalCounts['paymentsByState'],
    printJobsByState: db
      .prepare('SELECT state, kind, count(*) AS n FROM print_jobs GROUP BY state, kind ORDER BY state')
      .all() as JournalCounts['printJobsByState'],
  };
}
