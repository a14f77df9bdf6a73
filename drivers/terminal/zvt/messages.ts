// ZVT APDUs the kiosk and the simulated terminal exchange: builders and parsers. Pure.
import { encodeApdu } from './apdu';
import { concat } from '../../bytes';
import { amountToBcd, ascii, bcdToNumber, decodeBmps, encodeBmp, fromAscii, fromBcd, panToBcd, toBcd, varLength, type Fields } from './bmp';

export const CMD = {
  registration: 0x0600,
  authorisation: 0x0601,
  completion: 0x060f,
  abort: 0x061e,
  repeatReceipt: 0x0620,
  reversal: 0x0630,
  refund: 0x0631,
  endOfDay: 0x0650,
  ecrAbort: 0x06b0,
  printLine: 0x06d1,
  printTextBlock: 0x06d3,
  statusInfo: 0x040f,
  intermediate: 0x04ff,
  statusEnquiry: 0x0501,
} as const;

/** Registration config byte bits. */
export const CONFIG = {
  ecrPrintsPayment: 0x02,
  ecrPrintsAdmin: 0x04,
  intermediateStatus: 0x08,
  ecrControlsPayment: 0x10,
  ecrControlsAdmin: 0x20,
  printLines: 0x80,
} as const;

export const DEFAULT_CONFIG_BYTE = CONFIG.ecrPrintsPayment | CONFIG.ecrPrintsAdmin | CONFIG.intermediateStatus | CONFIG.ecrControlsPayment | CONFIG.printLines;

const apdu = (command: number, data: Uint8Array | number[] = []) => encodeApdu(command >>> 8, command & 0xff, data);

export const positive = (): Uint8Array => Uint8Array.of(0x80, 0x00, 0x00);
export const negative = (code: number): Uint8Array => Uint8Array.of(0x84, code, 0x00);

export function password(pw: string): Uint8Array {
  return toBcd(pw, 3);
}

export function currencyBcd(numeric: string): Uint8Array {
  return toBcd(numeric, 2);
}

export function registration(pw: string, config: number, currencyNumeric?: string): Uint8Array {
  return apdu(CMD.registration, concat(password(pw), Uint8Array.of(config), currencyNumeric ? currencyBcd(currencyNumeric) : new Uint8Array(0)));
}

export interface AuthorisationParams {
  amountMinor: number;
  currencyNumeric?: string;
  /** BMP 01: seconds; without it some terminals ask for the completion decision in a tight loop. */
  timeoutSeconds?: number;
  maxStatusInfos?: number;
}

export function authorisation(p: AuthorisationParams): Uint8Array {
  const parts = [encodeBmp(0x04, amountToBcd(p.amountMinor))];
  if (p.currencyNumeric) parts.push(encodeBmp(0x49, currencyBcd(p.currencyNumeric)));
  if (p.timeoutSeconds !== undefined) parts.push(encodeBmp(0x01, Uint8Array.of(Math.max(1, Math.min(255, p.timeoutSeconds)))));
  if (p.maxStatusInfos !== undefined) parts.push(encodeBmp(0x02, Uint8Array.of(p.maxStatusInfos)));
  return apdu(CMD.authorisation, concat(...parts));
}

export const statusEnquiry = (pw: string) => apdu(CMD.statusEnquiry, password(pw));
export const repeatReceipt = (pw: string) => apdu(CMD.repeatReceipt, password(pw));
export const endOfDay = (pw: string) => apdu(CMD.endOfDay, password(pw));
export const ecrAbort = () => apdu(CMD.ecrAbort);
export const reversal = (pw: string, receiptNumber: string) => apdu(CMD.reversal, concat(password(pw), encodeBmp(0x87, toBcd(receiptNumber, 2))));

/**
 * 06 31 refund: password, then BMP 04 amount and BMP 49 currency, as ZVT spec 13.13 and the independent
 * kotlin-zvt-library (ZvtCommandBuilder.buildRefund) build it. The card is presented again; the flow that follows
 * is an authorisation's (04 FF, 04 0F, 06 0F or 06 1E).
 */
export function refund(pw: string, p: { amountMinor: number; currencyNumeric?: string }): Uint8Array {
  const parts = [password(pw), encodeBmp(0x04, amountToBcd(p.amountMinor))];
  if (p.currencyNumeric) parts.push(encodeBmp(0x49, currencyBcd(p.currencyNumeric)));
  return apdu(CMD.refund, concat(...parts));
}

