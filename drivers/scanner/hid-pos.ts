// HID-POS (USB HID Point of Sale, usage page 0x8C bar code scanner) input reports, reassembled into one
// code. Layout by default as documented for Honeywell / Access-IS scanners (64-byte report):
//   [0] report id 0x02  [1] data length in this report  [2..4] AIM symbology id "]Q1"
//   [5..60] up to 56 data bytes  [61] further symbology id  [62] reserved  [63] bit 0: more reports follow
// A long code (a 240-character token) spans several reports; the last one has bit 0 of byte 63 clear.
// Other vendors move the fields, so the layout is configurable.

export interface HidPosLayout {
  /** First byte of every scan report (node-hid includes it when the device numbers its reports), or null. */
  reportId: number | null;
  lengthOffset: number;
  symbologyOffset: number;
  symbologyLength: number;
  dataOffset: number;
  dataMax: number;
  continuationOffset: number;
  continuationMask: number;
}

export const HONEYWELL_HID_POS: HidPosLayout = {
  reportId: 0x02,
  lengthOffset: 1,
  symbologyOffset: 2,
  symbologyLength: 3,
  dataOffset: 5,
  dataMax: 56,
  continuationOffset: 63,
  continuationMask: 0x01,
};

export type HidPosEvent = { kind: 'code'; text: string; symbology: string } | { kind: 'ignored'; why: string } | { kind: 'error'; detail: string };

export interface HidPosReassembler {
  /** null while more reports of the same code are expected. */
  push(report: Uint8Array): HidPosEvent | null;
  reset(): void;
  readonly pending: boolean;
}

export const MAX_CODE_BYTES = 4096;

export function createHidPosReassembler(layout: HidPosLayout = HONEYWELL_HID_POS): HidPosReassembler {
  let data: number[] = [];
  let symbology = '';
  let pending = false;
  const latin1 = (b: Uint8Array) => String.fromCharCode(...b.filter((x) => x !== 0));
  return {
    push(report) {
      const minLen = Math.max(layout.continuationOffset, layout.dataOffset) + 1;
      if (layout.reportId !== null && report[0] !== layout.reportId)
        return { kind: 'ignored', why: `report id ${report[0]} is not a scan report (${layout.reportId})` };
      if (report.length < minLen) {
        data = [];
        pending = false;
        return { kind: 'error', detail: `report of ${report.length} bytes is shorter than the layout's ${minLen}: check the HID-POS layout setting` };
      }
      const n = report[layout.lengthOffset]!;
      if (n > layout.dataMax) {
        data = [];
        pending = false;
        return { kind: 'error', detail: `report says ${n} data bytes, more than the ${layout.dataMax} it can hold: wrong HID-POS layout?` };
      }
      if (!pending) symbology = latin1(report.subarray(layout.symbologyOffset, layout.symbologyOffset + layout.symbologyLength));
      data.push(...report.subarray(layout.dataOffset, layout.dataOffset + n));
      if (data.length > MAX_CODE_BYTES) {
        data = [];
        pending = false;
        return { kind: 'error', detail: `code longer than ${MAX_CODE_BYTES} bytes dropped` };
      }
      if ((report[layout.continuationOffset]! & layout.continuationMask) !== 0) {
        pending = true;
        return null;
      }
      const text = new TextDecoder('utf-8', { fatal: false }).decode(Uint8Array.from(data));
      data = [];
      pending = false;
      return { kind: 'code', text, symbology };
    },
    reset() {
      data = [];
      pending = false;
    },
    get pending() {
      return pending;
    },
  };
}

/** What a HID-POS scanner sends for a code: the inverse of the reassembler (used by the simulator). */
export function encodeHidPosReports(text: string, layout: HidPosLayout = HONEYWELL_HID_POS, symbology = ']Q1'): Uint8Array[] {
  const bytes = new TextEncoder().encode(text);
  const size = Math.max(layout.continuationOffset, layout.dataOffset + layout.dataMax) + 1;
  const out: Uint8Array[] = [];
  for (let i = 0; i === 0 || i < bytes.length; i += layout.dataMax) {
    const part = bytes.subarray(i, i + layout.dataMax);
    const r = new Uint8Array(size);
    if (layout.reportId !== null) r[0] = layout.reportId;
    r[layout.lengthOffset] = part.length;
    for (let k = 0; k < layout.symbologyLength; k++) r[layout.symbologyOffset + k] = symbology.charCodeAt(k) || 0;
    r.set(part, layout.dataOffset);
    if (i + layout.dataMax < bytes.length) r[layout.continuationOffset]! |= layout.continuationMask;
    out.push(r);
  }
  return out;
}
