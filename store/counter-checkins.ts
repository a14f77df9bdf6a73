// Appointments checked in at a counter (issue 18 item 5, migration 027): the ticket the counter issued and how the fee
// was settled (paid on the counter's own terminal, exempt, or free). Written in the commit that claims the token and
// issues the ticket (server/appointment/reception.ts). And the other way: which ticket a kiosk gave a token.
import type { Db } from './db';
import { appendEvent } from './events';
import { prepared } from './statements';
import type { FeeRecord } from '../domain/appointment/reception';

export interface CounterCheckIn {
  tokenId: string;
  ticketId: string;
  ticketNumber: string;
  service: string;
  persons: number;
  counter: string;
  by: string;
  at: string;
  fee: FeeRecord;
}

interface Row {
  token_id: string;
  ticket_id: string;
  ticket_number: string;
  service: string;
  persons: number;
  counter: string;
  by_user: string;
  at: string;
  fee_kind: FeeRecord['kind'];
  amount_minor: number;
  currency: string;
  reference: string | null;
  exempt_reason: string | null;
}

function feeOf(r: Row): FeeRecord {
  if (r.fee_kind === 'paid') return { kind: 'paid', amountMinor: r.amount_minor, currency: r.currency, reference: r.reference ?? '' };
  if (r.fee_kind === 'exempt') return { kind: 'exempt', amountMinor: r.amount_minor, currency: r.currency, reason: r.exempt_reason ?? '' };
  return { kind: 'free', amountMinor: 0, currency: r.currency };
}

/** Inside the caller's commit (the token's claim and the ticket's issue): the row and its journal event, with who. */
export function recordCounterCheckIn(db: Db, c: CounterCheckIn): void {
  const f = c.fee;
  prepared(
    db,
    `INSERT INTO counter_checkins
       (token_id, ticket_id, ticket_number, service, persons, counter, by_user, at, fee_kind, amount_minor, currency, reference, exempt_reason)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    c.tokenId,
    c.ticketId,
    c.ticketNumber,
    c.service,
    c.persons,
    c.counter,
    c.by,
    c.at,
    f.kind,
    f.amountMinor,
    f.currency,
    f.kind === 'paid' ? f.reference : null,
    f.kind === 'exempt' ? f.reason : null,
  );
  // The fee record goes into the chained journal too: a reference or a waiver cannot be changed afterwards unseen.
  appendEvent(db, {
    kind: 'reception.checked-in',
    subject: c.tokenId,
    payload: { ticketId: c.ticketId, number: c.ticketNumber, service: c.service, persons: c.persons, counter: c.counter, by: c.by, fee: f },
    at: new Date(c.at),
  });
}

export function counterCheckInOf(db: Db, tokenId: string): CounterCheckIn | undefined {
  const r = prepared(db, 'SELECT * FROM counter_checkins WHERE token_id = ?').get(tokenId) as Row | undefined;
  return (
    r && {
      tokenId: r.token_id,
      ticketId: r.ticket_id,
      ticketNumber: r.ticket_number,
      service: r.service,
      persons: r.persons,
      counter: r.counter,
      by: r.by_user,
      at: r.at,
      fee: feeOf(r),
    }
  );
}

/**
 * The ticket number a kiosk gave the visit of a token: its `checkin.ticket-issued` names the token (since issue 18
 * item 5), else the visit's eTimbre reference names the appointment the used-token row holds. Null: no ticket yet
 * (the visitor is still at the kiosk, or left before paying while the claim stands).
 */
export function kioskTicketOfToken(db: Db, tokenId: string): string | null {
  const direct = prepared(
    db,
    "SELECT payload FROM events WHERE kind = 'checkin.ticket-issued' AND json_extract(payload, '$.tokenId') = ? ORDER BY id DESC LIMIT 1",
  ).get(tokenId) as { payload: string } | undefined;
  const viaReference = () =>
    prepared(
      db,
      `SELECT e.payload FROM appointment_tokens_used u JOIN etimbre_references r ON r.appointment_id = u.appointment_id
       JOIN events e ON e.kind = 'checkin.ticket-issued' AND json_extract(e.payload, '$.etimbreReference') = r.reference
       WHERE u.token_id = ? AND u.appointment_id IS NOT NULL ORDER BY e.id DESC LIMIT 1`,
    ).get(tokenId) as { payload: string } | undefined;
  const row = direct ?? viaReference();
  if (!row) return null;
  const n = (JSON.parse(row.payload) as { number?: unknown }).number;
  return typeof n === 'string' || typeof n === 'number' ? String(n) : null;
}

/** Fees recorded at the counters in [from, to), by service, currency and how they were settled (never card payments of this journal). */
export interface CounterFeeRow {
  service: string;
  currency: string;
  kind: FeeRecord['kind'];
  visits: number;
  totalMinor: number;
}

export function counterFeesBetween(db: Db, from: string, to: string): CounterFeeRow[] {
  return prepared(
    db,
    `SELECT service, currency, fee_kind AS kind, count(*) AS visits, sum(amount_minor) AS totalMinor FROM counter_checkins
     WHERE at >= ? AND at < ? GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
  ).all(from, to) as CounterFeeRow[];
}
