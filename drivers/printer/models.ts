// Printer models known to the encoder's code page tables, and what each can do natively.
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import type { PrinterModel } from './encode';

/**
 * `processId`: the model answers GS ( H once a job has printed (Epson TM series). Others get no such
 * confirmation: their jobs count as printed after a clean status poll.
 */
export function resolveModel(name: string): { ok: true; model: PrinterModel; nativeQr: boolean; processId: boolean } | { ok: false; reason: string } {
  const known = ReceiptPrinterEncoder.printerModels.map((m) => m.id);
  if (!known.includes(name)) return { ok: false, reason: `printer model "${name}" is not known; use one of ${known.join(', ')}` };
  const model = name as PrinterModel;
  const caps = new ReceiptPrinterEncoder({ printerModel: model }).printerCapabilities as { qrcode?: { supported?: boolean } };
  return { ok: true, model, nativeQr: caps.qrcode?.supported ?? false, processId: model.startsWith('epson-') };
}
