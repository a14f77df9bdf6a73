// Projects each stream's raw events into the ministry's tables (issue 16; migration 004). Per stream, in one
// transaction: lock its cursor row (FOR UPDATE: a second projector waits, then sees the moved cursor), read the
// events after it in id order, apply them, move the cursor. An event is therefore projected exactly once, a crash
// loses nothing (the transaction is rolled back, the cursor with it), and two callers never double-count.
import { foldOps } from '../projections/fold';
import { opsOf, type Op, type RawEvent, type Stream } from '../projections/ops';
import { touchedRows } from '../projections/touched';
import { inTransaction, type CentralClient, type CentralDb } from './db';
import { refreshDayTotals } from './day-totals';

export interface ProjectOptions {
  /** At most this many events in this call (all streams together); the rest is left for the next call. */
  max?: number;
  /** Only this post's streams (the ingest passes the post whose batch it just stored). */
  postId?: string;
  /** Events read and applied per transaction. */
  chunk?: number;
  /** 'set' (default): one statement per table per chunk; 'row': one per operation, the former way (bench baseline, tests' reference). */
  mode?: 'set' | 'row';
}

export interface ProjectResult {
  events: number;
  streams: number;
  /** True when `max` stopped it before every stream was up to date. */
  more: boolean;
}

/** Device operations one by one, in order: a replace deletes, an upsert keeps `since` while the status holds. */
async function applyDevices(c: CentralClient, s: Stream, o: Extract<Op, { op: 'devices' }>): Promise<void> {
  if (o.replace) await c.query('DELETE FROM proj_devices WHERE post_id = $1 AND kiosk_id = $2', [s.postId, o.kioskId]);
  for (const d of o.devices)
    await c.query(
      `INSERT INTO proj_devices (post_id, kiosk_id, device_id, kind, status, detail, paper, since) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (post_id, kiosk_id, device_id) DO UPDATE SET kind = coalesce(excluded.kind, proj_devices.kind), status = excluded.status,
         detail = excluded.detail, paper = excluded.paper,
         since = CASE WHEN proj_devices.status = excluded.status THEN proj_devices.since ELSE excluded.since END`,
      [s.postId, o.kioskId, d.deviceId, d.kind, d.status, d.detail, d.paper, d.since],
    );
}

