// Opening the configured scanner. 'sim' is the in-process simulator (the default config); a wedge scanner
// is read by the kiosk page (renderer/lib/wedge.ts), so the daemon opens nothing for it.
import { openHidScanner } from './hid';
import { openSerialScanner } from './serial';
import { createSimScanner, type SimScanner } from './sim';
import type { Suffix } from './serial-framer';
import type { ScannerStream } from './types';
import type { Fail } from '../../shared/result';

export interface ScannerSettings {
  type: 'serial' | 'hid' | 'wedge';
  /** 'sim', a serial device path, or for HID an optional hidraw path. */
  port: string;
  baudRate?: number;
  suffix?: Suffix;
  vendorId?: number;
  productId?: number;
  interCharTimeoutMs?: number;
}

export type OpenedScanner =
  { ok: true; kind: 'sim'; scanner: SimScanner } | { ok: true; kind: 'serial' | 'hid'; scanner: ScannerStream } | { ok: true; kind: 'wedge' } | Fail;

export function openScanner(s: ScannerSettings): OpenedScanner {
  if (s.type === 'wedge') return { ok: true, kind: 'wedge' };
  if (s.port === 'sim') return { ok: true, kind: 'sim', scanner: createSimScanner() };
  if (s.type === 'serial') {
    return {
      ok: true,
      kind: 'serial',
      scanner: openSerialScanner({
        path: s.port,
        baudRate: s.baudRate ?? 9600,
        suffix: s.suffix ?? 'cr',
        ...(s.interCharTimeoutMs !== undefined ? { interCharTimeoutMs: s.interCharTimeoutMs } : {}),
      }),
    };
  }
  if (s.vendorId === undefined || s.productId === undefined)
    return { ok: false, reason: 'a HID-POS scanner needs devices.scanner.vendorId and productId (see `lsusb`, e.g. 0x0c2e and 0x0b61)' };
  return {
    ok: true,
    kind: 'hid',
    scanner: openHidScanner({ vendorId: s.vendorId, productId: s.productId, ...(s.port.startsWith('/dev/') ? { path: s.port } : {}) }),
  };
}

export type { ScannedCode, ScannerState, ScannerStream } from './types';
export type { SimScanner } from './sim';
export { createSimScanner } from './sim';
export { openSerialScanner } from './serial';
export { openHidScanner } from './hid';
export { sendAsSerialScanner } from './serial-sim';
export type { Suffix } from './serial-framer';
