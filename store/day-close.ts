// Day closes and their corrections. A close row is written once per business day and terminal, with its
// event, in one transaction; the table's triggers keep it locked. Corrections are new rows, never edits.
// The stored detail carries no masked PAN and no appointment id, so retention has nothing to remove here.
import type { Db } from './db';
import { appendEvent } from './events';
import { getPayment, type Payment } from './payments';
import type { Fail } from '../shared/result';

export type CloseSource = 'zvt-end-of-day' | 'entered' | 'simulator-log';

export interface NewDayClose {
  businessDay: string;
  terminalId: string;
  currency: string;
  source: CloseSource;
  terminalTotalMinor: number;
  terminalCount: number;
  journalTotalMinor: number;
  journalCount: number;
  /** False when payment-by-payment differences were found even if the totals agree. */
  itemsAgree?: boolean;
  detail: unknown;
  closedBy: string;
  at?: Date;
}

export interface DayClose extends Omit<NewDayClose, 'at' | 'itemsAgree'> {
  id: number;
  status: 'balanced' | 'differences';
  closedAt: string;
  eventId: number;
}

export interface Correction {
  id: number;
  closeId: number;
  paymentId: string | null;
  amountMinor: number | null;
  note: string;
  by: string;
  at: string;
}

interface CloseRow {
  id: number;
  business_day: string;
  terminal_id: string;
  currency: string;
  source: CloseSource;
  terminal_total_minor: number;
  terminal_count: number;
  journal_total_minor: number;
  journal_count: number;
  status: 'balanced' | 'differences';
  detail: string;
  closed_by: string;
  closed_at: string;
  event_id: number;
}

function fromRow(r: CloseRow): DayClose {
  return {
    id: r.id,
    businessDay: r.business_day,
    terminalId: r.terminal_id,
    currency: r.currency,
    source: r.source,
    terminalTotalMinor: r.terminal_total_minor,
    terminalCount: r.terminal_count,
    journalTotalMinor: r.journal_total_minor,
    journalCount: r.journal_count,
    status: r.status,
    detail: JSON.parse(r.detail) as unknown,
    closedBy: r.closed_by,
    closedAt: r.closed_at,
    eventId: r.event_id,
  };
}

/** Payments created in [fromIso, toIso), oldest first; one terminal or all. */
export function paymentsBetween(db: Db, fromIso: string, toIso: string, terminalId?: string): Payment[] {
  const ids = (
    terminalId === undefined
      ? db.prepare('SELECT id FROM payments WHERE created_at >= ? AND created_at < ? ORDER BY created_at, rowid').all(fromIso, toIso)
      : db
          .prepare('SELECT id FROM payments WHERE created_at >= ? AND created_at < ? AND terminal_id = ? ORDER BY created_at, rowid')
          .all(fromIso, toIso, terminalId)
  ) as Array<{ id: string }>;
  return ids.map((r) => getPayment(db, r.id)!);
}

/** Terminals that took or tried payments in [fromIso, toIso). */
export function terminalsBetween(db: Db, fromIso: string, toIso: string): string[] {
  return (
    db.prepare('SELECT DISTINCT terminal_id AS t FROM payments WHERE created_at >= ? AND created_at < ? ORDER BY t').all(fromIso, toIso) as Array<{ t: string }>
  ).map((r) => r.t);
}

export function getDayClose(db: Db, id: number): DayClose | undefined {
  const row = db.prepare('SELECT * FROM day_closes WHERE id = ?').get(id) as CloseRow | undefined;
  return row && fromRow(row);
}

export function findDayClose(db: Db, businessDay: string, terminalId: string): DayClose | undefined {
  const row = db.prepare('SELECT * FROM day_closes WHERE business_day = ? AND terminal_id = ?').get(businessDay, terminalId) as CloseRow | undefined;
  return row && fromRow(row);
}

export function dayClosesOf(db: Db, businessDay: string): DayClose[] {
  return (db.prepare('SELECT * FROM day_closes WHERE business_day = ? ORDER BY terminal_id').all(businessDay) as CloseRow[]).map(fromRow);
}

