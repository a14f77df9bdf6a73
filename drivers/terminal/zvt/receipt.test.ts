import { describe, expect, it } from 'vitest';
import { decodeApdu } from './apdu';
import { isLastLine, parseTextBlock, printTextBlock, ReceiptCollector } from './receipt';

const data = (apdu: Uint8Array) => {
  const d = decodeApdu(apdu);
  if (!d.ok) throw new Error('bad apdu');
  return d.apdu.data;
};

describe('ZVT receipts', () => {
  it('reads the copy (1F07), the lines (25 { 07 … }) and the end mark (09) of a text block', () => {
    // 06 TLV: 1F07 01 02 | 25 07 { 07 01 "A", 07 02 "BC" } | 09 00
    const bytes = Uint8Array.from([0x06, 0x0f, 0x1f, 0x07, 0x01, 0x02, 0x25, 0x07, 0x07, 0x01, 0x41, 0x07, 0x02, 0x42, 0x43, 0x09, 0x00]);
    expect(parseTextBlock(bytes)).toEqual({ copy: 'customer', lines: ['A', 'BC'], complete: true });
  });
  it('round-trips what the simulator sends', () => {
    expect(parseTextBlock(data(printTextBlock('merchant', ['X', 'Y'])))).toEqual({ copy: 'merchant', lines: ['X', 'Y'], complete: true });
    expect(parseTextBlock(data(printTextBlock('unspecified', ['Z'], false)))).toEqual({ copy: 'unspecified', lines: ['Z'], complete: false });
  });
  it('a print line attribute with bit 7 (not 80, not FF) ends a receipt', () => {
    expect([0x00, 0x40, 0x80, 0xff].map(isLastLine)).toEqual([false, false, false, false]);
    expect([0x81, 0xc0, 0x90].map(isLastLine)).toEqual([true, true, true]);
  });
  it('collects lines into receipts and joins an unfinished block with its continuation', () => {
    const c = new ReceiptCollector();
    c.line(0, 'a');
    c.line(0xff, '');
    c.line(0x81, 'b');
    c.line(0, 'c');
    c.block({ copy: 'customer', lines: ['d'], complete: false });
    c.block({ copy: 'customer', lines: ['e'], complete: true });
    expect(c.done()).toEqual([
      { copy: 'unspecified', lines: ['a', 'b'] },
      { copy: 'unspecified', lines: ['c'] },
      { copy: 'customer', lines: ['d', 'e'] },
    ]);
  });
});
