import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHidPosReassembler, encodeHidPosReports, HONEYWELL_HID_POS, type HidPosLayout } from './hid-pos';

// Report buffers laid out byte for byte as in the published example of the Access-IS LSR116/ATR110 manuals
// ("HID reports – receive data": a 60-byte boarding-pass code split over two 64-byte reports, byte 63 = 0x01
// on the first, 0x00 on the last, unused data bytes zero). No HID-POS device is attached to this machine, so
// these are transcriptions of the documented format, not captures from a device.
const hex = (s: string) =>
  Uint8Array.from(
    s
      .replace(/\s+/g, '')
      .match(/../g)!
      .map((x) => parseInt(x, 16)),
  );
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
const CODE = 'M1GATHERGOOD/MICHAEL YABCDEF LHRDURAK 3542 052Y003D230000001';
const zeros = (n: number) => '00'.repeat(n);
const REPORT_1 = hex('02' + '38' + ascii(']Q0') + ascii(CODE.slice(0, 56)) + '73' + '00' + '01');
const REPORT_2 = hex('02' + '04' + ascii(']Q0') + ascii(CODE.slice(56)) + zeros(52) + '73' + '00' + '00');

describe('HID-POS reassembly', () => {
  it('the recorded pair of reports gives one code', () => {
    expect(REPORT_1.length).toBe(64);
    expect(REPORT_2.length).toBe(64);
    const r = createHidPosReassembler();
    expect(r.push(REPORT_1)).toBeNull();
    expect(r.pending).toBe(true);
    expect(r.push(REPORT_2)).toEqual({ kind: 'code', text: CODE, symbology: ']Q0' });
    expect(r.pending).toBe(false);
  });
  it('a short code in one report', () => {
    const one = hex('02' + '05' + ascii(']Q1') + ascii('HELLO') + zeros(51) + '00' + '00' + '00');
    expect(createHidPosReassembler().push(one)).toEqual({ kind: 'code', text: 'HELLO', symbology: ']Q1' });
  });
  it('reports with another id (e.g. a status report) are ignored without breaking a code in progress', () => {
    const r = createHidPosReassembler();
    r.push(REPORT_1);
    expect(r.push(hex('04' + zeros(63)))).toMatchObject({ kind: 'ignored' });
    expect(r.push(REPORT_2)).toMatchObject({ kind: 'code', text: CODE });
  });
  it('a length beyond the data field is an error that resets', () => {
    const r = createHidPosReassembler();
    r.push(REPORT_1);
    const bad = REPORT_2.slice();
    bad[1] = 57;
    expect(r.push(bad)).toMatchObject({ kind: 'error' });
    expect(r.pending).toBe(false);
  });
  it('a report too short for the layout is an error', () => {
    expect(createHidPosReassembler().push(hex('0205'))).toMatchObject({ kind: 'error', detail: expect.stringContaining('layout') });
  });
  it('a 240-character token takes 5 reports and comes back whole', () => {
    const token = 'RDV1:' + 'A'.repeat(235);
    const reports = encodeHidPosReports(token);
    expect(reports).toHaveLength(5);
    const r = createHidPosReassembler();
    const events = reports.map((x) => r.push(x));
    expect(events.slice(0, 4)).toEqual([null, null, null, null]);
    expect(events[4]).toEqual({ kind: 'code', text: token, symbology: ']Q1' });
  });
  it('property: encode then reassemble is the identity, for other layouts too', () => {
    const layouts: HidPosLayout[] = [
      HONEYWELL_HID_POS,
      { reportId: null, lengthOffset: 0, symbologyOffset: 1, symbologyLength: 0, dataOffset: 1, dataMax: 30, continuationOffset: 31, continuationMask: 0x80 },
    ];
    fc.assert(
      fc.property(fc.constantFrom(...layouts), fc.string({ minLength: 1, maxLength: 500 }), (layout, text) => {
        const r = createHidPosReassembler(layout);
        const out = encodeHidPosReports(text, layout)
          .map((x) => r.push(x))
          .filter((e) => e !== null);
        expect(out).toHaveLength(1);
        expect(out[0]).toMatchObject({ kind: 'code', text });
      }),
    );
  });
});
