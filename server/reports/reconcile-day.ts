// The day-close comparison: what the journal says was charged on a terminal against what the terminal
// says. Pure: the same inputs give the same report, so it is stored with the close and can be re-read.
//
// Counted as charged: `approved` and `settled_approved` (staff confirmed from the terminal's journal),
// test payments included (a test payment is real money on the terminal), listed apart. Not counted:
// declined, aborted, not_sent, settled_not_charged. Still open (intent, sent, unknown): the day cannot be
// closed until staff settle them, because nobody knows yet whether they took money.
import { moneyText } from '../../shared/money';
import type { Payment } from '../../store/payments';

/** One transaction of the terminal's own journal (its printed list, or the simulator's charge log). */
export interface TerminalEntry {
  kind: 'charge' | 'reversal' | 'refund';
  amountMinor: number;
  receiptNumber?: string | undefined;
  trace?: string | undefined;
  authCode?: string | undefined;
  /** Concert: the private field: our payment's short reference (older payments: the id, when it fitted). */
  reference?: string | undefined;
  /** Typed from a printed list: one number that may be our id, the receipt, trace or auth code. */
  key?: string | undefined;
  /** A reversal: the receipt number of the charge it cancels. */
  reverses?: string | undefined;
}

export interface TerminalFigures {
  totalMinor: number;
  count: number;
  /** Payment by payment, when known: then every difference is named; otherwise only the totals differ. */
  entries?: TerminalEntry[] | undefined;
  /** The terminal's printed lines (ZVT end of day), kept with the close. */
  lines?: string[] | undefined;
}

export interface PaymentLine {
  id: string;
  /** The short reference the terminal's journal shows ("0303-0042"); unique per terminal and day. */
  shortRef: string | null;
  state: Payment['state'];
  amountMinor: number;
  currency: string;
  isTest: boolean;
  authCode: string | null;
  receiptNo: string | null;
  traceNo: string | null;
  createdAt: string;
  counted: boolean;
}

export type Difference =
  | { kind: 'missing-on-terminal'; paymentId: string; amountMinor: number; text: string }
  | { kind: 'missing-in-journal'; entry: TerminalEntry; amountMinor: number; text: string }
  | { kind: 'amount-mismatch'; paymentId: string; amountMinor: number; terminalAmountMinor: number; text: string }
  | { kind: 'totals'; amountMinor: number; countDelta: number; candidates: string[]; text: string };

export interface DayReconciliation {
  currency: string;
  journal: {
    totalMinor: number;
    count: number;
    testTotalMinor: number;
    testCount: number;
    declined: number;
    aborted: number;
    notSent: number;
    settledApproved: number;
    settledNotCharged: number;
    /** Refunds (ZVT 06 31, Concert crédit) done for payments of the day: subtracted from the total. */
    refundedMinor: number;
    refundCount: number;
    /** Payments a ZVT reversal cancelled: neither in the total nor in the count, as on the terminal. */
    reversedCount: number;
  };
  terminal: { totalMinor: number; count: number; itemised: boolean };
  /** Payments without an outcome: the day cannot be closed while there are any. */
  pending: string[];
  payments: PaymentLine[];
  differences: Difference[];
  balanced: boolean;
}

const COUNTED: ReadonlySet<Payment['state']> = new Set(['approved', 'settled_approved']);

export function paymentLine(p: Payment): PaymentLine {
  // What was charged is the terminal's approved amount when it said one in this currency (an approval for
  // another amount, settled by staff, took that amount); otherwise the requested amount.
  const charged = p.approvedAmountMinor !== null && p.approvedCurrency === p.currency ? p.approvedAmountMinor : p.amountMinor;
  return {
    id: p.id,
    shortRef: p.shortRef,
    state: p.state,
    amountMinor: charged,
    currency: p.currency,
    isTest: p.isTest,
    authCode: p.authCode,
    receiptNo: p.receiptNo,
    traceNo: p.traceNo,
    createdAt: p.createdAt,
    counted: COUNTED.has(p.state),
  };
}

