// Set-based projections (issue 16): a chunk of events is written with one statement per table, and must leave exactly
// the rows the former one-statement-per-event projection leaves (mode 'row', kept as the reference), on the awkward
// cases: a visit's whole life in one chunk (eTimbre → paid → ticket → called → served), a ticket dropped (expired) and a
// payment aborted in the same chunk, updates of rows a previous chunk created, a state event before its ticket's issue,
// a duplicate issue, a day close and its correction, device faults, and two posts' events stored interleaved.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CentralDb } from '../../central/db/db';
import { projectPending } from '../../central/db/projections';
import { networkDay } from '../../central/db/dashboard';
import type { TestDatabase } from '../support/postgres';
import { centralTestDb, ensureStream } from './dashboard-helpers';

const DAY = '2026-11-30';
const TABLES = ['proj_tickets', 'proj_calls', 'proj_visits', 'proj_payments', 'proj_payment_quotes', 'proj_day_closes', 'proj_day_corrections', 'proj_devices'];

let tdb: TestDatabase;
let db: CentralDb;

type Ev = [kind: string, subject: string | null, payload: unknown];

/** One post's day with every awkward case; `p` is the post id (its tickets' ids start with it). */
function journal(p: string): Ev[] {
  const t = (n: number) => `${p}/${DAY}/A/${n}`;
  const who = { service: 'passport', counter: '2', actor: 'amina' };
  const pay = (n: number) => `${p}-pay-${n}`;
  const intent = (n: number, amountMinor: number) => ({
    kioskId: 'K1',
    terminalId: 'terminal',
    amountMinor,
    currency: 'EUR',
    reference: `ET-${p}-${n}`,
    isTest: false,
    shortRefDay: DAY,
  });
  return [
    ['daemon.started', null, { devices: [{ id: 'printer' }, { id: 'terminal' }] }],
    // A called before its ticket is issued: one by one, an update of a row not there yet does nothing.
    ['queue.ticket.called', t(9), who],
    // Visit 1, its whole life: eTimbre, quote, payment intent → sent → approved, check-in with the ticket, called, served.
    ['etimbre.issued', `ET-${p}-1`, { amountMinor: 16000, currency: 'EUR', services: ['passport'], persons: 2, kioskId: 'K1' }],
    ['checkin.paying', pay(1), { visit: { quote: { lines: [{ unitFeeMad: '860', persons: 2 }] } } }],
    ['payment.intent', pay(1), intent(1, 16000)],
    ['payment.sent', pay(1), {}],
    ['payment.approved', pay(1), {}],
    ['checkin.completed', `ET-${p}-1`, { ticket: t(1) }],
    ['queue.ticket.issued', t(1), { service: 'passport', persons: 2 }],
    ['queue.ticket.called', t(1), who],
    ['queue.ticket.recalled', t(1), who],
    ['queue.ticket.started', t(1), who],
    ['queue.ticket.finished', t(1), who],
    // Visit 2: the quote given twice (the last one counts), the payment aborted, the ticket dropped.
    ['etimbre.issued', `ET-${p}-2`, { amountMinor: 1100, currency: 'EUR', services: ['civil-status'], persons: 1, kioskId: 'K1' }],
    ['checkin.paying', pay(2), { visit: { quote: { lines: [{ unitFeeMad: '100', persons: 1 }] } } }],
    [
      'checkin.paying',
      pay(2),
      {
        visit: {
          quote: {
            lines: [
              { unitFeeMad: '120.5', persons: 1 },
              { unitFeeMad: '10', persons: 3 },
            ],
          },
        },
      },
    ],
    ['payment.intent', pay(2), intent(2, 1100)],
    ['payment.aborted', pay(2), {}],
    ['queue.ticket.issued', t(2), { service: 'civil-status', persons: 1 }],
    ['queue.ticket.expired', t(2), {}],
    // The ticket called before being issued, then issued twice (the second issue changes nothing), then a no-show.
    ['queue.ticket.issued', t(9), { service: 'visa', persons: 1 }],
    ['queue.ticket.issued', t(9), { service: 'passport', persons: 3 }],
    ['queue.ticket.called', t(9), who],
    ['queue.ticket.no-show', t(9), who],
    ['diagnostics.fault', 'printer', { fault: 'paper-out' }],
    // Visit 3 still waiting, its payment approved; a completion with no ticket, then one with.
    ['etimbre.issued', `ET-${p}-3`, { amountMinor: 6000, currency: 'EUR', services: ['visa'], persons: 1, kioskId: 'K1' }],
    ['payment.intent', pay(3), intent(3, 6000)],
    ['payment.approved', pay(3), {}],
    ['checkin.completed', `ET-${p}-3`, {}],
    ['checkin.completed', `ET-${p}-3`, { ticket: t(3) }],
    ['queue.ticket.issued', t(3), { service: 'visa', persons: 1 }],
    ['diagnostics.fault', 'printer', { fault: 'clear' }],
    [
      'day.closed',
      `${DAY}/terminal`,
      {
        businessDay: DAY,
        terminalId: 'terminal',
        currency: 'EUR',
        source: 'log',
        balanced: false,
        terminal: { totalMinor: 22000, count: 2 },
        journal: { totalMinor: 22000, count: 2 },
        by: 'sofia',
      },
    ],
    ['day.closed', `${DAY}/terminal`, { businessDay: DAY, terminalId: 'terminal', currency: 'EUR', source: 'again', balanced: true, by: 'x' }],
    ['day.correction', `${DAY}/terminal`, { paymentId: pay(1), amountMinor: -100, note: 'refund', by: 'sofia' }],
    // Later updates of rows the earlier events created (in another chunk when chunks are small).
    ['queue.ticket.transferred', t(1), who],
    ['queue.ticket.called', t(3), who],
    ['payment.settled-approved', pay(1), {}],
    ['not-json', null, '{'],
  ];
}

