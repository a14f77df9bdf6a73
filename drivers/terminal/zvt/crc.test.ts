import { describe, expect, it } from 'vitest';
import { crc16Kermit, frameCrc } from './crc';

const hx = (s: string) => Uint8Array.from(s.split(' ').map((x) => parseInt(x, 16)));

describe('CRC-16/KERMIT', () => {
  it('has the catalogue check value', () => {
    expect(crc16Kermit(new TextEncoder().encode('123456789'))).toBe(0x2189);
  });
  it('matches the reference frames (over the unstuffed APDU plus ETX, low byte first on the wire)', () => {
    expect(frameCrc(hx('80 00 00'))).toBe(0x1ff5);
    expect(frameCrc(hx('05 01 03 12 34 56'))).toBe(0x43e0);
    expect(frameCrc(hx('06 01 07 04 00 00 00 00 01 90'))).toBe(0x5776);
    expect(frameCrc(hx('06 01 07 04 00 00 00 00 10 00'))).toBe(0x9162);
  });
  it('is 0 for no data and chains through init', () => {
    expect(crc16Kermit(new Uint8Array(0))).toBe(0);
    const all = hx('06 01 07 04');
    expect(crc16Kermit(all.subarray(2), crc16Kermit(all.subarray(0, 2)))).toBe(crc16Kermit(all));
  });
});
