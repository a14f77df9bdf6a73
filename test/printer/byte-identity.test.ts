// Issue 14: our code-page tables must give the bytes the library's 'auto' gives, byte for byte, on
// everything the kiosk prints, and without the per-character table copies that made 'auto' slow.
import CodepageEncoder from '@point-of-sale/codepage-encoder';
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { layoutReceipt, layoutTicket } from '../../domain/ticket/layout';
import { encodable, encodeBlocks, type PrinterModel } from '../../drivers/printer/encode';
import { codepageTable } from '../../drivers/printer/codepages';
import { testPageBlocks } from '../../drivers/printer/test-page';
import { renderBlocks, type ReportDoc } from '../../server/reports/document';
import { PAPERS, type Align, type PrintBlock } from '../../shared/print-blocks';
import { encodeWithLibraryAuto, libraryEncodable } from './library-auto';
import { sampleReceipt, sampleTicket } from './sample';
import { shippedWords as words } from '../support/ticket-words';

const LANGUAGES = ['fr', 'ar', 'en', 'es', 'xx'];
// The default (Epson's table, which most clones copy), a Star (another command set and first page), a short mapping.
const MODELS: PrinterModel[] = ['epson-tm-t88vi', 'star-mc-print2', 'bixolon-srp350'];

// Texts that reach the encoder: accented Latin of every app language, pages other than the first
// (À, €, Œ, ã, Greek, Cyrillic), characters in no page (CJK, emoji, lone surrogates), the filler U+FFFD,
// "?" literals, the empty string, and lines long enough to wrap mid-way through a page change.
const STRINGS = [
  'Consulat général du Royaume du Maroc à Paris',
  'Su número · Personas: 2 · Espera estimada: 25 min ¿Dónde? ¡Aquí!',
  'Ihre Nummer: Größe, Straße, Übersicht',
  'À ÉCOUTER: Œuvre, cœur, Ÿ, Ê, Ô — 86,00 €',
  '€ first, then ASCII',
  'São João, Conceição, ações',
  'Ελληνικά και Русский текст',
  'Kaç kişi? Şişli, İstanbul, ğ',
  'Why? Pourquoi ? ¿Por qué? ??',
  '领事馆 and 🎫 ticket',
  'lone \ud800 surrogate',
  'filler \ufffd char',
  '',
  ' ',
  'x'.repeat(47) + ' Àccent wrap ' + 'é'.repeat(20) + ' € ' + 'Œ'.repeat(30),
  '─'.repeat(10) + '═╗║╝ box ░▒▓',
  '\t tab and\nnewline',
];

function textBlocks(text: string): PrintBlock[] {
  const out: PrintBlock[] = [];
  for (const align of ['left', 'center', 'right'] as Align[]) {
    out.push({ kind: 'text', text, align });
    out.push({ kind: 'text', text, align, bold: true });
    out.push({ kind: 'text', text, align, size: 2 });
  }
  out.push({ kind: 'separator', char: '=' }, { kind: 'separator', char: '-' });
  out.push({ kind: 'big-number', text: text.slice(0, 5), scale: 3 });
  out.push({ kind: 'raster-text', text: 'عربي', align: 'right', direction: 'rtl', lang: 'ar', sizeDots: 26 });
  out.push({ kind: 'text', text, align: 'center' });
  return out;
}

const dayClose: ReportDoc = {
  title: 'Clôture de caisse — 12/05/2025',
  subtitle: ['Consulat général à Paris', 'Caisse 2 · Agent : Zoé Ménard'],
  sections: [
    {
      heading: 'Totaux',
      facts: [
        ['Encaissé', '1 234,00 €'],
        ['Écart', '-2,50 €'],
        ['Opérations', '42'],
      ],
    },
    {
      heading: 'Détail',
      table: { columns: [{ label: 'Réf.' }, { label: 'Libellé', weight: 3 }, { label: 'Montant', align: 'right' }], rows: [['ET-1', 'Passeport', '78,00 €']] },
    },
    { heading: 'Notes', notes: ['Œuvre: vérifié ?', 'Aucune anomalie signalée à la fermeture'] },
  ],
  footer: 'Imprimé le 12/05/2025 à 18:03',
};

