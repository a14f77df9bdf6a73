// Closing a business day for a terminal: gather the terminal's figures (ZVT end of day, totals typed from
// the terminal's printed report, or a simulator's own log), compare them with the journal, lock the day.
// Refused as values: a day with payments still open or unknown (nobody knows yet whether they took money),
// a day already closed, a day that has not ended... is allowed (the consulate closes at 17:00), but a
// day in the future is not.
import type { Db } from '../../store/db';
import {
  dayClosesOf,
  correctionsOf,
  findDayClose,
  paymentsBetween,
  recordDayClose,
  terminalsBetween,
  type DayClose,
  type Correction,
} from '../../store/day-close';
import type { ChargeEntry, OpenedTerminal, ZvtTerminal } from '../devices/index';
import { refundsBetween } from '../../store/refunds';
import { reconcileDay, type DayReconciliation, type TerminalEntry, type TerminalFigures } from './reconcile-day';
import { isDay, periodBounds } from './period';
import { businessDay } from '../../domain/queue/business-day';
import { parseMinor } from '../../shared/money';
import type { Fail } from '../../shared/result';

export interface DayCloseDeps {
  db: Db;
  timeZone: string;
  currency: string;
  /** The daemon's terminal id in the payments journal, and the terminal itself. */
  terminalId: string;
  terminal?: OpenedTerminal | undefined;
  now?: () => Date;
}

export interface TerminalDay {
  terminalId: string;
  protocol: string | null;
  /** Can this daemon read the figures itself? */
  sources: Array<'zvt-end-of-day' | 'entered' | 'simulator-log'>;
  journal: DayReconciliation['journal'];
  pending: string[];
  payments: DayReconciliation['payments'];
  close: DayClose | null;
  corrections: Correction[];
}

export interface DayPreview {
  day: string;
  from: string;
  to: string;
  today: string;
  terminals: TerminalDay[];
}

const isZvt = (t: OpenedTerminal | undefined): t is OpenedTerminal & ZvtTerminal =>
  t?.protocol === 'zvt' && typeof (t as Partial<ZvtTerminal>).endOfDay === 'function';

function sourcesFor(deps: DayCloseDeps, terminalId: string): TerminalDay['sources'] {
  if (terminalId !== deps.terminalId) return ['entered'];
  const s: TerminalDay['sources'] = [];
  if (isZvt(deps.terminal)) s.push('zvt-end-of-day');
  s.push('entered');
  if (deps.terminal?.simulator) s.push('simulator-log');
  return s;
}

export function previewDay(deps: DayCloseDeps, day: string): DayPreview | Fail {
  if (!isDay(day)) return { ok: false, reason: `"${day}" is not a date: use YYYY-MM-DD` };
  const { from, to } = periodBounds(day, day, deps.timeZone);
  const ids = new Set([deps.terminalId, ...terminalsBetween(deps.db, from, to), ...dayClosesOf(deps.db, day).map((c) => c.terminalId)]);
  const terminals = [...ids].sort().map((terminalId): TerminalDay => {
    const r = reconcileDay(
      paymentsBetween(deps.db, from, to, terminalId),
      { totalMinor: 0, count: 0, entries: [] },
      deps.currency,
      refundsBetween(deps.db, from, to, terminalId),
    );
    const close = findDayClose(deps.db, day, terminalId) ?? null;
    return {
      terminalId,
      protocol: terminalId === deps.terminalId ? (deps.terminal?.protocol ?? null) : null,
      sources: sourcesFor(deps, terminalId),
      journal: r.journal,
      pending: r.pending,
      payments: r.payments,
      close,
      corrections: close ? correctionsOf(deps.db, close.id) : [],
    };
  });
  return { day, from, to, today: businessDay((deps.now ?? (() => new Date()))(), deps.timeZone), terminals };
}

export type CloseInput =
  { source: 'entered'; totalMinor: number; count: number; entries?: TerminalEntry[] | undefined } | { source: 'zvt-end-of-day' } | { source: 'simulator-log' };

export type CloseDayResult =
  | { ok: true; close: DayClose; reconciliation: DayReconciliation }
  | Fail<'invalid' | 'pending' | 'already-closed' | 'terminal' | 'future', { detail: string; close?: DayClose; pending?: string[] }>;

/** Parses the terminal's printed list typed by the supervisor: one payment a line, "12.50 A1B2C3", in `currency`'s own unit. */
export function parseEntryLines(text: string, currency: string): { ok: true; entries: TerminalEntry[] } | Fail {
  const entries: TerminalEntry[] = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (!line) continue;
    const m = /^(\S+)(?:\s+(\S+))?$/.exec(line);
    const amount = m ? parseMinor(m[1]!, currency) : undefined;
    if (!m || !amount?.ok) {
      const why = amount && !amount.ok ? `${amount.reason}; ` : '';
      return {
        ok: false,
        reason: `line ${i + 1} "${line}": ${why}write the amount, then optionally the receipt or authorisation number, e.g. "12.50 A1B2C3"`,
      };
    }
    const minor = amount.minor;
    entries.push(
      minor < 0
        ? { kind: 'reversal', amountMinor: -minor, ...(m[2] ? { key: m[2] } : {}) }
        : { kind: 'charge', amountMinor: minor, ...(m[2] ? { key: m[2] } : {}) },
    );
  }
  return { ok: true, entries };
}

