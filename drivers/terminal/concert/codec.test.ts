import { describe, expect, it } from 'vitest';
import { decodeAnswer, decodeRequest, encodeAnswer, encodeRequest, frameMessage, lrc } from './codec';

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(' ');
const framed = (text: string, lrcByte: number) => `02 ${hex(new TextEncoder().encode(text))} 03 ${lrcByte.toString(16).padStart(2, '0')}`;

const VECTORS = [
  { name: 'request 150.00 MAD, immediate', text: '0100015000010504          A011B010', lrc: 0x04 },
  { name: 'request 12.50 EUR, long answer, wait', text: '0100001250110978          A010B010', lrc: 0x01 },
  { name: 'answer accepted 15.00 MAD', text: '0100001500015040000000000', lrc: 0x36 },
  { name: 'answer 9.11 EUR', text: '0100000911019780000000000', lrc: 0x3c },
];

describe('Concert E+ codec', () => {
  for (const v of VECTORS) {
    it(`frames the reference vector: ${v.name}`, () => {
      expect(hex(frameMessage(v.text))).toBe(framed(v.text, v.lrc));
    });
  }

  it('LRC is the XOR after STX up to and including ETX', () => {
    expect(lrc(Uint8Array.of(0x31, 0x32, 0x03))).toBe(0x31 ^ 0x32 ^ 0x03);
    expect(lrc(new Uint8Array(0))).toBe(0);
  });

  it('encodes and decodes the request vectors', () => {
    const a = encodeRequest({
      pos: '01',
      amountMinor: 15000,
      longAnswer: false,
      paymentMode: '1',
      transactionType: '0',
      currencyNumeric: '504',
      privateData: '',
      delay: 'A011',
      authorisation: 'B010',
    });
    expect(a).toEqual({ ok: true, message: VECTORS[0]!.text });
    const b = decodeRequest(VECTORS[1]!.text);
    expect(b).toMatchObject({
      ok: true,
      request: { pos: '01', amountMinor: 1250, longAnswer: true, currencyNumeric: '978', delay: 'A010', authorisation: 'B010', transactionType: '0' },
    });
    if (b.ok) expect(encodeRequest(b.request)).toEqual({ ok: true, message: VECTORS[1]!.text });
  });

  // The reference labels these "15.00 MAD" and "9.11 EUR", but its own answer layout (POS 2, status 1,
  // amount 8, mode 1, currency 3, private 10 — also what field drivers such as pypostelium parse) reads
  // the same bytes as 150.00 MAD and 91.10 EUR. The bytes and LRCs are what matter; the labels are off.
  it('encodes and decodes the answer vectors by the documented layout', () => {
    const a = decodeAnswer(VECTORS[2]!.text);
    expect(a).toEqual({
      ok: true,
      answer: { pos: '01', status: '0', amountMinor: 15000, paymentMode: '1', currencyNumeric: '504', privateData: '0000000000' },
    });
    const b = decodeAnswer(VECTORS[3]!.text);
    expect(b).toMatchObject({ ok: true, answer: { status: '0', amountMinor: 9110, paymentMode: '1', currencyNumeric: '978' } });
    if (a.ok) expect(encodeAnswer(a.answer)).toEqual({ ok: true, message: VECTORS[2]!.text });
  });

  it('long answer is 80 characters with 55 of card data', () => {
    const e = encodeAnswer({
      pos: '01',
      status: '0',
      amountMinor: 1,
      paymentMode: '1',
      cardData: '497010******0119',
      currencyNumeric: '978',
      privateData: 'ABC',
    });
    expect(e.ok && e.message.length).toBe(80);
    const d = e.ok ? decodeAnswer(e.message) : undefined;
    expect(d).toMatchObject({ ok: true, answer: { cardData: '497010******0119'.padEnd(55, ' '), privateData: 'ABC       ' } });
  });

  it('refuses what it cannot carry, as values', () => {
    const base = {
      pos: '01',
      longAnswer: false,
      paymentMode: '1',
      transactionType: '0' as const,
      currencyNumeric: '978',
      privateData: '',
      delay: 'A010' as const,
      authorisation: 'B010' as const,
    };
    expect(encodeRequest({ ...base, amountMinor: 100_000_000 }).ok).toBe(false);
    expect(encodeRequest({ ...base, amountMinor: 12.5 }).ok).toBe(false);
    expect(encodeRequest({ ...base, amountMinor: 1, privateData: '12345678901' }).ok).toBe(false);
    expect(encodeRequest({ ...base, amountMinor: 1, currencyNumeric: 'EUR' }).ok).toBe(false);
    expect(decodeRequest('short').ok).toBe(false);
    expect(decodeRequest('01000150000105X4          A011B010').ok).toBe(false);
    expect(decodeAnswer('0100001500015040000000000X').ok).toBe(false);
    expect(decodeAnswer('0100X01500015040000000000').ok).toBe(false);
  });
});
