import { createRequire } from 'node:module';
import type QRCodeModule from 'qrcode';
import { describe, expect, it, vi } from 'vitest';
import { Page } from './paper';

const require = createRequire(import.meta.url);
const QRCode = require('qrcode') as typeof QRCodeModule;
// The module qrcode's create() calls for the best of the eight masks (CommonJS: one shared object to watch).
const maskPattern = require('qrcode/lib/core/mask-pattern') as { getBestMask: (...args: unknown[]) => number };

describe('Page.qr', () => {
  it('advances the paper by the size of the code the printer draws (best mask), sized without searching for it', () => {
    for (const level of ['L', 'M', 'Q', 'H'] as const)
      for (const payload of ['A-042', 'https://rdv.example.ma/t/' + 'x'.repeat(60), 'RDV1:' + 'Z'.repeat(300)]) {
        const page = new Page(576);
        const search = vi.spyOn(maskPattern, 'getBestMask');
        const size = page.qr(payload, 4, level, 1);
        expect(search).not.toHaveBeenCalled();
        search.mockRestore();
        expect(size).toBe(QRCode.create(payload, { errorCorrectionLevel: level }).modules.size * 4);
        expect(page.y).toBe(size);
        expect(page.summary.qr).toEqual([payload]);
      }
  });
});
