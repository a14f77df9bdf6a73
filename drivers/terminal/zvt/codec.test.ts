import { describe, expect, it } from 'vitest';
import { decodeApdu, encodeApdu } from './apdu';
import { amountToBcd, bcdToNumber, decodeBmps, encodeBmp, fromBcd, panToBcd, toBcd, varLength } from './bmp';
import {
  authorisation,
  individualTotals,
  parseAuthorisation,
  parsePrintLine,
  parsePrintTextBlock,
  parseRegistration,
  parseStatusCompletion,
  parseStatusInfo,
  printLine,
  registration,
  statusCompletion,
  statusInfo,
} from './messages';

const hx = (s: string) => Uint8Array.from(s.split(' ').map((x) => parseInt(x, 16)));
const h = (b: Uint8Array) => [...b].map((x) => x.toString(16).toUpperCase().padStart(2, '0')).join(' ');

describe('ZVT APDU', () => {
  it('one-byte length below 255, FF lo hi from 255', () => {
    expect(h(encodeApdu(0x06, 0xd1, new Uint8Array(254)).subarray(0, 3))).toBe('06 D1 FE');
    const big = encodeApdu(0x06, 0xd3, new Uint8Array(300).fill(7));
    expect(h(big.subarray(0, 5))).toBe('06 D3 FF 2C 01');
    expect(decodeApdu(big)).toMatchObject({ ok: true, apdu: { cls: 6, ins: 0xd3 } });
    const d = decodeApdu(big);
    expect(d.ok && d.apdu.data.length).toBe(300);
    expect(h(encodeApdu(0x06, 0xd1, new Uint8Array(255)).subarray(0, 5))).toBe('06 D1 FF FF 00');
  });
  it('length mismatches are values', () => {
    expect(decodeApdu(hx('06 01 07 04 00')).ok).toBe(false);
    expect(decodeApdu(hx('06 01')).ok).toBe(false);
    expect(decodeApdu(hx('06 01 FF 01')).ok).toBe(false);
  });
});

describe('ZVT BMPs and BCD', () => {
  it('BCD amounts', () => {
    expect(h(amountToBcd(190))).toBe('00 00 00 00 01 90');
    expect(h(amountToBcd(1000))).toBe('00 00 00 00 10 00');
    expect(bcdToNumber(hx('00 00 00 12 34 56'))).toBe(123456);
    expect(() => amountToBcd(1.5)).toThrow(RangeError);
  });
  it('LLVAR/LLLVAR lengths are F0+d digits', () => {
    expect(h(varLength(7, 3))).toBe('F0 F0 F7');
    expect(h(varLength(12, 2))).toBe('F1 F2');
    expect(h(encodeBmp(0x8b, new TextEncoder().encode('VISA')))).toBe('8B F0 F4 56 49 53 41');
    expect(h(encodeBmp(0x3c, new TextEncoder().encode('AB')))).toBe('3C F0 F0 F2 41 42');
  });
  it('masked PAN with E nibbles', () => {
    expect(fromBcd(panToBcd('541333******4111'))).toBe('541333******4111');
    expect(fromBcd(panToBcd('4970101234567'))).toBe('4970101234567');
  });
  it('decodes a BMP sequence and stops at an unknown tag with what it has', () => {
    const seq = hx('27 00 04 00 00 00 00 10 00 FE 01');
    const d = decodeBmps(seq);
    expect(d.ok).toBe(false);
    expect(d.fields.get(0x27)).toEqual(hx('00'));
    expect(d.fields.get(0x04)).toEqual(hx('00 00 00 00 10 00'));
    expect(decodeBmps(hx('8B F0 F9 41')).ok).toBe(false); // length past the end
  });
  it('TLV container length (BER)', () => {
    const tlv = encodeBmp(0x06, new Uint8Array(200));
    expect(h(tlv.subarray(0, 3))).toBe('06 81 C8');
    expect(decodeBmps(tlv).fields.get(0x06)?.length).toBe(200);
  });
  it('toBcd refuses what does not fit', () => {
    expect(() => toBcd('1234567', 3)).toThrow(RangeError);
  });
});

describe('ZVT messages', () => {
  it('authorisation with amount only is the reference vector', () => {
    expect(h(authorisation({ amountMinor: 190 }))).toBe('06 01 07 04 00 00 00 00 01 90');
    const full = authorisation({ amountMinor: 1000, currencyNumeric: '978', timeoutSeconds: 120 });
    expect(h(full)).toBe('06 01 0C 04 00 00 00 00 10 00 49 09 78 01 78');
    expect(parseAuthorisation(full.subarray(3))).toEqual({ amountMinor: 1000, currencyNumeric: '978', timeoutSeconds: 120 });
  });
  it('registration builds and parses the reference APDU', () => {
    const ref = hx('06 00 06 98 76 54 41 09 78');
    expect(parseRegistration(ref.subarray(3))).toEqual({ password: '987654', config: ref[6], currencyNumeric: '978' });
    expect(h(registration('987654', ref[6]!, '978'))).toBe(h(ref));
  });
  it('status enquiry completion: software version and terminal status', () => {
    const ref = hx('06 0F 0B F0 F0 F7 32 2E 31 34 2E 31 35 00');
    expect(parseStatusCompletion(ref.subarray(3))).toEqual({ swVersion: '2.14.15', terminalStatus: 0 });
    expect(h(statusCompletion('2.14.15', 0))).toBe(h(ref));
  });
  it('status information round trip with every field the kiosk reads', () => {
    const info = {
      resultCode: 0,
      amountMinor: 1250,
      currencyNumeric: '978',
      trace: '000123',
      time: '101530',
      date: '1128',
      receiptNumber: '0042',
      terminalId: '52500038',
      authCode: '654321',
      cardType: 6,
      cardName: 'Mastercard',
      maskedPan: '541333******4111',
    };
    const apdu = statusInfo(info);
    expect(h(apdu.subarray(0, 2))).toBe('04 0F');
    expect(parseStatusInfo(apdu.subarray(3))).toEqual(info);
  });
  it('status information from an independent layout (fixed and LL fields interleaved)', () => {
    const data = hx(
      '27 00 04 00 00 00 00 19 90 0B 00 00 17 87 00 09 29 12 34 56 78 3B 41 42 43 31 32 33 00 00 8B F0 F4 56 49 53 41 22 F0 F8 49 70 10 EE EE EE 01 19',
    );
    expect(parseStatusInfo(data)).toEqual({
      resultCode: 0,
      amountMinor: 1990,
      trace: '000017',
      receiptNumber: '0009',
      terminalId: '12345678',
      authCode: 'ABC123',
      cardName: 'VISA',
      maskedPan: '497010******0119',
    });
  });
  it('end-of-day totals count', () => {
    const data = encodeBmp(0x60, individualTotals(1, 9, 5, 12345));
    expect(parseStatusInfo(data).totalsCount).toBe(5);
  });
  it('print line and text block', () => {
    expect(parsePrintLine(printLine('TOTAL 12.50').subarray(3))).toEqual({ attribute: 0, text: 'TOTAL 12.50' });
    // 06 + TLV: 25 (print texts, constructed) { 07 "A", 07 "BC" }
    const block = hx('06 09 25 07 07 01 41 07 02 42 43');
    expect(parsePrintTextBlock(block)).toEqual(['A', 'BC']);
  });
});
