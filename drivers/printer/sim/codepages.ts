// Decodes printer text bytes back to characters. The table is learnt from the encoder itself (for each
// code page the model has: its ESC t number and the byte of each character), so the virtual printer
// reads exactly what a printer of that model would print, including CP864's isolated Arabic letters.
import type ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import type { PrinterModel } from '../encode';
import { receiptEncoder } from '../encoder-lib';

const PAGES = [
  'cp437',
  'cp737',
  'cp720',
  'cp775',
  'cp850',
  'cp851',
  'cp852',
  'cp853',
  'cp855',
  'cp857',
  'cp858',
  'cp860',
  'cp861',
  'cp862',
  'cp863',
  'cp864',
  'cp865',
  'cp866',
  'cp869',
  'iso8859-1',
  'iso8859-2',
  'iso8859-7',
  'iso8859-15',
  'windows1250',
  'windows1251',
  'windows1252',
  'windows1253',
  'windows1254',
  'windows1255',
  'windows1256',
  'windows1257',
  'windows1258',
];

const RANGES: Array<[number, number]> = [
  [0x00a1, 0x024f],
  [0x0370, 0x03ff],
  [0x0400, 0x045f],
  [0x05d0, 0x05ea],
  [0x0600, 0x06ff],
  [0x2010, 0x2027],
  [0x2030, 0x203a],
  [0x20ac, 0x20ac],
  [0x2500, 0x25a0],
  [0xfe70, 0xfefc],
];

const CHARS = RANGES.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => String.fromCodePoint(a + i)));
const CHUNK = 40;

const tables = new Map<string, Map<number, string>>();

function learnPage(model: PrinterModel, page: string, map: Map<number, string>): void {
  let enc: ReceiptPrinterEncoder;
  try {
    const Encoder = receiptEncoder();
    enc = new Encoder({ printerModel: model, columns: 48, newline: '\n' }).codepage(page as never);
  } catch {
    return;
  }
  const chunks: string[] = [];
  for (let i = 0; i < CHARS.length; i += CHUNK) chunks.push(CHARS.slice(i, i + CHUNK).join(''));
  for (const c of chunks) enc.line(c);
  let bytes: Uint8Array;
  try {
    bytes = enc.encode();
  } catch {
    return;
  }
  // ESC t n, then one byte per character and a newline per chunk.
  let n = -1;
  let k = 0;
  let ci = 0;
  while (k < bytes.length) {
    if (bytes[k] === 0x1b && bytes[k + 1] === 0x74) {
      n = bytes[k + 2] ?? -1;
      k += 3;
      continue;
    }
    if (bytes[k] === 0x0a) {
      k++;
      continue;
    }
    const ch = CHARS[ci] ?? '';
    const b = bytes[k] ?? 0;
    if (n >= 0 && b >= 0x80 && !map.has((n << 8) | b)) map.set((n << 8) | b, ch);
    k++;
    ci++;
  }
}

export function decodeByte(model: PrinterModel, codepage: number, byte: number): string {
  if (byte < 0x80) return String.fromCharCode(byte);
  let table = tables.get(model);
  if (!table) {
    table = new Map();
    for (const p of PAGES) learnPage(model, p, table);
    tables.set(model, table);
  }
  return table.get((codepage << 8) | byte) ?? '\ufffd';
}