/** The terminal's reading of 06 31: the password, then the authorisation's BMPs. */
export function parseRefund(data: Uint8Array): ReturnType<typeof parseAuthorisation> {
  if (data.length < 3) return { problem: 'refund without password' };
  return parseAuthorisation(data.subarray(3));
}

// ---- terminal → kiosk

export const intermediate = (code: number, timeoutSeconds?: number) => apdu(CMD.intermediate, timeoutSeconds === undefined ? [code] : [code, timeoutSeconds]);
export const completion = (data: Uint8Array = new Uint8Array(0)) => apdu(CMD.completion, data);
export const abortFromPt = (code: number) => apdu(CMD.abort, [code]);
export const printLine = (text: string, attribute = 0x00) => apdu(CMD.printLine, concat(Uint8Array.of(attribute), fromAscii(text)));

/** Completion of a status enquiry: software version (LLLVAR) + terminal status byte. */
export const statusCompletion = (swVersion: string, terminalStatus: number) =>
  completion(concat(varLength(swVersion.length, 3), fromAscii(swVersion), Uint8Array.of(terminalStatus)));

export interface StatusInfo {
  resultCode?: number;
  amountMinor?: number;
  currencyNumeric?: string;
  trace?: string;
  receiptNumber?: string;
  terminalId?: string;
  authCode?: string;
  cardName?: string;
  maskedPan?: string;
  cardType?: number;
  date?: string;
  time?: string;
  turnover?: string;
  /** From BMP 60 (end of day): sum of the per-card-type counts. */
  totalsCount?: number;
  additionalText?: string;
  /** Set when a BMP could not be decoded; the fields before it are still here. */
  parseProblem?: string;
}

export function statusInfo(info: StatusInfo): Uint8Array {
  const parts: Uint8Array[] = [];
  if (info.resultCode !== undefined) parts.push(encodeBmp(0x27, Uint8Array.of(info.resultCode)));
  if (info.amountMinor !== undefined) parts.push(encodeBmp(0x04, amountToBcd(info.amountMinor)));
  if (info.currencyNumeric) parts.push(encodeBmp(0x49, currencyBcd(info.currencyNumeric)));
  if (info.trace) parts.push(encodeBmp(0x0b, toBcd(info.trace, 3)));
  if (info.time) parts.push(encodeBmp(0x0c, toBcd(info.time, 3)));
  if (info.date) parts.push(encodeBmp(0x0d, toBcd(info.date, 2)));
  if (info.receiptNumber) parts.push(encodeBmp(0x87, toBcd(info.receiptNumber, 2)));
  if (info.turnover) parts.push(encodeBmp(0x88, toBcd(info.turnover, 3)));
  if (info.terminalId) parts.push(encodeBmp(0x29, toBcd(info.terminalId, 4)));
  if (info.authCode !== undefined) parts.push(encodeBmp(0x3b, fromAscii(info.authCode.padEnd(8, ' ').slice(0, 8))));
  if (info.cardType !== undefined) parts.push(encodeBmp(0x8a, Uint8Array.of(info.cardType)));
  if (info.cardName) parts.push(encodeBmp(0x8b, fromAscii(info.cardName)));
  if (info.maskedPan) parts.push(encodeBmp(0x22, panToBcd(info.maskedPan)));
  if (info.additionalText) parts.push(encodeBmp(0x3c, fromAscii(info.additionalText)));
  return apdu(CMD.statusInfo, concat(...parts));
}

/** BMP 60 individual totals: receipt range, then count (binary) + amount (6 BCD) for 7 card groups. */
export function individualTotals(firstReceipt: number, lastReceipt: number, count: number, totalMinor: number): Uint8Array {
  const groups: Uint8Array[] = [];
  for (let g = 0; g < 7; g++) {
    const last = g === 6;
    groups.push(Uint8Array.of(last ? Math.min(255, count) : 0), amountToBcd(last ? totalMinor : 0));
  }
  return concat(toBcd(String(firstReceipt), 2), toBcd(String(lastReceipt), 2), ...groups);
}

function parseTotals(value: Uint8Array): number | undefined {
  if (value.length < 4 || (value.length - 4) % 7 !== 0) return undefined;
  let n = 0;
  for (let at = 4; at < value.length; at += 7) n += value[at]!;
  return n;
}