export type RecordCloseResult = { ok: true; close: DayClose } | Fail<'already-closed', { close: DayClose; detail: string }>;

/**
 * Locks the day for the terminal. A second close of the same day and terminal is answered with the first
 * one: the day stays as it was closed, and what changed since goes in as a correction.
 */
export function recordDayClose(db: Db, c: NewDayClose): RecordCloseResult {
  const at = c.at ?? new Date();
  return db
    .transaction((): RecordCloseResult => {
      const prior = findDayClose(db, c.businessDay, c.terminalId);
      if (prior)
        return {
          ok: false,
          reason: 'already-closed',
          close: prior,
          detail: `${c.businessDay} is already closed for terminal ${c.terminalId} (by ${prior.closedBy} at ${prior.closedAt}); add a correction to it instead`,
        };
      const balanced = c.terminalTotalMinor === c.journalTotalMinor && c.terminalCount === c.journalCount && (c.itemsAgree ?? true);
      const eventId = appendEvent(db, {
        kind: 'day.closed',
        subject: `${c.businessDay}/${c.terminalId}`,
        at,
        payload: {
          businessDay: c.businessDay,
          terminalId: c.terminalId,
          currency: c.currency,
          source: c.source,
          by: c.closedBy,
          terminal: { totalMinor: c.terminalTotalMinor, count: c.terminalCount },
          journal: { totalMinor: c.journalTotalMinor, count: c.journalCount },
          balanced,
        },
      });
      const info = db
        .prepare(
          `INSERT INTO day_closes (business_day, terminal_id, currency, source, terminal_total_minor, terminal_count,
                                  journal_total_minor, journal_count, status, detail, closed_by, closed_at, event_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          c.businessDay,
          c.terminalId,
          c.currency,
          c.source,
          c.terminalTotalMinor,
          c.terminalCount,
          c.journalTotalMinor,
          c.journalCount,
          balanced ? 'balanced' : 'differences',
          JSON.stringify(c.detail ?? {}),
          c.closedBy,
          at.toISOString(),
          eventId,
        );
      return { ok: true, close: getDayClose(db, Number(info.lastInsertRowid))! };
    })
    .immediate();
}

export interface NewCorrection {
  paymentId?: string | null;
  amountMinor?: number | null;
  note: string;
  by: string;
  at?: Date;
}

export type CorrectionResult = { ok: true; correction: Correction } | Fail<'not-found' | 'invalid', { detail: string }>;

export function addCorrection(db: Db, closeId: number, c: NewCorrection): CorrectionResult {
  const note = c.note.trim();
  if (!note) return { ok: false, reason: 'invalid', detail: 'a correction needs a note saying what was found and done' };
  if (c.amountMinor !== undefined && c.amountMinor !== null && !Number.isSafeInteger(c.amountMinor))
    return { ok: false, reason: 'invalid', detail: 'the amount must be whole minor units (cents)' };
  const at = c.at ?? new Date();
  return db
    .transaction((): CorrectionResult => {
      const close = getDayClose(db, closeId);
      if (!close) return { ok: false, reason: 'not-found', detail: `no day close with id ${closeId}` };
      const eventId = appendEvent(db, {
        kind: 'day.correction',
        subject: `${close.businessDay}/${close.terminalId}`,
        at,
        payload: { closeId, paymentId: c.paymentId ?? null, amountMinor: c.amountMinor ?? null, note, by: c.by },
      });
      const info = db
        .prepare('INSERT INTO day_close_corrections (close_id, payment_id, amount_minor, note, by, at, event_id) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(closeId, c.paymentId ?? null, c.amountMinor ?? null, note, c.by, at.toISOString(), eventId);
      return { ok: true, correction: correctionsOf(db, closeId).find((x) => x.id === Number(info.lastInsertRowid))! };
    })
    .immediate();
}

export function correctionsOf(db: Db, closeId: number): Correction[] {
  return db
    .prepare(
      `SELECT id, close_id AS closeId, payment_id AS paymentId, amount_minor AS amountMinor, note, by, at
       FROM day_close_corrections WHERE close_id = ? ORDER BY id`,
    )
    .all(closeId) as Correction[];
}
