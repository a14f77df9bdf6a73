// Printer models known to the encoder's code page tables, and what each can do natively. The list is the
// encoder's own (ReceiptPrinterEncoder.printerModels, and each model's printerCapabilities.qrcode.supported),
// written out so that checking the configured model at start does not load the encoder: it is loaded by the
// first ticket, receipt or page composed (issue 14, start-up). models.test.ts checks the list against the encoder.
import type ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';

type EncoderOptions = NonNullable<ConstructorParameters<typeof ReceiptPrinterEncoder>[0]>;
export type PrinterModel = NonNullable<EncoderOptions['printerModel']>;

export const DEFAULT_MODEL: PrinterModel = 'epson-tm-t88vi';

/** [model, prints a QR code natively (GS ( k)]. */
export const PRINTER_MODELS: ReadonlyArray<readonly [PrinterModel, boolean]> = [
  ['bixolon-srp350', false],
  ['bixolon-srp350iii', true],
  ['citizen-ct-s310ii', true],
  ['epson-tm-m30ii', true],
  ['epson-tm-m30iii', true],
  ['epson-tm-p20ii', true],
  ['epson-tm-t20ii', true],
  ['epson-tm-t20iii', true],
  ['epson-tm-t20iv', true],
  ['epson-tm-t70', true],
  ['epson-tm-t70ii', true],
  ['epson-tm-t88ii', false],
  ['epson-tm-t88iii', false],
  ['epson-tm-t88iv', true],
  ['epson-tm-t88v', true],
  ['epson-tm-t88vi', true],
  ['epson-tm-t88vii', true],
  ['fujitsu-fp1000', true],
  ['hp-a779', true],
  ['meow', true],
  ['metapace-t1', false],
  ['mpt-ii', true],
  ['pos-5890', true],
  ['pos-8360', true],
  ['star-mc-print2', true],
  ['star-mpop', true],
  ['star-sm-l200', true],
  ['star-tsp100iii', true],
  ['star-tsp100iv', true],
  ['star-tsp650', false],
  ['star-tsp650ii', true],
  ['sunmi-p2se', true],
  ['sunmi-p3h', true],
  ['sunmi-p3kh', true],
  ['sunmi-p3mix', true],
  ['sunmi', true],
  ['xprinter-xp-n160ii', true],
  ['xprinter-xp-t80q', true],
  ['youku-58t', true],
];

/**
 * `processId`: the model answers GS ( H once a job has printed (Epson TM series). Others get no such
 * confirmation: their jobs count as printed after a clean status poll.
 */
export function resolveModel(name: string): { ok: true; model: PrinterModel; nativeQr: boolean; processId: boolean } | { ok: false; reason: string } {
  const known = PRINTER_MODELS.find(([m]) => m === name);
  if (!known) return { ok: false, reason: `printer model "${name}" is not known; use one of ${PRINTER_MODELS.map(([m]) => m).join(', ')}` };
  const [model, nativeQr] = known;
  return { ok: true, model, nativeQr, processId: model.startsWith('epson-') };
}