/** Both posts' journals stored interleaved, as two posts' batches arrive at the same time. */
async function store(): Promise<number> {
  const posts = ['FR-PAR', 'BE-BRU'];
  for (const p of posts) await ensureStream(db, p);
  await db.query('SELECT ensure_event_partition($1::date)', [`${DAY.slice(0, 7)}-01`]);
  const js = posts.map(journal);
  const at0 = Date.parse(`${DAY}T09:00:00Z`);
  for (let i = 0; i < js[0]!.length; i++)
    for (const [k, p] of posts.entries()) {
      const [kind, subject, payload] = js[k]![i]!;
      await db.query(`INSERT INTO events (post_id, origin, id, at, kind, subject, payload, hash) VALUES ($1, 'post', $2, $3, $4, $5, $6, '\\x00')`, [
        p,
        i + 1,
        new Date(at0 + i * 60_000 + k * 1000),
        kind,
        subject,
        typeof payload === 'string' ? payload : JSON.stringify(payload),
      ]);
    }
  return js[0]!.length * posts.length;
}

async function snapshot(): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of TABLES) out[t] = (await db.query(`SELECT * FROM ${t} ORDER BY 1, 2, 3`)).rows;
  return out;
}

async function reset(): Promise<void> {
  await db.query(`TRUNCATE ${TABLES.join(', ')}, projection_cursors`);
}

/** Statements the pool's clients run while `fn` runs. */
async function statements(fn: () => Promise<unknown>): Promise<number> {
  let count = 0;
  const wrap = (client: { query: (...a: unknown[]) => unknown; counted?: boolean }) => {
    if (client.counted) return;
    client.counted = true;
    const query = client.query.bind(client);
    client.query = (...a: unknown[]) => {
      count++;
      return query(...a);
    };
  };
  const onAcquire = (c: unknown) => wrap(c as Parameters<typeof wrap>[0]);
  db.on('acquire', onAcquire);
  try {
    await fn();
  } finally {
    db.off('acquire', onAcquire);
  }
  return count;
}