export function parseStatusInfo(data: Uint8Array): StatusInfo {
  const decoded = decodeBmps(data);
  const f: Fields = decoded.fields;
  const info: StatusInfo = {};
  const get = (t: number) => f.get(t);
  if (get(0x27)) info.resultCode = get(0x27)![0];
  if (get(0x04)) {
    const n = bcdToNumber(get(0x04)!);
    if (n !== undefined) info.amountMinor = n;
  }
  if (get(0x49)) info.currencyNumeric = fromBcd(get(0x49)!).slice(-3);
  if (get(0x0b)) info.trace = fromBcd(get(0x0b)!);
  if (get(0x0c)) info.time = fromBcd(get(0x0c)!);
  if (get(0x0d)) info.date = fromBcd(get(0x0d)!);
  if (get(0x87)) info.receiptNumber = fromBcd(get(0x87)!);
  if (get(0x88)) info.turnover = fromBcd(get(0x88)!);
  if (get(0x29)) info.terminalId = fromBcd(get(0x29)!);
  if (get(0x3b)) info.authCode = ascii(get(0x3b)!).replace(/\0/g, '').trim();
  if (get(0x8a)) info.cardType = get(0x8a)![0];
  if (get(0x8b)) info.cardName = ascii(get(0x8b)!).trim();
  if (get(0x22)) info.maskedPan = fromBcd(get(0x22)!);
  if (get(0x3c)) info.additionalText = ascii(get(0x3c)!);
  if (get(0x60)) {
    const n = parseTotals(get(0x60)!);
    if (n !== undefined) info.totalsCount = n;
  }
  if (!decoded.ok) info.parseProblem = decoded.reason;
  return info;
}

export function parsePrintLine(data: Uint8Array): { attribute: number; text: string } {
  return { attribute: data[0] ?? 0, text: ascii(data.subarray(1)) };
}

/** 06 D3: BMP 06 TLV container; text lines are tag 07 entries, possibly nested in 25 (print texts). */
export function parsePrintTextBlock(data: Uint8Array): string[] {
  const decoded = decodeBmps(data);
  const tlv = decoded.fields.get(0x06);
  const lines: string[] = [];
  if (tlv) collectTextLines(tlv, lines, 0);
  return lines;
}

function collectTextLines(buf: Uint8Array, lines: string[], depth: number): void {
  let at = 0;
  while (at < buf.length && depth < 4) {
    let tag = buf[at++]!;
    if ((tag & 0x1f) === 0x1f) {
      while (at < buf.length && buf[at]! & 0x80) tag = (tag << 8) | buf[at++]!;
      tag = (tag << 8) | (buf[at++] ?? 0);
    }
    let len = buf[at++] ?? 0;
    if (len === 0x81) len = buf[at++] ?? 0;
    else if (len === 0x82) {
      len = ((buf[at] ?? 0) << 8) | (buf[at + 1] ?? 0);
      at += 2;
    }
    const value = buf.subarray(at, at + len);
    at += len;
    if (tag === 0x07) lines.push(ascii(value));
    else if (tag & 0x20) collectTextLines(value, lines, depth + 1);
  }
}

export function parseStatusCompletion(data: Uint8Array): { swVersion: string; terminalStatus: number } | undefined {
  if (data.length < 4) return undefined;
  const n = [0, 1, 2].map((i) => data[i]!);
  if (n.some((b) => (b & 0xf0) !== 0xf0)) return undefined;
  const len = n.reduce((acc, b) => acc * 10 + (b & 0x0f), 0);
  if (data.length < 3 + len + 1) return undefined;
  return { swVersion: ascii(data.subarray(3, 3 + len)), terminalStatus: data[3 + len]! };
}

export function parseRegistration(data: Uint8Array): { password: string; config: number; currencyNumeric?: string } | undefined {
  if (data.length < 4) return undefined;
  const out: { password: string; config: number; currencyNumeric?: string } = { password: fromBcd(data.subarray(0, 3)), config: data[3]! };
  // As Wireshark's dissector: two or more bytes after the config byte start with the currency code.
  if (data.length >= 6) out.currencyNumeric = fromBcd(data.subarray(4, 6)).slice(-3);
  return out;
}

export function parseAuthorisation(data: Uint8Array): { amountMinor?: number; currencyNumeric?: string; timeoutSeconds?: number; problem?: string } {
  const d = decodeBmps(data);
  const out: { amountMinor?: number; currencyNumeric?: string; timeoutSeconds?: number; problem?: string } = {};
  const amt = d.fields.get(0x04);
  if (amt) {
    const n = bcdToNumber(amt);
    if (n !== undefined) out.amountMinor = n;
  }
  const cc = d.fields.get(0x49);
  if (cc) out.currencyNumeric = fromBcd(cc).slice(-3);
  const to = d.fields.get(0x01);
  if (to) out.timeoutSeconds = to[0]!;
  if (!d.ok) out.problem = d.reason;
  return out;
}
