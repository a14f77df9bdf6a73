// Nothing but status queries may follow the cut: a line feed after it feeds paper at the top of the next
// ticket (a blank line above every ticket but the first).
import { describe, expect, it } from 'vitest';
import { layoutReceipt, layoutTicket } from '../../domain/ticket/layout';
import type { PrintBlock } from '../../shared/print-blocks';
import { encodeBlocks } from '../../drivers/printer/encode';
import { VirtualPrinter } from '../../drivers/printer/sim/virtual-printer';
import { testPageBlocks } from '../../drivers/printer/test-page';
import { PAPERS } from '../../shared/print-blocks';
import { sampleReceipt, sampleTicket } from './sample';
import { shippedWords as words } from '../support/ticket-words';

const CUT = [0x1d, 0x56, 0x01];

describe.each([80, 58] as const)('%i mm: the cut is the last byte of every layout', (paper) => {
  const layouts: Array<[string, PrintBlock[]]> = [
    ['ticket', layoutTicket(sampleTicket, paper, words)],
    ['ticket in Arabic', layoutTicket({ ...sampleTicket, language: 'ar' }, paper, words)],
    ['receipt', layoutReceipt(sampleReceipt, paper, words)],
    ['test page', testPageBlocks(PAPERS[paper], '2025-01-15 10:00')],
  ];
  for (const [name, blocks] of layouts) {
    it(`${name} ends with GS V 1 and nothing after it`, () => {
      const { bytes } = encodeBlocks(blocks, { paper });
      expect([...bytes.subarray(-3)]).toEqual(CUT);
    });
  }

  it('the second of two tickets printed in a row is no taller than the first (no blank line on top)', () => {
    const printer = new VirtualPrinter({ paperDots: PAPERS[paper].dots });
    const { bytes } = encodeBlocks(layoutTicket(sampleTicket, paper, words), { paper });
    printer.receive(bytes);
    printer.receive(bytes);
    expect(printer.jobs.map((j) => j.heightDots)).toEqual([printer.jobs[0]!.heightDots, printer.jobs[0]!.heightDots]);
  });
});
