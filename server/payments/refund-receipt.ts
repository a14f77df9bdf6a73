// The refund receipt on the kiosk's printer (issue 17): printed once a refund is journaled as done, and again on a
// supervisor's request. The refund is done whatever the printer does: a printer that cannot print is an answer
// (the supervisor reprints later), never an error of the refund. Each print is a print job (kind receipt, subject
// the refund's id) and an event `refund.receipt-printed` saying who asked and whether it printed.
import type { Db } from '../../store/db';
import { appendEvent } from '../../store/events';
import { getPayment } from '../../store/payments';
import { DONE_STATES, getRefund, refundable } from '../../store/refunds';
import { maskLines, maskPans } from '../../domain/card-receipt';
import { layoutRefundReceipt, type RefundReceiptContent } from '../../domain/ticket/refund-receipt';
import type { KioskConfig } from '../config/schema';
import { serverTicketWords } from '../i18n/ticket-words';
import { loadEncoder, resolveModel, type Devices } from '../devices/index';
import type { Fail } from '../../shared/result';

export interface RefundReceiptDeps {
  db: Db;
  consulate: Pick<KioskConfig['consulate'], 'code' | 'name' | 'timeZone'>;
  /** The daemon's printer slot (read at call time: a switch to the simulator takes effect at once). */
  printer: () => Pick<Devices['printer'], 'service' | 'model' | 'paperWidth' | 'nativeQr'>;
  /** The labels' language; French by default (the Arabic title is always printed). */
  language?: string;
}

export type RefundReceiptResult =
  { ok: true; job: string; detail: string } | Fail<'not-found' | 'not-refunded' | 'printer', { detail: string; status: 404 | 409 | 503 }>;

/** Printer states a print would wait out (up to minutes) before failing: answered at once instead. */
const WAITING = new Set(['paper-out', 'cover-open', 'offline']);

/** What the receipt says: the journal's refund and payment, the card data masked again (the refund row keeps the terminal's text). */
export function refundReceiptContent(deps: Pick<RefundReceiptDeps, 'db' | 'consulate' | 'language'>, refundId: string): RefundReceiptContent | undefined {
  const r = getRefund(deps.db, refundId);
  const p = r && getPayment(deps.db, r.paymentId);
  if (!r || !p) return undefined;
  const left = refundable(deps.db, p);
  const name = deps.consulate.name;
  return {
    consulateName: { ar: name.ar ?? name.fr ?? deps.consulate.code, fr: name.fr ?? deps.consulate.code },
    language: deps.language ?? 'fr',
    timeZone: deps.consulate.timeZone,
    region: deps.consulate.code.slice(0, 2),
    kind: r.method,
    payment: {
      at: new Date(p.createdAt),
      amountMinor: p.approvedAmountMinor ?? p.amountMinor,
      currency: p.approvedCurrency ?? p.currency,
      eTimbreReference: r.etimbreReference ?? p.reference,
      authCode: p.authCode,
      maskedPan: p.maskedPan && maskPans(p.maskedPan),
      receiptNo: p.receiptNo,
      terminalRef: p.shortRef,
    },
    refund: {
      id: r.id,
      // A refund settled by staff was done when they settled it; otherwise when the terminal answered.
      at: new Date(r.settledAt ?? r.updatedAt),
      amountMinor: r.terminalAmountMinor ?? r.amountMinor,
      currency: r.currency,
      why: r.why,
      by: r.requestedBy,
      receiptNo: r.receiptNo,
      fully: left.refundedMinor >= left.approvedMinor,
      leftMinor: Math.max(0, left.approvedMinor - left.refundedMinor),
    },
    ...(r.receiptLines?.length ? { terminalReceiptLines: maskLines(r.receiptLines) } : {}),
  };
}

export async function printRefundReceipt(deps: RefundReceiptDeps, refundId: string, o: { by: string; duplicate?: boolean }): Promise<RefundReceiptResult> {
  const refund = getRefund(deps.db, refundId);
  if (!refund) return { ok: false, reason: 'not-found', status: 404, detail: `no refund ${refundId} in the journal` };
  if (!DONE_STATES.includes(refund.state))
    return {
      ok: false,
      reason: 'not-refunded',
      status: 409,
      detail: `refund ${refundId} is ${refund.state}: a refund receipt is printed only for money that went back`,
    };
  const content = refundReceiptContent(deps, refundId)!;
  const p = deps.printer();
  const record = (printed: boolean, job: string | null, why?: string) =>
    appendEvent(deps.db, {
      kind: 'refund.receipt-printed',
      subject: refundId,
      payload: { paymentId: refund.paymentId, by: o.by, duplicate: o.duplicate ?? false, printed, job, ...(why ? { reason: why } : {}) },
    });
  const ready = await p.service.checkReady();
  if (!ready.ok && WAITING.has(ready.status.state)) {
    record(false, null, ready.reason);
    return {
      ok: false,
      reason: 'printer',
      status: 503,
      detail: `refund receipt not printed (printer ${ready.status.state}: ${ready.reason}); reprint it once the printer is ready`,
    };
  }
  const model = resolveModel(p.model);
  if (!model.ok) return { ok: false, reason: 'printer', status: 503, detail: model.reason };
  const { encodeBlocks } = await loadEncoder();
  const { bytes } = encodeBlocks(layoutRefundReceipt({ ...content, ...(o.duplicate ? { duplicate: true } : {}) }, p.paperWidth, await serverTicketWords()), {
    paper: p.paperWidth,
    model: model.model,
    nativeQr: p.nativeQr,
  });
  const job = `refund-receipt:${refundId}:${Date.now().toString(36)}`;
  const r = await p.service.print({ id: job, kind: 'receipt', subject: refundId, bytes });
  record(r.ok, job, r.ok ? undefined : r.reason);
  return r.ok
    ? { ok: true, job, detail: `refund receipt of ${refundId} printed` }
    : { ok: false, reason: 'printer', status: 503, detail: `refund receipt not printed: ${r.reason}; reprint it once the printer is ready` };
}
