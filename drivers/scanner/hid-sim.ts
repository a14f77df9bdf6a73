// The HID-POS scanner simulator: a device object that node-hid would hand us, sending the input reports a
// real HID-POS scanner sends for a code. Plug it in with openHidScanner(o, { open: async () => sim }).
import { EventEmitter } from 'node:events';
import { encodeHidPosReports, HONEYWELL_HID_POS, type HidPosLayout } from './hid-pos';
import type { HidDeviceLike } from './hid';

export class SimHidDevice extends EventEmitter implements HidDeviceLike {
  closed = false;
  constructor(private readonly layout: HidPosLayout = HONEYWELL_HID_POS) {
    super();
  }
  /** Sends the reports of one scan. */
  scan(text: string, symbology = ']Q1'): number {
    const reports = encodeHidPosReports(text, this.layout, symbology);
    for (const r of reports) this.emit('data', Buffer.from(r));
    return reports.length;
  }
  /** Sends raw report buffers (recordings, broken sequences). */
  send(...reports: Uint8Array[]): void {
    for (const r of reports) this.emit('data', Buffer.from(r));
  }
  unplug(): void {
    this.emit('error', new Error('could not read from HID device'));
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}
