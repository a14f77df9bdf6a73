// The terminal's receipts when the ECR prints them (registration config bits 02 "ECR prints payment receipt"
// and 80 "print via ECR"): print lines (06 D1) or print text blocks (06 D3), collected into whole receipts.
//
// Sources (public; the ZVT specification itself is licensed to members):
// - 06 D1 attribute byte: "1xxx xxxx (not 80h): this is the last line; FFh: line feed, count follows;
//   01xx: centred; 0x1x: double width; 0xx1: double height" — Portalum.Zvt, src/Portalum.Zvt/Parsers/PrintLineParser.cs.
// - 06 D3 data: BMP 06 TLV container with tag 25 "print texts" (constructed) holding tag 07 text lines,
//   tag 1F07 the receipt type (01 merchant, 02 customer/cardholder, 03 administration) and tag 09 "end of
//   receipt" — Portalum.Zvt, src/Portalum.Zvt/Parsers/PrintTextBlockParser.cs and Models/ReceiptType.cs; the
//   possible tags 14, 25, 1F07, 1F37 of 06 D3 in Philipp3107/PLAT_GUI_ENTWURF's ZVT notes (TERMINAL_CODES.md).
// - Config bit 80: "receipt-printout via ECR using command 06 D1"; without it "the ECR compiles receipts itself
//   from the status-information" (same notes, "config bytes").
// Print lines carry no copy marker: a receipt printed line by line is 'unspecified' (the terminal sends its
// copies one after the other, each ended by a last-line attribute).
import { concat } from '../../bytes';
import { ascii, berLength, decodeBmps, encodeBmp, fromAscii } from './bmp';
import { encodeApdu } from './apdu';
import type { TerminalReceipt, ReceiptCopy } from '../types';

const TYPE_TO_COPY: Record<number, ReceiptCopy> = { 0x01: 'merchant', 0x02: 'customer', 0x03: 'administration' };
const COPY_TO_TYPE: Record<ReceiptCopy, number | undefined> = { merchant: 0x01, customer: 0x02, administration: 0x03, unspecified: undefined };

/** 06 D1 attribute: bit 7 with any other bit marks the receipt's last line; FF is a line feed, 80 is reserved. */
export const LAST_LINE = 0x81;
export function isLastLine(attribute: number): boolean {
  return (attribute & 0x80) !== 0 && attribute !== 0x80 && attribute !== 0xff;
}

export interface TextBlock {
  copy: ReceiptCopy;
  lines: string[];
  /** Tag 09 was present: the terminal says the receipt is complete. */
  complete: boolean;
}

/** Reads tag, BER length and value of one TLV entry; undefined when the buffer is cut short. */
function readTlv(buf: Uint8Array, at: number): { tag: number; value: Uint8Array; next: number } | undefined {
  if (at >= buf.length) return undefined;
  let tag = buf[at++]!;
  if ((tag & 0x1f) === 0x1f) {
    // Multi-byte tag: following bytes while bit 8 is set, then one more.
    while (at < buf.length && buf[at]! & 0x80) tag = (tag << 8) | buf[at++]!;
    if (at >= buf.length) return undefined;
    tag = (tag << 8) | buf[at++]!;
  }
  let len = buf[at++];
  if (len === undefined) return undefined;
  if (len === 0x81) len = buf[at++];
  else if (len === 0x82) {
    if (at + 1 >= buf.length) return undefined;
    len = (buf[at]! << 8) | buf[at + 1]!;
    at += 2;
  }
  if (len === undefined || at + len > buf.length) return undefined;
  return { tag, value: buf.subarray(at, at + len), next: at + len };
}

function walk(buf: Uint8Array, out: TextBlock, depth: number): void {
  let at = 0;
  while (depth < 4) {
    const e = readTlv(buf, at);
    if (!e) return;
    at = e.next;
    if (e.tag === 0x07) out.lines.push(ascii(e.value));
    else if (e.tag === 0x1f07) out.copy = TYPE_TO_COPY[e.value[0] ?? 0] ?? 'unspecified';
    else if (e.tag === 0x09) out.complete = true;
    else if (e.tag === 0x25 || (e.tag <= 0xff && e.tag & 0x20)) walk(e.value, out, depth + 1);
  }
}

/** 06 D3 data → the block's copy, lines and end mark. */
export function parseTextBlock(data: Uint8Array): TextBlock {
  const out: TextBlock = { copy: 'unspecified', lines: [], complete: false };
  const tlv = decodeBmps(data).fields.get(0x06);
  if (tlv) walk(tlv, out, 0);
  return out;
}

function tlv(tag: number, value: Uint8Array): Uint8Array {
  const t = tag > 0xff ? Uint8Array.of(tag >>> 8, tag & 0xff) : Uint8Array.of(tag);
  return concat(t, berLength(value.length), value);
}

/** 06 D3 as a terminal sends it: TLV { 1F07 type, 25 { 07 line … }, 09 end of receipt }. */
export function printTextBlock(copy: ReceiptCopy, lines: readonly string[], complete = true): Uint8Array {
  const type = COPY_TO_TYPE[copy];
  const parts: Uint8Array[] = [];
  if (type !== undefined) parts.push(tlv(0x1f07, Uint8Array.of(type)));
  parts.push(tlv(0x25, concat(...lines.map((l) => tlv(0x07, fromAscii(l))))));
  if (complete) parts.push(tlv(0x09, new Uint8Array(0)));
  return encodeApdu(0x06, 0xd3, encodeBmp(0x06, concat(...parts)));
}

/** Gathers print lines and text blocks of one command into whole receipts. */
export class ReceiptCollector {
  readonly receipts: TerminalReceipt[] = [];
  private open: string[] = [];

  line(attribute: number, text: string): void {
    if (attribute === 0xff) return; // a paper feed, not text
    this.open.push(text);
    if (isLastLine(attribute)) this.flush();
  }

  block(b: TextBlock): void {
    this.flush();
    // A text block without an end mark may be continued by the next block of the same copy.
    const last = this.receipts.at(-1);
    if (last && last.copy === b.copy && last.continues) {
      last.lines.push(...b.lines);
      last.continues = !b.complete;
      return;
    }
    this.receipts.push({ copy: b.copy, lines: [...b.lines], continues: !b.complete });
  }

  /** Lines received without a last-line mark form a receipt of their own (the command ended). */
  flush(): void {
    if (this.open.length) this.receipts.push({ copy: 'unspecified', lines: this.open });
    this.open = [];
  }

  /** The receipts, with the bookkeeping flag removed. */
  done(): TerminalReceipt[] {
    this.flush();
    return this.receipts.map(({ copy, lines }) => ({ copy, lines }));
  }
}
