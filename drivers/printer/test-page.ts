// The technician's test print: every kind of block once, so one page shows whether text, accents,
// magnification, Arabic raster, the QR code and the cutter all work.
import type { PrintBlock } from '../../shared/print-blocks';

export function testPageBlocks(paper: { columns: number }, when: string): PrintBlock[] {
  return [
    { kind: 'text', text: 'TEST PRINT / IMPRESSION TEST', align: 'center', bold: true },
    { kind: 'text', text: when, align: 'center' },
    { kind: 'separator', char: '=' },
    { kind: 'text', text: 'Latin: àâçéèêëîïôûùüÿ ÀÉÈ ñ ß €', align: 'left' },
    { kind: 'text', text: '0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ'.slice(0, paper.columns), align: 'left' },
    { kind: 'raster-text', text: 'اختبار الطباعة: القنصلية العامة', align: 'right', direction: 'rtl', lang: 'ar', sizeDots: 26 },
    { kind: 'text', text: 'Left', align: 'left' },
    { kind: 'text', text: 'Centre', align: 'center' },
    { kind: 'text', text: 'Right', align: 'right' },
    { kind: 'text', text: 'DOUBLE', align: 'center', size: 2 },
    { kind: 'big-number', text: 'Z-999', scale: paper.columns >= 48 ? 5 : 4 },
    { kind: 'qr', payload: 'TEST-PRINT', moduleDots: 6 },
    { kind: 'separator', char: '-' },
    { kind: 'feed', lines: 4 },
    { kind: 'cut' },
  ];
}
