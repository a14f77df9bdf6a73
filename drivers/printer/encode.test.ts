import { describe, expect, it } from 'vitest';
import { encodable, encodeBlocks } from './encode';
import { gsv0 } from './gsv0';
import { emptyBitmap, setDot } from './bitmap';
import type { PrintBlock } from '../../shared/print-blocks';

const hex = (u: Uint8Array) => Buffer.from(u).toString('hex');
const INIT = '1b401c2e1b4d00';
const enc = (blocks: PrintBlock[], opts = {}) => encodeBlocks(blocks, { paper: 80, ...opts });

describe('encodeBlocks', () => {
  it('starts with ESC @ and encodes a left-aligned Latin line natively', () => {
    const { bytes } = enc([{ kind: 'text', text: 'Passeport', align: 'left' }]);
    expect(hex(bytes)).toBe(INIT + '1b7400' + Buffer.from('Passeport').toString('hex') + '0a');
  });

  it('selects a code page for accented letters and centres with spaces', () => {
    const { bytes } = enc([{ kind: 'text', text: 'é', align: 'center' }]);
    // 23 spaces, then é = 0x82 in CP437.
    expect(hex(bytes)).toBe(INIT + '1b7400' + '20'.repeat(23) + '82' + '0a');
  });

  it('wraps bold text in ESC E 1 / ESC E 0', () => {
    const { bytes } = enc([{ kind: 'text', text: 'TOTAL', align: 'left', bold: true }]);
    expect(hex(bytes)).toContain('1b4501' + '1b7400' + Buffer.from('TOTAL').toString('hex'));
    expect(hex(bytes)).toContain('1b4500');
  });

  it('prints the big number with GS ! magnification and resets it', () => {
    const { bytes } = enc([{ kind: 'big-number', text: 'A-023', scale: 5 }]);
    expect(hex(bytes)).toContain('1d2144');
    expect(hex(bytes)).toContain(Buffer.from('A-023').toString('hex'));
    expect(hex(bytes)).toMatch(/1d2100/);
  });

  it('sends the QR code as native GS ( k: model 2, module size, level M, store, print', () => {
    const { bytes, stats } = enc([{ kind: 'qr', payload: 'tkt_1', moduleDots: 6 }]);
    expect(stats.qr).toBe('native');
    const h = hex(bytes);
    expect(h).toContain('1d286b0400314132' + '00');
    expect(h).toContain('1d286b0300314306');
    expect(h).toContain('1d286b0300314531');
    expect(h).toContain('1d286b0800315030' + Buffer.from('tkt_1').toString('hex'));
    expect(h).toContain('1d286b0300315130');
    expect(bytes.length).toBeLessThan(120);
  });

  it('feeds with ESC d and cuts with GS V 1, with nothing after the cut', () => {
    // The encoder library follows its cut with a line feed, which would feed the next ticket's paper.
    expect(hex(enc([{ kind: 'feed', lines: 4 }, { kind: 'cut' }]).bytes)).toBe(INIT + '1b6404' + '1d5601');
    expect(hex(enc([{ kind: 'text', text: 'x', align: 'left' }, { kind: 'cut' }]).bytes)).toBe(INIT + '1b7400' + '78' + '0a' + '1d5601');
  });

  it('draws Arabic as GS v 0 bands placed with ESC a, without any Arabic code page text', () => {
    const { bytes, stats } = enc([{ kind: 'raster-text', text: 'جواز السفر', align: 'center', direction: 'rtl', lang: 'ar', sizeDots: 26 }]);
    expect(stats.rasterBands).toBe(1);
    const h = hex(bytes);
    expect(h.startsWith(INIT + '1b6101' + '1d763000')).toBe(true);
    expect(h.endsWith('1b6100')).toBe(true);
    expect(h).not.toContain('1b7420'); // ESC t 32 (CP720)
    // Header: width in bytes within the paper, rows within one band.
    const wBytes = bytes[INIT.length / 2 + 3 + 4]!;
    const rows = bytes[INIT.length / 2 + 3 + 6]!;
    expect(wBytes).toBeLessThanOrEqual(72);
    expect(rows).toBeGreaterThan(10);
    expect(bytes.length).toBe(INIT.length / 2 + 3 + 8 + wBytes * rows + 3);
  });

  it('sends full-width bands when trimming is off', () => {
    const { bytes } = enc([{ kind: 'raster-text', text: 'جواز السفر', align: 'center', direction: 'rtl', lang: 'ar', sizeDots: 26 }], { trimBands: false });
    expect(hex(bytes).slice(INIT.length, INIT.length + 12)).toBe('1d7630004800');
    expect(hex(bytes)).not.toContain('1b6101');
  });

  it('falls back to raster for text outside the code pages', () => {
    expect(encodable('Consulat général', 'epson-tm-t88vi')).toBe(true);
    expect(encodable('领事馆', 'epson-tm-t88vi')).toBe(false);
    const { stats } = enc([{ kind: 'text', text: '领事馆', align: 'left' }]);
    expect(stats.rasterBands).toBe(1);
    expect(stats.nativeLines).toBe(0);
  });

  it('sends the QR code as an image when the printer has no GS ( k', () => {
    const { bytes, stats } = enc([{ kind: 'qr', payload: 'tkt_1', moduleDots: 6 }], { nativeQr: false });
    expect(stats.qr).toBe('raster');
    expect(hex(bytes)).not.toContain('1d286b');
    expect(hex(bytes)).toContain('1b61011d763000');
  });

  it('fits 58 mm paper', () => {
    const { bytes } = encodeBlocks([{ kind: 'separator', char: '-' }], { paper: 58 });
    expect(hex(bytes)).toBe(INIT + '1b7400' + '2d'.repeat(32) + '0a');
  });
});

describe('gsv0', () => {
  it('packs rows MSB-first and splits tall images into bands of at most maxRows', () => {
    const b = emptyBitmap(16, 5);
    setDot(b, 0, 0);
    setDot(b, 15, 4);
    const out = gsv0(b, 2);
    expect(hex(out)).toBe('1d76300002000200' + '8000' + '0000' + '1d76300002000200' + '0000' + '0000' + '1d76300002000100' + '0001');
  });
});
