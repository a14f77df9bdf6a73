// The journal viewer: recent events, payments (those needing reconciliation first), print jobs, and the
// same as CSV. Read-only; settling a payment goes through the payment service's reconciler.
import type { Db } from '../../store/db';
import { recentEvents, type JournalEvent } from '../../store/events';
import { listPayments, pendingPayments, type Payment } from '../../store/payments';
import { recentPrintJobs, type PrintJobRow } from '../../store/print-jobs';
import { printableReceipts } from '../../store/card-receipts';

export const CSV_TABLES = ['events', 'payments', 'print-jobs'] as const;
export type CsvTable = (typeof CSV_TABLES)[number];

export function paymentRow(p: Payment) {
  return {
    id: p.id,
    shortRef: p.shortRef,
    state: p.state,
    amountMinor: p.amountMinor,
    currency: p.currency,
    reference: p.reference,
    isTest: p.isTest,
    createdAt: p.createdAt,
    reason: p.reason,
    authCode: p.authCode,
    maskedPan: p.maskedPan,
    settledBy: p.settledBy,
    settleReason: p.settleReason,
    approvedAmountMinor: p.approvedAmountMinor,
    approvedCurrency: p.approvedCurrency,
    terminalData: p.terminalData,
  };
}

export function printJobRow(j: PrintJobRow) {
  return {
    id: j.id,
    kind: j.kind,
    subject: j.subject,
    printer: j.printer,
    bytes: j.bytes,
    state: j.state,
    attempts: j.attempts,
    reason: j.reason,
    created_at: j.created_at,
  };
}

export function journalView(db: Db, opts: { limit?: number; kind?: string } = {}) {
  const limit = opts.limit ?? 100;
  return {
    events: recentEvents(db, { limit, ...(opts.kind ? { kindPrefix: opts.kind } : {}) }),
    pending: pendingPayments(db).map(paymentRow),
    payments: listPayments(db, { limit }).map((p) => ({ ...paymentRow(p), cardReceipt: printableReceipts(db, p.id).length > 0 })),
    printJobs: recentPrintJobs(db, limit).map(printJobRow),
  };
}

/** RFC 4180: quote every field that needs it; formulas are defused for spreadsheets (a leading = + - @). */
export function csvField(v: unknown): string {
  let s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: ReadonlyArray<Record<string, unknown>>, columns: readonly string[]): string {
  return [columns.join(','), ...rows.map((r) => columns.map((c) => csvField(r[c])).join(','))].join('\r\n') + '\r\n';
}

export function journalCsv(db: Db, table: CsvTable, limit = 10_000): string {
  if (table === 'events') {
    const rows = recentEvents(db, { limit }).map((e: JournalEvent) => ({ ...e }));
    return toCsv(rows, ['id', 'at', 'kind', 'subject', 'payload']);
  }
  if (table === 'payments')
    return toCsv(listPayments(db, { limit }).map(paymentRow), [
      'id',
      'state',
      'amountMinor',
      'currency',
      'reference',
      'isTest',
      'createdAt',
      'reason',
      'authCode',
      'maskedPan',
      'settledBy',
      'settleReason',
      'shortRef',
      'approvedAmountMinor',
      'approvedCurrency',
      'terminalData',
    ]);
  return toCsv(recentPrintJobs(db, limit).map(printJobRow), ['id', 'kind', 'subject', 'printer', 'bytes', 'state', 'attempts', 'reason', 'created_at']);
}
