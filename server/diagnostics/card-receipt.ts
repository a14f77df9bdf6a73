// Staff reprint a payment's card receipt from the diagnostics page: the terminal's customer copy as journaled
// (masked), with a title saying it is a duplicate. The reprint is journaled as its own event.
import type { DeviceTestDeps, TestResult } from './device-tests';
import { getPayment } from '../../store/payments';
import { printableReceipts, cardReceiptsFor } from '../../store/card-receipts';
import { appendEvent } from '../../store/events';
import { visitorCopy } from '../../domain/card-receipt';
import { layoutCardReceipt } from '../../domain/ticket/layout';
import { loadEncoder, resolveModel } from '../devices/index';

export const DUPLICATE_TITLE = 'DUPLICATA — REÇU CARTE / CARD RECEIPT COPY';

export async function reprintCardReceipt(ctx: DeviceTestDeps, paymentId: string, by: string): Promise<TestResult & { status?: number }> {
  const payment = getPayment(ctx.db, paymentId);
  if (!payment) return { ok: false, status: 404, message: `no payment ${paymentId} in the journal` };
  const stored = cardReceiptsFor(ctx.db, paymentId);
  if (!stored.length) {
    const why = payment.protocol === 'concert' ? 'Concert E+ terminals send no receipt data' : 'the terminal sent none (it prints its own receipt)';
    return { ok: false, status: 404, message: `payment ${paymentId} has no card receipt: ${why}` };
  }
  const lines = visitorCopy(printableReceipts(ctx.db, paymentId));
  if (!lines.length) return { ok: false, status: 410, message: `the card receipt of payment ${paymentId} was removed by the retention purge` };
  const p = ctx.hardware.printer;
  const model = resolveModel(p.model);
  if (!model.ok) return { ok: false, message: model.reason };
  const { encodeBlocks } = await loadEncoder();
  const { bytes } = encodeBlocks(layoutCardReceipt(DUPLICATE_TITLE, lines, p.paperWidth), { paper: p.paperWidth, model: model.model, nativeQr: p.nativeQr });
  const id = `card-receipt:${paymentId}:${Date.now().toString(36)}`;
  const r = await p.service.print({ id, kind: 'receipt', subject: paymentId, bytes });
  appendEvent(ctx.db, { kind: 'payment.card-receipt-reprinted', subject: paymentId, payload: { by, printed: r.ok, job: id } });
  return r.ok
    ? { ok: true, message: `card receipt of payment ${paymentId} reprinted`, data: { id } }
    : { ok: false, message: `card receipt not printed: ${r.reason}`, data: { id } };
}
