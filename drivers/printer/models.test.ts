// The printer models checked at start are the encoder's, with the encoder's own answer about native QR codes:
// the list is written out so that a start does not load the encoder (issue 14), and must not drift from it.
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import { describe, expect, it } from 'vitest';
import { PRINTER_MODELS, resolveModel } from './models';

describe('printer models', () => {
  it("are the encoder's models, each with the encoder's answer about native QR codes", () => {
    const encoders = ReceiptPrinterEncoder.printerModels.map((m) => {
      const caps = new ReceiptPrinterEncoder({ printerModel: m.id as never }).printerCapabilities as { qrcode?: { supported?: boolean } };
      return [m.id, caps.qrcode?.supported ?? false];
    });
    expect(PRINTER_MODELS).toEqual(encoders);
  });

  it('resolves a known model and refuses an unknown one, naming the known ones', () => {
    expect(resolveModel('epson-tm-t88vi')).toEqual({ ok: true, model: 'epson-tm-t88vi', nativeQr: true, processId: true });
    expect(resolveModel('star-tsp650')).toEqual({ ok: true, model: 'star-tsp650', nativeQr: false, processId: false });
    const r = resolveModel('epson-tm-t99');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/^printer model "epson-tm-t99" is not known; use one of bixolon-srp350, .*youku-58t$/);
  });
});
