// Start-up reconciliation of refunds (DESIGN.md "Payment safety", rules 4 and 6). Nothing here ever sends a refund
// again: it reads the journal, asks a ZVT terminal to repeat its last receipt, and records what that proves.
//   - ZVT: the terminal's last receipt is this refund when it is an approval of the refund's amount whose receipt
//     number no payment or refund of the journal holds yet → refunded. An idle terminal whose last receipt is
//     something else: an `intent` never reached it (not_sent); a `sent` one may have been declined, so staff decide
//     (unknown). A terminal that does not answer: unknown, staff decide.
//   - Concert E+ cannot be asked: unknown; staff look for the refund's short reference (R + the payment's) in the
//     terminal's journal and settle it. An unknown refund blocks another refund of its payment until then.
import type { Db } from '../../store/db';
import { getRefund, pendingRefunds, recordRefundIntent, transitionRefund, type Refund, type RefundState } from '../../store/refunds';
import type { Payment } from '../../store/payments';
import { newPaymentId } from './id';
import type { PaymentTerminal, ZvtTerminal } from '../devices/index';
import { isZvt } from './reconcile';
import { prepared } from '../../store/statements';

export interface RefundReconcileAction {
  id: string;
  from: RefundState;
  to: RefundState;
  detail: string;
}

function receiptKnown(db: Db, terminalId: string, receiptNo: string | undefined): boolean {
  if (!receiptNo) return false;
  return (
    prepared(
      db,
      'SELECT 1 FROM payments WHERE terminal_id = ? AND receipt_no = ? UNION ALL SELECT 1 FROM refunds WHERE terminal_id = ? AND receipt_no = ? LIMIT 1',
    ).get(terminalId, receiptNo, terminalId, receiptNo) !== undefined
  );
}

async function askZvt(db: Db, terminal: ZvtTerminal, r: Refund): Promise<{ to: RefundState; detail: string; receiptNo?: string }> {
  let last;
  try {
    last = await terminal.repeatLastReceipt();
  } catch (err) {
    last = { ok: false as const, outcome: 'unknown' as const, reason: (err as Error).message };
  }
  if (last.ok) {
    if (last.amountMinor === r.amountMinor && last.receiptNumber && !receiptKnown(db, r.terminalId, last.receiptNumber)) {
      return { to: 'refunded', detail: `the terminal's repeated receipt ${last.receiptNumber} is this refund`, receiptNo: last.receiptNumber };
    }
  } else if (last.outcome === 'not_sent' || last.outcome === 'unknown') {
    return { to: 'unknown', detail: `the terminal did not answer (${last.reason}): settle the refund from its journal` };
  }
  const what = last.ok ? `receipt ${last.receiptNumber ?? '?'} of ${last.amountMinor}` : last.reason;
  return r.state === 'intent'
    ? { to: 'not_sent', detail: `the terminal is idle and its last transaction (${what}) is not this refund: it never reached it` }
    : { to: 'unknown', detail: `the terminal took the refund but its last transaction (${what}) is not it: declined or lost, settle it from its journal` };
}

/** Closes the terminal's refunds left in intent/sent by a crash. Returns what it did. */
export async function reconcileRefunds(db: Db, terminal: PaymentTerminal, terminalId: string): Promise<RefundReconcileAction[]> {
  const actions: RefundReconcileAction[] = [];
  for (const r of pendingRefunds(db, terminalId)) {
    if (r.state === 'unknown') continue; // staff's
    const v = isZvt(terminal)
      ? await askZvt(db, terminal, r)
      : {
          to: 'unknown' as const,
          detail: `Concert E+ cannot be asked: look for the reference ${r.shortRef ?? r.id} (${r.amountMinor}) in the terminal's journal and settle the refund`,
        };
    const t = transitionRefund(db, r.id, v.to, { reason: v.detail, ...('receiptNo' in v ? { receiptNo: v.receiptNo } : {}) }, 'reconcile', {
      expectFrom: ['intent', 'sent'],
    });
    if (t.ok) actions.push({ id: r.id, from: r.state, to: v.to, detail: v.detail });
  }
  return actions;
}

/** Staff's decision on an unknown refund, from the terminal's own journal. */
export function settleRefund(db: Db, id: string, outcome: 'refunded' | 'not-refunded', by: string, reason: string) {
  if (!reason.trim()) return { ok: false as const, reason: 'invalid' as const, detail: 'say how it was decided (--reason)' };
  return transitionRefund(db, id, outcome === 'refunded' ? 'settled_refunded' : 'settled_not_refunded', { settledBy: by, settleReason: reason }, 'staff', {
    expectFrom: ['unknown'],
  });
}

/**
 * A test payment cancelled by hand on a terminal that has no reversal command (Concert E+, kiosk setup): nothing was
 * sent from the kiosk, so the journal holds what the technician attests, as a settled reversal naming who and the
 * terminal's cancellation receipt. One transaction: the intent, "unknown" (the kiosk never saw the terminal do it),
 * then settled by the technician. The day close then leaves the payment out on both sides, as after a ZVT reversal.
 */
export function recordCancelledOnTerminal(
  db: Db,
  o: { payment: Payment; kioskId: string; terminalId: string; cancelReceipt: string; by: string },
): { ok: true; refund: Refund } | { ok: false; reason: string; detail: string } {
  const receipt = o.cancelReceipt.trim();
  if (!/^[\w./-]{1,20}$/.test(receipt))
    return {
      ok: false,
      reason: 'invalid',
      detail: `"${o.cancelReceipt}" is not a receipt number: type the number the terminal printed (letters, digits, . / -)`,
    };
  const id = `rf-${newPaymentId()}`;
  const run = db.transaction(() => {
    const intent = recordRefundIntent(db, {
      id,
      paymentId: o.payment.id,
      method: 'reversal',
      kioskId: o.kioskId,
      terminalId: o.terminalId,
      why: 'test payment cancelled on the terminal',
      requestedBy: o.by,
      shortRef: o.payment.shortRef ? `R${o.payment.shortRef}`.slice(0, 10) : null,
      testReversal: true,
    });
    if (!intent.ok) return { ok: false as const, reason: intent.reason, detail: intent.detail };
    const steps = [
      transitionRefund(db, id, 'unknown', { reason: 'done on the terminal by hand: no request went from the kiosk' }, 'staff'),
      transitionRefund(
        db,
        id,
        'settled_refunded',
        { receiptNo: receipt, settledBy: o.by, settleReason: `cancelled on the terminal, its cancellation receipt n° ${receipt}` },
        'staff',
        { expectFrom: ['unknown'] },
      ),
    ];
    const failed = steps.find((s) => !s.ok);
    // A failed step is a bug (the intent above was just written): undo all of it rather than leave half a record.
    if (failed && !failed.ok) throw new Error(`recording the cancellation of ${o.payment.id}: ${failed.detail}`);
    return { ok: true as const, refund: getRefund(db, id)! };
  });
  return run.immediate();
}
