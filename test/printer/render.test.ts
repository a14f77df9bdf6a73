// The virtual printer renders a known ticket to a PNG of the paper: the QR decodes to the ticket id,
// the Arabic lines are raster bands, and nothing is wider than the paper.
import { describe, expect, it } from 'vitest';
import { layoutReceipt, layoutTicket } from '../../domain/ticket/layout';
import type { PrintBlock } from '../../shared/print-blocks';
import { encodeBlocks } from '../../drivers/printer/encode';
import { VirtualPrinter } from '../../drivers/printer/sim/virtual-printer';
import { decodePng } from './decode';
import { sampleReceipt, sampleTicket, TICKET_ID } from './sample';
import { shippedWords as words } from '../support/ticket-words';

function print(blocks: PrintBlock[], paper: 80 | 58, opts: { nativeQr?: boolean } = {}) {
  const printer = new VirtualPrinter({ paperDots: paper === 80 ? 576 : 384 });
  const { bytes, stats } = encodeBlocks(blocks, { paper, ...opts });
  printer.receive(bytes);
  expect(printer.jobs).toHaveLength(1);
  return { job: printer.jobs[0]!, stats, bytes };
}

describe.each([80, 58] as const)('%i mm paper', (paper) => {
  const dots = paper === 80 ? 576 : 384;

  it('prints the ticket with a readable QR, Arabic raster bands, within the paper width', () => {
    const { job, stats } = print(layoutTicket(sampleTicket, paper, words), paper);
    expect(job.complete).toBe(true);
    expect(job.warnings).toEqual([]);
    expect(job.qr).toEqual([TICKET_ID]);
    const png = decodePng(job.png);
    expect(png.width).toBe(dots);
    expect(png.qr).toBe(TICKET_ID);
    // Consulate name and service name in Arabic.
    expect(job.rasterBands).toBeGreaterThanOrEqual(2);
    expect(stats.rasterBands).toBe(job.rasterBands);
    expect(job.lines).toContain('A-023');
    expect(job.lines).toContain('Passeport');
    expect(job.lines.every((l) => l.length <= (paper === 80 ? 48 : 32))).toBe(true);
  });

  it('prints the receipt with fees, total, eTimbre reference, auth code and masked card', () => {
    const { job } = print(layoutReceipt(sampleReceipt, paper, words), paper);
    expect(job.complete).toBe(true);
    expect(job.warnings).toEqual([]);
    const text = job.lines.join('\n');
    for (const s of ['86,00 EUR', 'ET-2025-000123', '123456', '**** **** **** 1234', 'MONTANT 86,00 EUR']) expect(text).toContain(s);
    expect(job.rasterBands).toBeGreaterThanOrEqual(2);
  });

  it('draws the QR as an image for printers without GS ( k, still readable', () => {
    const { job, stats, bytes } = print(layoutTicket(sampleTicket, paper, words), paper, { nativeQr: false });
    expect(stats.qr).toBe('raster');
    expect(Buffer.from(bytes).includes(Buffer.from([0x1d, 0x28, 0x6b]))).toBe(false);
    expect(job.qr).toEqual([]);
    expect(decodePng(job.png).qr).toBe(TICKET_ID);
  });
});

it('prints an Arabic-language ticket with its labels as raster and the number native', () => {
  const { job } = print(layoutTicket({ ...sampleTicket, language: 'ar' }, 80, words), 80);
  expect(job.warnings).toEqual([]);
  expect(job.lines).toContain('A-023');
  expect(job.rasterBands).toBeGreaterThanOrEqual(5);
  expect(decodePng(job.png).qr).toBe(TICKET_ID);
});