/** The terminal's live charges: charges minus the ones a reversal cancelled; refunds stay as negatives. */
function liveEntries(entries: readonly TerminalEntry[]): { charges: TerminalEntry[]; refunds: TerminalEntry[] } {
  const charges = entries.filter((e) => e.kind === 'charge');
  const refunds: TerminalEntry[] = [];
  for (const e of entries) {
    if (e.kind === 'refund') refunds.push(e);
    if (e.kind !== 'reversal') continue;
    const i = charges.findIndex((c) => e.reverses !== undefined && c.receiptNumber === e.reverses);
    if (i >= 0) charges.splice(i, 1);
    else refunds.push(e); // a reversal of a charge we cannot see still takes money back
  }
  return { charges, refunds };
}

function matches(p: PaymentLine, e: TerminalEntry): boolean {
  if (e.key && [p.id, p.shortRef, p.receiptNo, p.traceNo, p.authCode].includes(e.key)) return true;
  if (e.reference && (e.reference === p.id || e.reference === p.shortRef)) return true;
  if (p.receiptNo && e.receiptNumber && p.receiptNo === e.receiptNumber) return true;
  if (p.traceNo && e.trace && p.traceNo === e.trace) return true;
  return !!(p.authCode && e.authCode && p.authCode === e.authCode);
}

/** A refund or reversal as the day close needs it (store/refunds.ts Refund). */
export interface RefundLine {
  id: string;
  paymentId: string;
  method: 'reversal' | 'refund';
  state: string;
  amountMinor: number;
  shortRef: string | null;
  receiptNo: string | null;
}

const REFUND_DONE = new Set(['refunded', 'settled_refunded']);

