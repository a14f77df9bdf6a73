import type { KioskConfig } from '../config/schema';
import { openScanner, type ScannedCode, type ScannerState, type ScannerStream, type SimScanner } from '../../drivers/scanner/index';
import type { Opened } from './slot';

export interface ScannerDevice {
  /** null for a keyboard-wedge scanner: the kiosk page reads it. */
  stream: ScannerStream | null;
  sim: SimScanner | null;
  kind: 'sim' | 'serial' | 'hid' | 'wedge';
  onCode(cb: (code: ScannedCode) => void): () => void;
  close(): Promise<void>;
}

/** A scanner's state as the daemon sees it; `readByPage` for a keyboard wedge, which only the kiosk page reads. */
export type ScannerReport = ScannerState & { readByPage?: true };

export function openScannerDevice(cfg: KioskConfig, onStatus: (s: ScannerReport) => void): Opened<ScannerDevice> {
  const s = cfg.devices.scanner;
  const opened = openScanner({
    type: s.type,
    port: s.port,
    baudRate: s.baudRate,
    suffix: s.suffix,
    ...(s.vendorId !== undefined ? { vendorId: s.vendorId } : {}),
    ...(s.productId !== undefined ? { productId: s.productId } : {}),
  });
  if (!opened.ok) return { ok: false, reason: opened.reason };
  if (opened.kind === 'wedge') {
    onStatus({ status: 'unknown', detail: 'keyboard-wedge scanner: read by the kiosk page, seen at its first scan', readByPage: true });
    return { ok: true, device: { stream: null, sim: null, kind: 'wedge', onCode: () => () => {}, close: async () => {} } };
  }
  const stream = opened.scanner;
  const unsub = stream.onStatus(onStatus);
  onStatus(stream.status);
  return {
    ok: true,
    device: {
      stream,
      sim: opened.kind === 'sim' ? opened.scanner : null,
      kind: opened.kind,
      onCode: (cb) => stream.onCode(cb),
      close: async () => {
        unsub();
        await stream.close();
      },
    },
  };
}
