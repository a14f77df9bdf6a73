// Concert "E+" messages: a 34-character request and a 25/80-character answer, framed STX … ETX LRC.
// Pure functions: every malformed input comes back as { ok: false, reason }.

export const STX = 0x02;
export const ETX = 0x03;
export const EOT = 0x04;
export const ENQ = 0x05;
export const ACK = 0x06;
export const NAK = 0x15;

export const REQUEST_LENGTH = 34;
export const SHORT_ANSWER_LENGTH = 25;
export const LONG_ANSWER_LENGTH = 80;
export const CARD_DATA_LENGTH = 55;
/** The amount field is 8 digits of minor units. (The kiosk's own limit is MAX_AMOUNT_MINOR in shared/money.ts.) */
export const CONCERT_MAX_AMOUNT_MINOR = 99_999_999;

export type Result<T> = ({ ok: true } & T) | { ok: false; reason: string };

export type TransactionType = '0' | '1' | '2';
export type AnswerStatus = '0' | '7' | '9' | string;

export interface ConcertRequest {
  pos: string;
  amountMinor: number;
  longAnswer: boolean;
  /** '1' card. */
  paymentMode: string;
  /** '0' debit, '1' credit, '2' refund. */
  transactionType: TransactionType;
  currencyNumeric: string;
  /** Up to 10 characters, space padded; echoed in the answer. */
  privateData: string;
  /** 'A010' answer at end of transaction, 'A011' immediate. */
  delay: 'A010' | 'A011';
  /** 'B010' terminal decides, 'B011' force online. */
  authorisation: 'B010' | 'B011';
}

export interface ConcertAnswer {
  pos: string;
  /** '0' accepted, '7' refused, '9' not verified / abandoned. */
  status: AnswerStatus;
  amountMinor: number;
  paymentMode: string;
  /** Present in the 80-character (long) answer only. */
  cardData?: string;
  currencyNumeric: string;
  privateData: string;
}

/** XOR of every byte given (for a frame: the bytes after STX up to and including ETX). */
export function lrc(bytes: Uint8Array): number {
  let x = 0;
  for (const b of bytes) x ^= b;
  return x;
}

const PRINTABLE = /^[\x20-\x7e]*$/;

/** STX message ETX LRC. The message must be printable ASCII (control bytes would break the framing). */
export function frameMessage(message: string): Uint8Array {
  const out = new Uint8Array(message.length + 3);
  out[0] = STX;
  for (let i = 0; i < message.length; i++) out[i + 1] = message.charCodeAt(i) & 0x7f;
  out[message.length + 1] = ETX;
  out[message.length + 2] = lrc(out.subarray(1, message.length + 2));
  return out;
}

const digits = (n: number, width: number) => String(n).padStart(width, '0');

function checkAmount(amountMinor: number): string | undefined {
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 0 || amountMinor > CONCERT_MAX_AMOUNT_MINOR) {
    return `amount ${amountMinor} is not a whole number of minor units between 0 and ${CONCERT_MAX_AMOUNT_MINOR} (Concert carries 8 digits)`;
  }
  return undefined;
}

export function encodeRequest(r: ConcertRequest): Result<{ message: string }> {
  const bad = checkAmount(r.amountMinor);
  if (bad) return { ok: false, reason: bad };
  if (!/^\d{2}$/.test(r.pos)) return { ok: false, reason: `POS number "${r.pos}" must be 2 digits, e.g. "01"` };
  if (!/^\d{3}$/.test(r.currencyNumeric)) return { ok: false, reason: `currency "${r.currencyNumeric}" must be 3 ISO 4217 digits, e.g. "978"` };
  if (r.privateData.length > 10 || !PRINTABLE.test(r.privateData)) {
    return { ok: false, reason: 'private field must be at most 10 printable ASCII characters' };
  }
  const message =
    r.pos +
    digits(r.amountMinor, 8) +
    (r.longAnswer ? '1' : '0') +
    r.paymentMode +
    r.transactionType +
    r.currencyNumeric +
    r.privateData.padEnd(10, ' ') +
    r.delay +
    r.authorisation;
  return { ok: true, message };
}

export function decodeRequest(message: string): Result<{ request: ConcertRequest }> {
  if (message.length !== REQUEST_LENGTH) {
    return { ok: false, reason: `a Concert request has ${REQUEST_LENGTH} characters, got ${message.length}` };
  }
  const m = /^(\d{2})(\d{8})([01])(\d)([012])(\d{3})(.{10})(A01[01])(B01[01])$/.exec(message);
  if (!m) return { ok: false, reason: `not a Concert E+ request: "${message}"` };
  return {
    ok: true,
    request: {
      pos: m[1]!,
      amountMinor: Number(m[2]),
      longAnswer: m[3] === '1',
      paymentMode: m[4]!,
      transactionType: m[5] as TransactionType,
      currencyNumeric: m[6]!,
      privateData: m[7]!,
      delay: m[8] as 'A010' | 'A011',
      authorisation: m[9] as 'B010' | 'B011',
    },
  };
}

export function encodeAnswer(a: ConcertAnswer): Result<{ message: string }> {
  const bad = checkAmount(a.amountMinor);
  if (bad) return { ok: false, reason: bad };
  if (a.status.length !== 1) return { ok: false, reason: 'status is one character' };
  if (a.cardData !== undefined && (a.cardData.length > CARD_DATA_LENGTH || !PRINTABLE.test(a.cardData))) {
    return { ok: false, reason: `card data must be at most ${CARD_DATA_LENGTH} printable characters` };
  }
  const message =
    a.pos +
    a.status +
    digits(a.amountMinor, 8) +
    a.paymentMode +
    (a.cardData === undefined ? '' : a.cardData.padEnd(CARD_DATA_LENGTH, ' ')) +
    a.currencyNumeric +
    a.privateData.padEnd(10, ' ');
  return { ok: true, message };
}

export function decodeAnswer(message: string): Result<{ answer: ConcertAnswer }> {
  const long = message.length === LONG_ANSWER_LENGTH;
  if (!long && message.length !== SHORT_ANSWER_LENGTH) {
    return {
      ok: false,
      reason: `a Concert answer has ${SHORT_ANSWER_LENGTH} or ${LONG_ANSWER_LENGTH} characters, got ${message.length}`,
    };
  }
  const pos = message.slice(0, 2);
  const status = message.slice(2, 3);
  const amount = message.slice(3, 11);
  const paymentMode = message.slice(11, 12);
  const rest = message.slice(12);
  const cardData = long ? rest.slice(0, CARD_DATA_LENGTH) : undefined;
  const tail = long ? rest.slice(CARD_DATA_LENGTH) : rest;
  const currencyNumeric = tail.slice(0, 3);
  const privateData = tail.slice(3);
  if (!/^\d{2}$/.test(pos) || !/^\d{8}$/.test(amount) || !/^\d{3}$/.test(currencyNumeric)) {
    return { ok: false, reason: `not a Concert E+ answer: "${message}"` };
  }
  const answer: ConcertAnswer = { pos, status, amountMinor: Number(amount), paymentMode, currencyNumeric, privateData };
  if (cardData !== undefined) answer.cardData = cardData;
  return { ok: true, answer };
}