/** One operation, one statement: the projection before it was set-based, kept as the bench's baseline and the tests' reference. */
async function applyOne(c: CentralClient, s: Stream, o: Op): Promise<void> {
  const k = [s.postId, s.origin];
  switch (o.op) {
    case 'ticket-issued':
      await c.query(
        `INSERT INTO proj_tickets (post_id, origin, ticket_id, business_day, service, persons, issued_at, state, state_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'waiting', $7) ON CONFLICT (post_id, ticket_id) DO NOTHING`,
        [...k, o.ticketId, o.businessDay, o.service, o.persons, o.at],
      );
      return;
    case 'ticket-call':
      await c.query(
        `INSERT INTO proj_calls (post_id, origin, event_id, ticket_id, at, kind, counter, service) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT DO NOTHING`,
        [...k, o.eventId, o.ticketId, o.at, o.kind, o.counter, o.service],
      );
      if (o.kind === 'called')
        await c.query('UPDATE proj_tickets SET first_called_at = coalesce(first_called_at, $3) WHERE post_id = $1 AND ticket_id = $2', [
          s.postId,
          o.ticketId,
          o.at,
        ]);
      return;
    case 'ticket-state':
      await c.query(`UPDATE proj_tickets SET state = $3, state_at = $4, served = served + $5, no_shows = no_shows + $6 WHERE post_id = $1 AND ticket_id = $2`, [
        s.postId,
        o.ticketId,
        o.state,
        o.at,
        o.served ? 1 : 0,
        o.noShow ? 1 : 0,
      ]);
      return;
    case 'visit-issued':
      await c.query(
        `INSERT INTO proj_visits (post_id, origin, reference, issued_at, services, persons, amount_minor, currency) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (post_id, reference) DO NOTHING`,
        [...k, o.reference, o.at, o.services, o.persons, o.amountMinor, o.currency],
      );
      return;
    case 'visit-completed':
      await c.query('UPDATE proj_visits SET completed_at = coalesce(completed_at, $3), ticket = coalesce(ticket, $4) WHERE post_id = $1 AND reference = $2', [
        s.postId,
        o.reference,
        o.at,
        o.ticket,
      ]);
      return;
    case 'payment-quote':
      await c.query(
        `INSERT INTO proj_payment_quotes (post_id, origin, payment_id, fee_mad)
         SELECT $1, $2, $3, sum(f::numeric * n) FROM unnest($4::text[], $5::int[]) AS q(f, n)
         ON CONFLICT (post_id, origin, payment_id) DO UPDATE SET fee_mad = excluded.fee_mad`,
        [...k, o.paymentId, o.feesMad, o.persons],
      );
      return;
    case 'payment-intent':
      await c.query(
        `INSERT INTO proj_payments (post_id, origin, payment_id, kiosk_id, terminal_id, business_day, created_at, amount_minor, currency, reference,
                                    is_test, state, state_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'intent', $7) ON CONFLICT DO NOTHING`,
        [...k, o.paymentId, o.kioskId, o.terminalId, o.businessDay, o.at, o.amountMinor, o.currency, o.reference, o.isTest],
      );
      return;
    case 'payment-state':
      await c.query('UPDATE proj_payments SET state = $4, state_at = $5 WHERE post_id = $1 AND origin = $2 AND payment_id = $3', [
        ...k,
        o.paymentId,
        o.state,
        o.at,
      ]);
      return;
    case 'day-closed':
      await c.query(
        `INSERT INTO proj_day_closes (post_id, origin, business_day, terminal_id, currency, source, balanced, terminal_total_minor, terminal_count,
                                      journal_total_minor, journal_count, closed_by, closed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT DO NOTHING`,
        [
          ...k,
          o.businessDay,
          o.terminalId,
          o.currency,
          o.source,
          o.balanced,
          o.terminal.totalMinor,
          o.terminal.count,
          o.journal.totalMinor,
          o.journal.count,
          o.by,
          o.at,
        ],
      );
      return;
    case 'day-correction':
      await c.query(
        `INSERT INTO proj_day_corrections (post_id, origin, event_id, business_day, terminal_id, payment_id, amount_minor, note, by, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
        [...k, o.eventId, o.businessDay, o.terminalId, o.paymentId, o.amountMinor, o.note, o.by, o.at],
      );
      return;
    case 'devices':
      await applyDevices(c, s, o);
      return;
  }
}

const col = <T, V>(xs: readonly T[], f: (x: T) => V): V[] => xs.map(f);

/**
 * Applies a chunk's operations with one statement per table (ops folded per row by foldOps: see fold.ts for why
 * updating existing rows first, then inserting new ones with their later updates applied, equals applying them in order).
 */
async function applyBatch(c: CentralClient, s: Stream, ops: Op[]): Promise<void> {
  const b = foldOps(ops);
  const tickets = [...b.tickets.entries()];
  const updT = tickets.filter(([, f]) => f.updated);
  if (updT.length)
    await c.query(
      `UPDATE proj_tickets t SET first_called_at = coalesce(t.first_called_at, u.fc), state = coalesce(u.st, t.state), state_at = coalesce(u.sa, t.state_at),
              served = t.served + u.sv, no_shows = t.no_shows + u.ns
       FROM unnest($2::text[], $3::timestamptz[], $4::text[], $5::timestamptz[], $6::int[], $7::int[]) AS u(id, fc, st, sa, sv, ns)
       WHERE t.post_id = $1 AND t.ticket_id = u.id`,
      [
        s.postId,
        col(updT, ([id]) => id),
        col(updT, ([, f]) => f.all.firstCalledAt),
        col(updT, ([, f]) => f.all.state),
        col(updT, ([, f]) => f.all.stateAt),
        col(updT, ([, f]) => f.all.served),
        col(updT, ([, f]) => f.all.noShows),
      ],
    );
  const newT = tickets.flatMap(([, f]) => (f.insert ? [{ i: f.insert, e: f.fresh }] : []));
  if (newT.length)
    await c.query(
      `INSERT INTO proj_tickets (post_id, origin, ticket_id, business_day, service, persons, issued_at, first_called_at, state, state_at, served, no_shows)
       SELECT $1, $2, u.id, u.day, u.service, u.persons, u.at, u.fc, coalesce(u.st, 'waiting'), coalesce(u.sa, u.at), u.sv, u.ns
       FROM unnest($3::text[], $4::date[], $5::text[], $6::int[], $7::timestamptz[], $8::timestamptz[], $9::text[], $10::timestamptz[], $11::int[], $12::int[])
         AS u(id, day, service, persons, at, fc, st, sa, sv, ns)
       ON CONFLICT (post_id, ticket_id) DO NOTHING`,
      [
        s.postId,
        s.origin,
        col(newT, (x) => x.i.ticketId),
        col(newT, (x) => x.i.businessDay),
        col(newT, (x) => x.i.service),
        col(newT, (x) => x.i.persons),
        col(newT, (x) => x.i.at),
        col(newT, (x) => x.e.firstCalledAt),
        col(newT, (x) => x.e.state),
        col(newT, (x) => x.e.stateAt),
        col(newT, (x) => x.e.served),
        col(newT, (x) => x.e.noShows),
      ],
    );
  if (b.calls.length)
    await c.query(
      `INSERT INTO proj_calls (post_id, origin, event_id, ticket_id, at, kind, counter, service)
       SELECT $1, $2, u.* FROM unnest($3::bigint[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::text[]) AS u
       ON CONFLICT DO NOTHING`,
      [
        s.postId,
        s.origin,
        col(b.calls, (x) => x.eventId),
        col(b.calls, (x) => x.ticketId),
        col(b.calls, (x) => x.at),
        col(b.calls, (x) => x.kind),
        col(b.calls, (x) => x.counter),
        col(b.calls, (x) => x.service),
      ],
    );

  const visits = [...b.visits.entries()];
  const updV = visits.filter(([, f]) => f.updated);
  if (updV.length)
    await c.query(
      `UPDATE proj_visits v SET completed_at = coalesce(v.completed_at, u.ca), ticket = coalesce(v.ticket, u.tk)
       FROM unnest($2::text[], $3::timestamptz[], $4::text[]) AS u(ref, ca, tk) WHERE v.post_id = $1 AND v.reference = u.ref`,
      [s.postId, col(updV, ([r]) => r), col(updV, ([, f]) => f.all.completedAt), col(updV, ([, f]) => f.all.ticket)],
    );
  const newV = visits.flatMap(([, f]) => (f.insert ? [{ i: f.insert, e: f.fresh }] : []));
  if (newV.length)
    await c.query(
      `INSERT INTO proj_visits (post_id, origin, reference, issued_at, services, persons, amount_minor, currency, completed_at, ticket)
       SELECT $1, $2, u.* FROM unnest($3::text[], $4::timestamptz[], $5::text[], $6::int[], $7::bigint[], $8::text[], $9::timestamptz[], $10::text[]) AS u
       ON CONFLICT (post_id, reference) DO NOTHING`,
      [
        s.postId,
        s.origin,
        col(newV, (x) => x.i.reference),
        col(newV, (x) => x.i.at),
        col(newV, (x) => x.i.services),
        col(newV, (x) => x.i.persons),
        col(newV, (x) => x.i.amountMinor),
        col(newV, (x) => x.i.currency),
        col(newV, (x) => x.e.completedAt),
        col(newV, (x) => x.e.ticket),
      ],
    );

  const quotes = [...b.quotes.values()];
  if (quotes.length) {
    const lines = quotes.flatMap((q) => q.feesMad.map((f, i) => ({ id: q.paymentId, f, n: q.persons[i]! })));
    await c.query(
      `INSERT INTO proj_payment_quotes (post_id, origin, payment_id, fee_mad)
       SELECT $1, $2, u.id, sum(u.f::numeric * u.n) FROM unnest($3::text[], $4::text[], $5::int[]) AS u(id, f, n) GROUP BY u.id
       ON CONFLICT (post_id, origin, payment_id) DO UPDATE SET fee_mad = excluded.fee_mad`,
      [s.postId, s.origin, col(lines, (l) => l.id), col(lines, (l) => l.f), col(lines, (l) => l.n)],
    );
  }

  const payments = [...b.payments.entries()];
  const updP = payments.filter(([, f]) => f.updated);
  if (updP.length)
    await c.query(
      `UPDATE proj_payments p SET state = u.st, state_at = u.sa FROM unnest($3::text[], $4::text[], $5::timestamptz[]) AS u(id, st, sa)
       WHERE p.post_id = $1 AND p.origin = $2 AND p.payment_id = u.id`,
      [s.postId, s.origin, col(updP, ([id]) => id), col(updP, ([, f]) => f.all.state), col(updP, ([, f]) => f.all.stateAt)],
    );
  const newP = payments.flatMap(([, f]) => (f.insert ? [{ i: f.insert, e: f.fresh }] : []));
  if (newP.length)
    await c.query(
      `INSERT INTO proj_payments (post_id, origin, payment_id, kiosk_id, terminal_id, business_day, created_at, amount_minor, currency, reference,
                                  is_test, state, state_at)
       SELECT $1, $2, u.id, u.kiosk, u.terminal, u.day, u.at, u.amount, u.currency, u.ref, u.test, coalesce(u.st, 'intent'), coalesce(u.sa, u.at)
       FROM unnest($3::text[], $4::text[], $5::text[], $6::date[], $7::timestamptz[], $8::bigint[], $9::text[], $10::text[], $11::boolean[], $12::text[],
                   $13::timestamptz[]) AS u(id, kiosk, terminal, day, at, amount, currency, ref, test, st, sa)
       ON CONFLICT DO NOTHING`,
      [
        s.postId,
        s.origin,
        col(newP, (x) => x.i.paymentId),
        col(newP, (x) => x.i.kioskId),
        col(newP, (x) => x.i.terminalId),
        col(newP, (x) => x.i.businessDay),
        col(newP, (x) => x.i.at),
        col(newP, (x) => x.i.amountMinor),
        col(newP, (x) => x.i.currency),
        col(newP, (x) => x.i.reference),
        col(newP, (x) => x.i.isTest),
        col(newP, (x) => x.e.state),
        col(newP, (x) => x.e.stateAt),
      ],
    );

  const closes = [...b.closes.values()];
  if (closes.length)
    await c.query(
      `INSERT INTO proj_day_closes (post_id, origin, business_day, terminal_id, currency, source, balanced, terminal_total_minor, terminal_count,
                                    journal_total_minor, journal_count, closed_by, closed_at)
       SELECT $1, $2, u.* FROM unnest($3::date[], $4::text[], $5::text[], $6::text[], $7::boolean[], $8::bigint[], $9::int[], $10::bigint[], $11::int[],
                                      $12::text[], $13::timestamptz[]) AS u
       ON CONFLICT DO NOTHING`,
      [
        s.postId,
        s.origin,
        col(closes, (x) => x.businessDay),
        col(closes, (x) => x.terminalId),
        col(closes, (x) => x.currency),
        col(closes, (x) => x.source),
        col(closes, (x) => x.balanced),
        col(closes, (x) => x.terminal.totalMinor),
        col(closes, (x) => x.terminal.count),
        col(closes, (x) => x.journal.totalMinor),
        col(closes, (x) => x.journal.count),
        col(closes, (x) => x.by),
        col(closes, (x) => x.at),
      ],
    );
  const corrections = [...b.corrections.values()];
  if (corrections.length)
    await c.query(
      `INSERT INTO proj_day_corrections (post_id, origin, event_id, business_day, terminal_id, payment_id, amount_minor, note, by, at)
       SELECT $1, $2, u.* FROM unnest($3::bigint[], $4::date[], $5::text[], $6::text[], $7::bigint[], $8::text[], $9::text[], $10::timestamptz[]) AS u
       ON CONFLICT DO NOTHING`,
      [
        s.postId,
        s.origin,
        col(corrections, (x) => x.eventId),
        col(corrections, (x) => x.businessDay),
        col(corrections, (x) => x.terminalId),
        col(corrections, (x) => x.paymentId),
        col(corrections, (x) => x.amountMinor),
        col(corrections, (x) => x.note),
        col(corrections, (x) => x.by),
        col(corrections, (x) => x.at),
      ],
    );
  for (const d of b.devices) await applyDevices(c, s, d);
}

/** Projects up to `limit` events of one stream after its cursor, in one transaction; returns how many. */
async function projectStream(db: CentralDb, s: Stream, limit: number, mode: 'set' | 'row'): Promise<number> {
  return inTransaction(db, async (c) => {
    await c.query('INSERT INTO projection_cursors (post_id, origin) VALUES ($1, $2) ON CONFLICT DO NOTHING', [s.postId, s.origin]);
    const cur = await c.query<{ through: string }>(
      'SELECT projected_through AS through FROM projection_cursors WHERE post_id = $1 AND origin = $2 FOR UPDATE',
      [s.postId, s.origin],
    );
    const through = Number(cur.rows[0]!.through);
    const rows = await c.query<{ id: string; at: Date; kind: string; subject: string | null; payload: string }>(
      'SELECT id, at, kind, subject, payload FROM events WHERE post_id = $1 AND origin = $2 AND id > $3 ORDER BY id LIMIT $4',
      [s.postId, s.origin, through, limit],
    );
    if (rows.rows.length === 0) return 0;
    const ops = rows.rows.flatMap((r) => opsOf(s, { ...r, id: Number(r.id) } satisfies RawEvent));
    if (mode === 'set') await applyBatch(c, s, ops);
    else for (const op of ops) await applyOne(c, s, op);
    // The trends' totals of the days these rows belong to, recomputed after the writes, in both modes alike.
    await refreshDayTotals(c, { postId: s.postId, origin: s.origin, ...touchedRows(ops) });
    await c.query('UPDATE projection_cursors SET projected_through = $3, projected_at = now() WHERE post_id = $1 AND origin = $2', [
      s.postId,
      s.origin,
      Number(rows.rows[rows.rows.length - 1]!.id),
    ]);
    return rows.rows.length;
  });
}

/**
 * Projects what was stored since the last call, stream by stream. The ingest calls it after each batch it stores
 * (`await projectPending(db, { postId, max: 10_000 })`); safe to call from several connections at once.
 */
export async function projectPending(db: CentralDb, o: ProjectOptions = {}): Promise<ProjectResult> {
  const max = o.max ?? 10_000;
  const chunk = Math.max(1, Math.min(o.chunk ?? 1000, max));
  const streams = await db.query<{ postId: string; origin: string }>(
    `SELECT DISTINCT post_id AS "postId", origin FROM (
       SELECT post_id, origin FROM streams UNION ALL SELECT post_id, origin FROM projection_cursors
     ) s WHERE $1::text IS NULL OR post_id = $1 ORDER BY 1, 2`,
    [o.postId ?? null],
  );
  let events = 0;
  let touched = 0;
  for (const s of streams.rows) {
    let n = 0;
    for (;;) {
      if (events >= max) return { events, streams: touched, more: true };
      const got = await projectStream(db, s, Math.min(chunk, max - events), o.mode ?? 'set');
      events += got;
      n += got;
      if (got === 0) break;
    }
    if (n > 0) touched++;
  }
  return { events, streams: touched, more: false };
}