let total = 0;
let reference: Record<string, unknown[]>;
beforeAll(async () => {
  ({ tdb, db } = await centralTestDb('proj_batch'));
  total = await store();
  await projectPending(db, { mode: 'row', max: 100_000 });
  reference = await snapshot();
}, 60_000);
afterAll(async () => {
  await db?.end();
  await tdb?.drop();
});

describe('set-based projections', () => {
  it('the row-by-row reference holds the hand-computed figures', () => {
    const tickets = reference.proj_tickets as Array<Record<string, unknown>>;
    const par = (n: number) => tickets.find((t) => t.post_id === 'FR-PAR' && t.ticket_id === `FR-PAR/${DAY}/A/${n}`)!;
    expect(par(1)).toMatchObject({ state: 'waiting', served: 1, no_shows: 0, persons: 2 });
    expect(par(1).first_called_at).toEqual(new Date(Date.parse(`${DAY}T09:00:00Z`) + 9 * 60_000));
    expect(par(2)).toMatchObject({ state: 'expired', served: 0, first_called_at: null });
    expect(par(9)).toMatchObject({ state: 'no-show', no_shows: 1, service: 'visa', persons: 1 });
    expect(par(3)).toMatchObject({ state: 'called' });
    const pay = (reference.proj_payments as Array<Record<string, unknown>>).filter((x) => x.post_id === 'FR-PAR').map((x) => [x.payment_id, x.state]);
    expect(pay).toEqual([
      ['FR-PAR-pay-1', 'settled_approved'],
      ['FR-PAR-pay-2', 'aborted'],
      ['FR-PAR-pay-3', 'approved'],
    ]);
    const quotes = (reference.proj_payment_quotes as Array<Record<string, unknown>>).filter((x) => x.post_id === 'FR-PAR').map((x) => x.fee_mad);
    expect(quotes).toEqual(['1720', '150.5']);
    const visit3 = (reference.proj_visits as Array<Record<string, unknown>>).find((v) => v.reference === 'ET-FR-PAR-3')!;
    expect(visit3.ticket).toBe(`FR-PAR/${DAY}/A/3`);
    expect((reference.proj_day_closes as Array<Record<string, unknown>>).map((c) => [c.post_id, c.source])).toEqual([
      ['BE-BRU', 'log'],
      ['FR-PAR', 'log'],
    ]);
    expect(reference.proj_calls).toHaveLength(2 * 5);
  });

  for (const chunk of [1000, 7, 1])
    it(`leave exactly the row-by-row rows, in chunks of ${chunk} events, and a second run changes nothing`, async () => {
      await reset();
      const r = await projectPending(db, { chunk, max: 100_000 });
      expect(r).toEqual({ events: total, streams: 2, more: false });
      expect(await snapshot()).toEqual(reference);
      expect(await projectPending(db, { chunk, max: 100_000 })).toEqual({ events: 0, streams: 0, more: false });
      expect(await snapshot()).toEqual(reference);
      const net = await networkDay(db, { now: new Date(`${DAY}T18:00:00Z`), day: DAY });
      expect(net.posts.map((p) => [p.postId, p.visitors, p.served, p.noShows, p.waiting, p.feesMad])).toEqual([
        ['BE-BRU', 4, 1, 1, 1, '1720'],
        ['FR-PAR', 4, 1, 1, 1, '1720'],
      ]);
    });

  it('write a chunk with one statement per table, not one per event', async () => {
    await reset();
    const n = await statements(() => projectPending(db, { chunk: 1000, max: 100_000 }));
    // Per stream: BEGIN, cursor insert, lock, read, ≤ 12 table statements, device statements (3 events), cursor move, COMMIT.
    expect(n).toBeLessThan(2 * 30);
    expect(await snapshot()).toEqual(reference);
  });
});
