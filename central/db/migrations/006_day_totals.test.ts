import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/postgres';
import { openCentralDb, type CentralDb } from '../db';
import { rebuildDayTotals } from '../day-totals';
import { loadCentralMigrations, migrateCentral } from '../migrations';

// The one place this migration's number is written (the coordinator renumbers at merge).
const VERSION = 6;

let tdb: TestDatabase;
let db: CentralDb;
beforeAll(async () => {
  tdb = await createTestDatabase('mig_day_totals');
  const opened = await openCentralDb({ url: tdb.url });
  if (!opened.ok) throw new Error(opened.detail);
  db = opened.db;
});
afterAll(async () => {
  await db?.end();
  await tdb?.drop();
});

/** Projected rows as the previous version left them: two posts, two days, two currencies, every payment state that counts or not. */
async function projected(): Promise<void> {
  const ticket = (post: string, day: string, n: number, served: number, noShows: number) =>
    db.query(
      `INSERT INTO proj_tickets (post_id, ticket_id, origin, business_day, service, persons, issued_at, state, state_at, served, no_shows)
       VALUES ($1, $1 || '/' || $2 || '/A/' || $3, 'post', $2::date, 'passport', 1, $2::date + interval '9 hours', 'finished',
               $2::date + interval '10 hours', $4, $5)`,
      [post, day, n, served, noShows],
    );
  await ticket('FR-PAR', '2026-11-29', 1, 1, 0);
  await ticket('FR-PAR', '2026-11-29', 2, 0, 1);
  await ticket('FR-PAR', '2026-11-29', 3, 0, 0);
  await ticket('FR-PAR', '2026-11-30', 1, 2, 0); // a ticket served twice (transferred, then served again)
  await ticket('BE-BRU', '2026-11-30', 1, 1, 0);
  const payment = (post: string, id: string, day: string, amount: number, currency: string, state: string, isTest: boolean, feeMad: string | null) =>
    db
      .query(
        `INSERT INTO proj_payments (post_id, origin, payment_id, kiosk_id, terminal_id, business_day, created_at, amount_minor, currency, reference, is_test,
                                    state, state_at)
         VALUES ($1, 'post', $2, 'K1', 'terminal', $3::date, $3::date + interval '9 hours', $4, $5, NULL, $6, $7, $3::date + interval '9 hours')`,
        [post, id, day, amount, currency, isTest, state],
      )
      .then(() =>
        feeMad === null
          ? undefined
          : db.query(`INSERT INTO proj_payment_quotes (post_id, origin, payment_id, fee_mad) VALUES ($1, 'post', $2, $3)`, [post, id, feeMad]),
      );
  await payment('FR-PAR', 'p1', '2026-11-29', 16000, 'EUR', 'approved', false, '1720');
  await payment('FR-PAR', 'p2', '2026-11-29', 1100, 'EUR', 'settled_approved', false, '150.5');
  await payment('FR-PAR', 'p3', '2026-11-29', 5000, 'USD', 'approved', false, null); // no quote: in its currency, not in dirhams
  await payment('FR-PAR', 'p4', '2026-11-29', 9999, 'EUR', 'declined', false, '99');
  await payment('FR-PAR', 'p5', '2026-11-29', 7777, 'EUR', 'approved', true, '77');
  await payment('BE-BRU', 'p1', '2026-11-28', 3000, 'EUR', 'aborted', false, '300'); // a day with a payment but nothing taken
}

const totals = async () =>
  (
    await db.query(
      `SELECT post_id, to_char(business_day, 'YYYY-MM-DD') AS day, visitors, served, no_shows, currencies, fees_minor, fees_mad::text AS mad
       FROM day_totals ORDER BY 1, 2`,
    )
  ).rows;

describe(`central migration ${VERSION}: per post and day totals for the trends`, () => {
  it('is numbered in its place', () => {
    expect(loadCentralMigrations().find((m) => m.version === VERSION)?.name).toBe('day_totals');
  });

  it('fills the totals of every (post, day) from the projected rows of a database of the previous version', async () => {
    expect(await migrateCentral(db, loadCentralMigrations(), VERSION - 1)).toMatchObject({ to: VERSION - 1 });
    await projected();
    expect(await migrateCentral(db, loadCentralMigrations(), VERSION)).toEqual({ from: VERSION - 1, to: VERSION });
    const filled = await totals();
    expect(filled).toEqual([
      { post_id: 'BE-BRU', day: '2026-11-28', visitors: 0, served: 0, no_shows: 0, currencies: [], fees_minor: [], mad: '0' },
      { post_id: 'BE-BRU', day: '2026-11-30', visitors: 1, served: 1, no_shows: 0, currencies: [], fees_minor: [], mad: '0' },
      { post_id: 'FR-PAR', day: '2026-11-29', visitors: 3, served: 1, no_shows: 1, currencies: ['EUR', 'USD'], fees_minor: ['17100', '5000'], mad: '1870.5' },
      { post_id: 'FR-PAR', day: '2026-11-30', visitors: 1, served: 2, no_shows: 0, currencies: [], fees_minor: [], mad: '0' },
    ]);
    // The migration's copy of the statement and the projections' own (central/db/day-totals.ts) agree.
    await db.query('TRUNCATE day_totals');
    await rebuildDayTotals(db);
    expect(await totals()).toEqual(filled);
  });
});
