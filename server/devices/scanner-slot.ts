// The daemon's one scanner. Listeners subscribe here once (codes and status) and keep hearing the scanner
// in use when the driver underneath is swapped between the real scanner and the simulator.
import type { KioskConfig } from '../config/schema';
import type { Logger } from '../log';
import type { DeviceRegistry } from './registry';
import type { ScannedCode, ScannerState, ScannerStream, SimScanner } from '../../drivers/scanner/index';
import { openScannerDevice, type ScannerDevice, type ScannerReport } from './scanner';
import { DeviceSlot, type Opened, type StatusWords } from './slot';

type Listener = (code: ScannedCode) => void;

export class ScannerSlot extends DeviceSlot<ScannerDevice, ScannerReport> implements ScannerDevice {
  private readonly listeners = new Set<Listener>();
  protected readonly noRealDevice = 'the config has no real scanner (devices.scanner.port is "sim"): set the scanner port and restart';

  private constructor(cfg: KioskConfig, registry: DeviceRegistry, log: Logger) {
    super('scanner', cfg, registry, log);
  }

  static open(cfg: KioskConfig, registry: DeviceRegistry, log: Logger): Opened<ScannerSlot> {
    const slot = new ScannerSlot(cfg, registry, log);
    const opened = slot.openFirst();
    return opened.ok ? { ok: true, device: slot } : opened;
  }

  protected openDriver(cfg: KioskConfig, onStatus: (s: ScannerReport) => void): Opened<ScannerDevice> {
    return openScannerDevice(cfg, onStatus);
  }

  protected words(s: ScannerReport): StatusWords {
    return { light: s.status, detail: s.detail, state: s.status, calm: s.status === 'ok' || s.status === 'unknown' };
  }

  protected override attach(d: ScannerDevice): () => void {
    return d.onCode((code) => {
      this.log.debug({ length: code.text.length, source: code.source }, 'scanner read a code');
      for (const l of this.listeners) l(code);
    });
  }

  get stream(): ScannerStream | null {
    return this.cur.stream;
  }
  get sim(): SimScanner | null {
    return this.cur.sim;
  }
  get kind(): ScannerDevice['kind'] {
    return this.cur.kind;
  }

  onCode(cb: Listener): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /**
   * The state of the scanner in use, across switches. A keyboard wedge is read by the kiosk page, not by the
   * daemon: it counts as working here, so a switch to it clears a fault of the scanner before.
   */
  override onStatus(cb: (s: ScannerState) => void): () => void {
    return super.onStatus((s) => cb(s.readByPage ? { status: 'ok', detail: s.detail } : { status: s.status, detail: s.detail }));
  }
}
