// What the hub's diagnostics page reads of the post's number blocks (migration 016).
import type { Db } from './db';
import { prepared } from './statements';

export interface LeasedBlock {
  kiosk: string;
  prefix: string;
  first: number;
  last: number;
  leasedAt: string;
}

/** Every block leased for one business day of one consulate, per kiosk and prefix in lease order. */
export function blocksLeasedOn(db: Db, consulate: string, businessDay: string): LeasedBlock[] {
  return prepared(
    db,
    `SELECT kiosk, prefix, first, last, leased_at AS leasedAt FROM post_number_blocks
     WHERE consulate = ? AND business_day = ? ORDER BY kiosk, prefix, first`,
  ).all(consulate, businessDay) as LeasedBlock[];
}
