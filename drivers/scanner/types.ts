// One interface for every scanner the daemon reads (serial/USB-CDC, HID-POS, the in-process simulator).
// Keyboard-wedge scanners are read by the kiosk page itself (renderer/lib/wedge.ts).
import type { DeviceStatus } from '../../shared/devices';

export interface ScannedCode {
  /** Exactly the characters of the code, suffix removed. */
  text: string;
  /** Epoch milliseconds when the code was complete. */
  at: number;
  source: 'serial' | 'hid' | 'sim';
  /** AIM symbology identifier when the scanner sends one (HID-POS), e.g. "]Q1" for QR. */
  symbology?: string;
}

export interface ScannerState {
  status: DeviceStatus;
  /** Words for the technician: "reading /dev/ttyACM0", "unplugged, retrying every 2 s". */
  detail: string;
}

export interface ScannerStream {
  /** Each scan once (repeats of the same code within the dedupe window are dropped). Returns an unsubscribe. */
  onCode(cb: (code: ScannedCode) => void): () => void;
  onStatus(cb: (state: ScannerState) => void): () => void;
  readonly status: ScannerState;
  close(): Promise<void>;
}