export function reconcileDay(
  payments: readonly Payment[],
  terminal: TerminalFigures,
  currency: string,
  refunds: readonly RefundLine[] = [],
): DayReconciliation {
  const done = refunds.filter((r) => REFUND_DONE.has(r.state));
  const reversed = new Set(done.filter((r) => r.method === 'reversal').map((r) => r.paymentId));
  const moneyBack = done.filter((r) => r.method === 'refund');
  const lines = payments.map(paymentLine);
  // A reversed payment left the terminal's batch: it counts on neither side.
  const counted = lines.filter((l) => l.counted && !reversed.has(l.id));
  const count = (s: Payment['state']) => lines.filter((l) => l.state === s).length;
  const refundedMinor = moneyBack.reduce((n, r) => n + r.amountMinor, 0);
  const journal = {
    totalMinor: counted.reduce((n, l) => n + l.amountMinor, 0) - refundedMinor,
    count: counted.length,
    testTotalMinor: counted.filter((l) => l.isTest).reduce((n, l) => n + l.amountMinor, 0),
    testCount: counted.filter((l) => l.isTest).length,
    declined: count('declined'),
    aborted: count('aborted'),
    notSent: count('not_sent'),
    settledApproved: count('settled_approved'),
    settledNotCharged: count('settled_not_charged'),
    refundedMinor,
    refundCount: moneyBack.length,
    reversedCount: reversed.size,
  };
  const pending = lines.filter((l) => l.state === 'intent' || l.state === 'sent' || l.state === 'unknown').map((l) => l.id);
  const differences: Difference[] = [];

  if (terminal.entries) {
    const { charges, refunds } = liveEntries(terminal.entries);
    const unmatched = [...charges];
    // Strong keys first (our id, receipt, trace, auth code); then a single charge of the same amount.
    const leftovers: PaymentLine[] = [];
    for (const p of counted) {
      const i = unmatched.findIndex((e) => matches(p, e));
      if (i < 0) {
        leftovers.push(p);
        continue;
      }
      const e = unmatched.splice(i, 1)[0]!;
      if (e.amountMinor !== p.amountMinor)
        differences.push({
          kind: 'amount-mismatch',
          paymentId: p.id,
          amountMinor: p.amountMinor,
          terminalAmountMinor: e.amountMinor,
          text: `payment ${p.id}: journal ${moneyText(p.amountMinor, currency)}, terminal ${moneyText(e.amountMinor, currency)}`,
        });
    }
    for (const p of leftovers) {
      const keyless = unmatched.filter((e) => !e.key && !e.reference && !e.receiptNumber && !e.trace && !e.authCode && e.amountMinor === p.amountMinor);
      if (keyless.length > 0) {
        unmatched.splice(unmatched.indexOf(keyless[0]!), 1);
        continue;
      }
      differences.push({
        kind: 'missing-on-terminal',
        paymentId: p.id,
        amountMinor: p.amountMinor,
        text: `payment ${p.id} (${moneyText(p.amountMinor, currency)}, ${p.state}${p.isTest ? ', test' : ''}) is in the journal but not on the terminal`,
      });
    }
    for (const e of unmatched) {
      const ids = [
        e.key && `no. ${e.key}`,
        e.reference && `ref ${e.reference}`,
        e.receiptNumber && `receipt ${e.receiptNumber}`,
        e.authCode && `auth ${e.authCode}`,
      ]
        .filter(Boolean)
        .join(', ');
      const known = e.reference ? lines.find((l) => l.id === e.reference || l.shortRef === e.reference) : undefined;
      differences.push({
        kind: 'missing-in-journal',
        entry: e,
        amountMinor: e.amountMinor,
        text:
          `terminal charged ${moneyText(e.amountMinor, currency)}${ids ? ` (${ids})` : ''} but the journal has no approved payment for it` +
          (known ? ` (payment ${known.id} is ${known.state})` : ''),
      });
    }
    // The terminal's refunds against the journal's: by reference, receipt number, else one of the same amount.
    const journalBack = [...moneyBack];
    const unmatchedBack = refunds.filter((e) => {
      if (e.kind !== 'refund') return true;
      let i = journalBack.findIndex((r) => (e.reference && e.reference === r.shortRef) || (e.receiptNumber && e.receiptNumber === r.receiptNo));
      if (i < 0) i = journalBack.findIndex((r) => r.amountMinor === e.amountMinor);
      if (i < 0) return true;
      journalBack.splice(i, 1);
      return false;
    });
    for (const r of journalBack)
      differences.push({
        kind: 'missing-on-terminal',
        paymentId: r.paymentId,
        amountMinor: -r.amountMinor,
        text: `refund ${r.id} of ${moneyText(r.amountMinor, currency)} (payment ${r.paymentId}) is in the journal but not on the terminal`,
      });
    for (const e of unmatchedBack)
      differences.push({
        kind: 'missing-in-journal',
        entry: e,
        amountMinor: -e.amountMinor,
        text: `terminal ${e.kind} of ${moneyText(e.amountMinor, currency)} has no payment in the journal`,
      });
  }

  const delta = terminal.totalMinor - journal.totalMinor;
  const countDelta = terminal.count - journal.count;
  if ((delta !== 0 || countDelta !== 0) && differences.length === 0) {
    // Only totals are known: name the journal payments whose amount would explain the gap.
    const candidates =
      Math.abs(countDelta) === 1 ? lines.filter((l) => l.amountMinor === Math.abs(delta) && (delta < 0 ? l.counted : !l.counted)).map((l) => l.id) : [];
    differences.push({
      kind: 'totals',
      amountMinor: delta,
      countDelta,
      candidates,
      text:
        `terminal ${moneyText(terminal.totalMinor, currency)} in ${terminal.count}, journal ${moneyText(journal.totalMinor, currency)} in ${journal.count}: ` +
        `${delta > 0 ? 'the terminal has' : 'the journal has'} ${moneyText(Math.abs(delta), currency)} and ${Math.abs(countDelta)} payment(s) more` +
        (candidates.length ? `; check ${candidates.join(', ')}` : ''),
    });
  }
  return {
    currency,
    journal,
    pending,
    payments: lines,
    differences,
    terminal: { totalMinor: terminal.totalMinor, count: terminal.count, itemised: terminal.entries !== undefined },
    balanced: delta === 0 && countDelta === 0 && differences.length === 0,
  };
}
