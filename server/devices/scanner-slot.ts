// The daemon's one scanner object. Listeners subscribe here once (ctx.hardware.scanner.onCode) and keep
// receiving codes when the driver underneath is swapped between the real scanner and the simulator.
import type { KioskConfig } from '../config/schema';
import type { Logger } from '../log';
import type { DeviceRegistry } from './registry';
import type { ScannedCode, ScannerState, ScannerStream, SimScanner } from '../../drivers/scanner/index';
import { openScannerDevice, type ScannerDevice } from './scanner';
import { configFor, describe, type DeviceMode, type SwitchResult } from './modes';

type Listener = (code: ScannedCode) => void;

export class ScannerSlot implements ScannerDevice {
  private cur: ScannerDevice;
  private unsub: () => void = () => {};
  private gen = 1;
  private readonly listeners = new Set<Listener>();
  mode: DeviceMode;

  private constructor(
    private readonly cfg: KioskConfig,
    private readonly registry: DeviceRegistry,
    private readonly log: Logger,
    first: ScannerDevice,
    mode: DeviceMode,
  ) {
    this.cur = first;
    this.mode = mode;
    this.attach();
  }

  static open(cfg: KioskConfig, registry: DeviceRegistry, log: Logger): { ok: true; slot: ScannerSlot } | { ok: false; reason: string } {
    const mode: DeviceMode = cfg.devices.scanner.port === 'sim' && cfg.devices.scanner.type !== 'wedge' ? 'sim' : 'real';
    const ref: { slot?: ScannerSlot } = {};
    const early: ScannerState[] = [];
    const opened = openScannerDevice(cfg, (s) => (ref.slot ? ref.slot.status(1, s) : early.push(s)));
    if (!opened.ok) return opened;
    const slot = new ScannerSlot(cfg, registry, log, opened.device, mode);
    ref.slot = slot;
    for (const s of early) slot.status(1, s);
    return { ok: true, slot };
  }

  private status(gen: number, s: ScannerState): void {
    if (gen !== this.gen) return;
    this.registry.report('scanner', s.status, s.detail);
    this.log[s.status === 'ok' || s.status === 'unknown' ? 'info' : 'warn']({ status: s.status, detail: s.detail }, `scanner ${s.status}`);
  }

  private attach(): void {
    this.unsub = this.cur.onCode((code) => {
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

  async switchTo(mode: DeviceMode): Promise<SwitchResult> {
    if (mode === this.mode) return { ok: true, mode, changed: false };
    if (mode === 'real' && this.cfg.devices.scanner.port === 'sim' && this.cfg.devices.scanner.type !== 'wedge') {
      return { ok: false, reason: 'the config has no real scanner (devices.scanner.port is "sim"): set the scanner port and restart' };
    }
    const gen = ++this.gen;
    this.unsub();
    await this.cur.close().catch((err: unknown) => this.log.warn({ err }, 'closing the scanner driver failed'));
    const next = configFor(this.cfg, 'scanner', mode);
    const opened = openScannerDevice(next, (s) => this.status(gen, s));
    if (!opened.ok) {
      const back = openScannerDevice(this.cfg, (s) => this.status(gen, s));
      if (back.ok) {
        this.cur = back.device;
        this.attach();
      }
      return { ok: false, reason: opened.reason };
    }
    this.cur = opened.device;
    this.mode = mode;
    this.attach();
    const words = describe(next, 'scanner');
    const st = this.cur.stream?.status ?? { status: 'unknown' as const, detail: 'keyboard-wedge scanner: read by the kiosk page' };
    this.registry.report('scanner', st.status, st.detail, words);
    this.log.warn({ mode, address: words.address }, `scanner switched to ${mode === 'sim' ? 'the simulator' : 'the real scanner'}`);
    return { ok: true, mode, changed: true };
  }

  async close(): Promise<void> {
    this.gen++;
    this.unsub();
    await this.cur.close();
  }
}