function corpus(): Array<[string, PrintBlock[], 80 | 58]> {
  const out: Array<[string, PrintBlock[], 80 | 58]> = [];
  for (const paper of [80, 58] as const) {
    out.push([`test page ${paper}`, testPageBlocks(PAPERS[paper], '2025-05-12T08:32:00.000Z — kiosk-1 — tech'), paper]);
    out.push([`day close ${paper}`, renderBlocks(dayClose, PAPERS[paper].columns), paper]);
    for (const language of LANGUAGES) {
      out.push([`ticket ${language} ${paper}`, layoutTicket({ ...sampleTicket, language }, paper, words), paper]);
      out.push([`receipt ${language} ${paper}`, layoutReceipt({ ...sampleReceipt, language, terminalRef: '0303-0042' }, paper, words), paper]);
    }
    out.push([
      `ticket accents ${paper}`,
      layoutTicket({ ...sampleTicket, serviceName: { ar: 'جواز', fr: 'État civil — Œuvre €', es: 'Año' }, note: 'À bientôt ? Ça marche !' }, paper, words),
      paper,
    ]);
    out.push([`strings ${paper}`, STRINGS.flatMap(textBlocks), paper]);
  }
  return out;
}

describe('code-page tables give the bytes of the library auto mode', () => {
  for (const model of MODELS) {
    it(`every print of the corpus, byte for byte (${model})`, () => {
      for (const [name, blocks, paper] of corpus()) {
        const ours = encodeBlocks(blocks, { paper, model });
        const reference = encodeWithLibraryAuto(blocks, { paper, model });
        expect(Buffer.from(ours.bytes).equals(Buffer.from(reference.bytes)), `${name} on ${model}`).toBe(true);
        expect(ours.stats).toEqual(reference.stats);
      }
    }, 180_000); // the reference is the slow library path
  }

  it('each string after every other string', () => {
    // The page left selected by one line decides whether the next one sends a page command.
    const few = STRINGS.filter((s) => s.length < 80);
    for (const a of few) {
      for (const b of few) {
        const blocks: PrintBlock[] = [
          { kind: 'text', text: a, align: 'center' },
          { kind: 'text', text: b, align: 'left', bold: true },
        ];
        expect(Buffer.from(encodeBlocks(blocks).bytes).equals(Buffer.from(encodeWithLibraryAuto(blocks).bytes)), `${a} / ${b}`).toBe(true);
      }
    }
  }, 120_000);

  it('encodable() agrees with the old encode-and-count check on every character of every code page', () => {
    const chars = new Set<number>();
    for (const page of CodepageEncoder.getEncodings()) for (const cp of CodepageEncoder.getEncoding(page).codepoints) chars.add(cp);
    for (const cp of [0x4e00, 0x1f3ab, 0xd800, 0x0627, 0x20ac, 0x3f]) chars.add(cp);
    for (const model of ['epson-tm-t88vi', 'star-mc-print2'] as PrinterModel[]) {
      const differ = [...chars].map((cp) => String.fromCodePoint(cp)).filter((c) => encodable(c, model) !== libraryEncodable(c, model));
      expect(differ, model).toEqual([]);
    }
    for (const s of STRINGS) expect(encodable(s), s).toBe(libraryEncodable(s, 'epson-tm-t88vi'));
  }, 120_000);

  it('the first candidate is the page the library starts with', () => {
    // A space opens every line, and 'auto' takes the first candidate that has it.
    const bytes = new ReceiptPrinterEncoder({ printerModel: 'star-mc-print2' }).codepage('auto').text('A').encode();
    const fixed = new ReceiptPrinterEncoder({ printerModel: 'star-mc-print2' }).codepage(codepageTable('star-mc-print2').first).text('A').encode();
    expect([...bytes]).toEqual([...fixed]);
  });
});

describe('composing a ticket copies no code-page table per character', () => {
  afterEach(() => vi.restoreAllMocks());

  it('a French receipt asks the library for a table once per text item, not once per character and page', () => {
    const blocks = layoutReceipt(sampleReceipt, 80, words);
    encodeBlocks(blocks); // tables built once per process, outside the count
    const spy = vi.spyOn(CodepageEncoder, 'getEncoding');
    encodeBlocks(blocks);
    const natives = blocks.filter((b) => b.kind !== 'raster-text').length;
    expect(spy.mock.calls.length).toBeLessThanOrEqual(2 * natives);
  });
});
