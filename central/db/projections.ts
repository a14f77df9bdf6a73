// Projects each stream's raw events into the ministry's tables (issue 16; migration 004). Per stream, in one
// transaction: lock its cursor row (FOR UPDATE: a second projector waits, then sees the moved cursor), read the
// events after it in id order, apply them, move the cursor. An event is therefore projected exactly once, a crash
// loses nothing (the transaction is rolled back, the cursor with it), and two callers never double-count.
import { opsOf, type Op, type RawEvent, type Stream } from '../projections/ops';
import { inTransaction, type CentralClient, type CentralDb } from './db';

export interface ProjectOptions {
  /** At most this many events in this call (all streams together); the rest is left for the next call. */
  max?: number;
  /** Only this post's streams (the ingest passes the post whose batch it just stored). */
  postId?: string;
  /** Events read and applied per transaction. */
  chunk?: number;
}

export interface ProjectResult {
  events: number;
  streams: number;
  /** True when `max` stopped it before every stream was up to date. */
  more: boolean;
}

async function apply(c: CentralClient, s: Stream, o: Op): Promise<void> {
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
      if (o.replace) await c.query('DELETE FROM proj_devices WHERE post_id = $1 AND kiosk_id = $2', [s.postId, o.kioskId]);
      for (const d of o.devices)
        await c.query(
          `INSERT INTO proj_devices (post_id, kiosk_id, device_id, kind, status, detail, paper, since) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (post_id, kiosk_id, device_id) DO UPDATE SET kind = coalesce(excluded.kind, proj_devices.kind), status = excluded.status,
             detail = excluded.detail, paper = excluded.paper,
             since = CASE WHEN proj_devices.status = excluded.status THEN proj_devices.since ELSE excluded.since END`,
          [s.postId, o.kioskId, d.deviceId, d.kind, d.status, d.detail, d.paper, d.since],
        );
      return;
  }
}

/** Projects up to `limit` events of one stream after its cursor, in one transaction; returns how many. */
async function projectStream(db: CentralDb, s: Stream, limit: number): Promise<number> {
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
    for (const r of rows.rows) {
      const e: RawEvent = { ...r, id: Number(r.id) };
      for (const op of opsOf(s, e)) await apply(c, s, op);
    }
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
      const got = await projectStream(db, s, Math.min(chunk, max - events));
      events += got;
      n += got;
      if (got === 0) break;
    }
    if (n > 0) touched++;
  }
  return { events, streams: touched, more: false };
}
