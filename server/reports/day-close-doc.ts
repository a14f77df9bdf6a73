// The day-close report, from the stored close (never recomputed: what was locked is what is printed),
// as a document (PDF, ticket printer) and as CSV rows.
import { moneyText } from '../../shared/money';
import type { Correction, DayClose } from '../../store/day-close';
import type { DayReconciliation } from './reconcile-day';
import type { ReportDoc } from './document';
import { decimal, toCsv, type Cell } from './csv';

export interface CloseDetail {
  reconciliation: DayReconciliation;
  terminalLines: string[];
  from: string;
  to: string;
}

const SOURCE_WORDS: Record<DayClose['source'], string> = {
  'zvt-end-of-day': 'terminal end of day (ZVT)',
  entered: "entered from the terminal's printed report",
  'simulator-log': "simulated terminal's own log",
};

const STATE_WORDS: Record<string, string> = {
  approved: 'approved',
  settled_approved: 'settled: charged',
  declined: 'declined',
  aborted: 'aborted',
  not_sent: 'not sent',
  settled_not_charged: 'settled: not charged',
  unknown: 'UNKNOWN',
  intent: 'open',
  sent: 'open',
};

export function detailOf(close: DayClose): CloseDetail {
  return close.detail as CloseDetail;
}

/** `consulate`: the consulate's names, one line each (its French and its Arabic name). */
export function dayCloseDoc(close: DayClose, corrections: readonly Correction[], consulate: readonly string[], timeZone: string): ReportDoc {
  const d = detailOf(close);
  const r = d.reconciliation;
  const c = close.currency;
  const time = (iso: string) => new Date(iso).toLocaleString('fr-FR', { timeZone, hour12: false });
  return {
    title: `Day close / Clôture de journée ${close.businessDay}`,
    subtitle: [...consulate, `Terminal ${close.terminalId} - closed by ${close.closedBy} at ${time(close.closedAt)} (${timeZone})`],
    sections: [
      {
        heading: close.status === 'balanced' ? 'Result: BALANCED' : 'Result: DIFFERENCES',
        facts: [
          ['Terminal figures from', SOURCE_WORDS[close.source]],
          ['Terminal total', `${moneyText(close.terminalTotalMinor, c)} in ${close.terminalCount} payment(s)`],
          ['Journal total', `${moneyText(close.journalTotalMinor, c)} in ${close.journalCount} payment(s)`],
          ['Difference', moneyText(close.terminalTotalMinor - close.journalTotalMinor, c)],
          ['of which test payments', `${moneyText(r.journal.testTotalMinor, c)} in ${r.journal.testCount}`],
          ['Settled by staff (charged / not)', `${r.journal.settledApproved} / ${r.journal.settledNotCharged}`],
          ['Declined / aborted / not sent', `${r.journal.declined} / ${r.journal.aborted} / ${r.journal.notSent}`],
        ],
      },
      {
        heading: 'Differences',
        table: {
          columns: [
            { label: 'No.', weight: 0.4 },
            { label: 'Kind', weight: 1.5 },
            { label: 'Payment', weight: 2 },
            { label: 'Amount', align: 'right', weight: 1 },
          ],
          rows: r.differences.map((x, i) => [String(i + 1), x.kind, 'paymentId' in x ? x.paymentId : '', moneyText(x.amountMinor, c)]),
        },
        // The explanations in full, wrapped: a clipped table cell would hide what to check.
        notes: [
          ...r.differences.map((x, i) => `${i + 1}. ${x.text}`),
          ...(r.terminal.itemised
            ? []
            : ['The terminal gave totals only, so a difference is shown as a total; the payments named in it have the amount that would explain it.']),
        ],
      },
      {
        heading: 'Payments',
        table: {
          // The terminal's reference is what the terminal's own printed list shows (closes stored before it have none).
          columns: [
            { label: 'Time', weight: 1.1 },
            { label: 'Terminal ref.', weight: 1 },
            { label: 'Payment', weight: 1.6 },
            { label: 'State', weight: 1.2 },
            { label: 'Auth', weight: 0.8 },
            { label: 'Amount', align: 'right', weight: 0.9 },
            { label: 'Counted', weight: 0.6 },
          ],
          rows: r.payments.map((p) => [
            new Date(p.createdAt).toLocaleTimeString('fr-FR', { timeZone, hour12: false }),
            p.shortRef ?? '',
            p.id,
            STATE_WORDS[p.state] ?? p.state,
            p.authCode ?? '',
            moneyText(p.amountMinor, p.currency),
            p.counted ? (p.isTest ? 'yes (test)' : 'yes') : 'no',
          ]),
        },
      },
      {
        heading: 'Corrections after the close',
        table: {
          columns: [
            { label: 'When', weight: 1.2 },
            { label: 'By', weight: 0.8 },
            { label: 'Payment', weight: 1.2 },
            { label: 'Amount', align: 'right', weight: 0.8 },
            { label: 'Note', weight: 3 },
          ],
          rows: corrections.map((x) => [time(x.at), x.by, x.paymentId ?? '', x.amountMinor === null ? '' : moneyText(x.amountMinor, c), x.note]),
        },
      },
      ...(d.terminalLines.length ? [{ heading: "Terminal's printed lines", notes: d.terminalLines }] : []),
    ],
    footer: `Journal event ${close.eventId} - a closed day is locked; corrections are new entries.`,
  };
}

export function dayCloseCsv(close: DayClose, corrections: readonly Correction[]): string {
  const r = detailOf(close).reconciliation;
  const rows: Cell[][] = [
    ['section', 'business_day', 'terminal', 'payment_id', 'created_at', 'state', 'test', 'counted', 'auth_code', 'amount', 'currency', 'note'],
    [
      'summary',
      close.businessDay,
      close.terminalId,
      '',
      close.closedAt,
      close.status,
      '',
      '',
      '',
      decimal(close.terminalTotalMinor - close.journalTotalMinor, close.currency),
      close.currency,
      `terminal ${decimal(close.terminalTotalMinor, close.currency)} in ${close.terminalCount}; ` +
        `journal ${decimal(close.journalTotalMinor, close.currency)} in ${close.journalCount}; source ${close.source}; closed by ${close.closedBy}`,
    ],
    ...r.payments.map((p): Cell[] => [
      'payment',
      close.businessDay,
      close.terminalId,
      p.id,
      p.createdAt,
      p.state,
      p.isTest ? 1 : 0,
      p.counted ? 1 : 0,
      p.authCode,
      decimal(p.amountMinor, p.currency),
      p.currency,
      p.shortRef ? `terminal ref ${p.shortRef}` : '',
    ]),
    ...r.differences.map((x): Cell[] => [
      'difference',
      close.businessDay,
      close.terminalId,
      'paymentId' in x ? x.paymentId : '',
      '',
      x.kind,
      '',
      '',
      '',
      decimal(x.amountMinor, close.currency),
      close.currency,
      x.text,
    ]),
    ...corrections.map((x): Cell[] => [
      'correction',
      close.businessDay,
      close.terminalId,
      x.paymentId,
      x.at,
      '',
      '',
      '',
      '',
      x.amountMinor === null ? null : decimal(x.amountMinor, close.currency),
      close.currency,
      `${x.by}: ${x.note}`,
    ]),
  ];
  return toCsv(rows);
}