function simulatorEntries(log: readonly ChargeEntry[], from: string, to: string): TerminalEntry[] {
  return log
    .filter((e) => e.at >= from && e.at < to)
    .map((e) => ({
      kind: e.kind,
      amountMinor: e.amountMinor,
      receiptNumber: e.receiptNumber,
      trace: e.trace,
      authCode: e.authCode,
      reference: e.reference,
      reverses: e.reverses,
    }));
}

const net = (entries: readonly TerminalEntry[]) => {
  let total = 0;
  let count = 0;
  for (const e of entries) {
    if (e.kind === 'charge') {
      total += e.amountMinor;
      count++;
    } else {
      total -= e.amountMinor;
      if (e.kind === 'reversal') count--;
    }
  }
  return { totalMinor: total, count };
};

export async function closeDay(deps: DayCloseDeps, day: string, terminalId: string, input: CloseInput, by: string): Promise<CloseDayResult> {
  if (!isDay(day)) return { ok: false, reason: 'invalid', detail: `"${day}" is not a date: use YYYY-MM-DD` };
  const today = businessDay((deps.now ?? (() => new Date()))(), deps.timeZone);
  if (day > today) return { ok: false, reason: 'future', detail: `${day} has not started yet at the consulate (today is ${today})` };
  if (!sourcesFor(deps, terminalId).includes(input.source))
    return {
      ok: false,
      reason: 'invalid',
      detail: `terminal ${terminalId} cannot give its figures by ${input.source}; choose one of ${sourcesFor(deps, terminalId).join(', ')}`,
    };
  if (input.source === 'entered' && (!Number.isSafeInteger(input.totalMinor) || !Number.isSafeInteger(input.count) || input.count < 0)) {
    return { ok: false, reason: 'invalid', detail: 'enter the terminal total in cents and the number of payments as whole numbers' };
  }
  const prior = findDayClose(deps.db, day, terminalId);
  if (prior)
    return {
      ok: false,
      reason: 'already-closed',
      close: prior,
      detail: `${day} is already closed for terminal ${terminalId} by ${prior.closedBy}; add a correction instead`,
    };
  const { from, to } = periodBounds(day, day, deps.timeZone);
  const pending = paymentsBetween(deps.db, from, to, terminalId)
    .filter((p) => p.state === 'intent' || p.state === 'sent' || p.state === 'unknown')
    .map((p) => p.id);
  // Checked before the ZVT end of day, which empties the terminal's batch: its totals must not be lost.
  if (pending.length)
    return {
      ok: false,
      reason: 'pending',
      pending,
      detail: `payments ${pending.join(', ')} have no outcome yet: settle them on the diagnostics page (from the terminal's journal), then close the day`,
    };

  let figures: TerminalFigures;
  if (input.source === 'entered') {
    figures = { totalMinor: input.totalMinor, count: input.count, entries: input.entries && input.entries.length ? input.entries : undefined };
  } else if (input.source === 'simulator-log') {
    const entries = simulatorEntries(deps.terminal!.simulator!.log.entries, from, to);
    figures = { ...net(entries), entries };
  } else {
    const t = deps.terminal;
    if (!isZvt(t)) return { ok: false, reason: 'terminal', detail: 'this terminal has no end-of-day command: enter the totals from its printed report' };
    const r = await t.endOfDay();
    if (!r.ok)
      return {
        ok: false,
        reason: 'terminal',
        detail: `the terminal's end of day failed: ${r.reason}. Nothing was closed; try again, or enter the totals from its printed report`,
      };
    figures = { totalMinor: r.totalMinor, count: r.count, lines: r.lines };
  }
  // Read again after the await: a payment may have finished meanwhile.
  const reconciliation = reconcileDay(paymentsBetween(deps.db, from, to, terminalId), figures, deps.currency, refundsBetween(deps.db, from, to, terminalId));
  const rec = recordDayClose(deps.db, {
    businessDay: day,
    terminalId,
    currency: deps.currency,
    source: input.source,
    terminalTotalMinor: figures.totalMinor,
    terminalCount: figures.count,
    journalTotalMinor: reconciliation.journal.totalMinor,
    journalCount: reconciliation.journal.count,
    itemsAgree: reconciliation.balanced,
    detail: { reconciliation, terminalLines: figures.lines ?? [], from, to },
    closedBy: by,
    ...(deps.now ? { at: deps.now() } : {}),
  });
  if (!rec.ok) return { ok: false, reason: 'already-closed', close: rec.close, detail: rec.detail };
  return { ok: true, close: rec.close, reconciliation };
}
