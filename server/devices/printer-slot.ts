// The daemon's one printer object. Its driver can be swapped at runtime (real ⇄ simulator) while everyone
// keeps reading ctx.hardware.printer.service at call time. It also remembers the last jobs sent to a real
// printer so the diagnostics page can show them as images (rendered through a fresh VirtualPrinter).
import type { KioskConfig } from '../config/schema';
import type { Db } from '../../store/db';
import type { Logger } from '../log';
import type { DeviceRegistry } from './registry';
import type { PrinterService, PrintJob } from '../../drivers/printer/service';
import type { VirtualPrinter } from '../../drivers/printer/sim/virtual-printer';
import { openPrinter, printerLight, type PrinterDevice } from './printer';
import { configFor, describe, type DeviceMode, type SwitchResult } from './modes';

export interface SentJob {
  seq: number;
  id: string;
  kind: string;
  at: string;
  bytes: Uint8Array;
}

export class PrinterSlot implements PrinterDevice {
  private cur: PrinterDevice;
  private gen = 0;
  mode: DeviceMode;
  /** Jobs handed to a real printer, newest last (the simulator keeps its own, with pictures). */
  readonly sentJobs: SentJob[] = [];
  private sentSeq = 0;

  private constructor(
    private readonly cfg: KioskConfig,
    private readonly db: Db,
    private readonly registry: DeviceRegistry,
    private readonly log: Logger,
    private readonly idlePollMs: number | undefined,
    first: { device: PrinterDevice; mode: DeviceMode },
  ) {
    this.cur = first.device;
    this.mode = first.mode;
  }

  static open(
    cfg: KioskConfig,
    db: Db,
    registry: DeviceRegistry,
    log: Logger,
    opts: { idlePollMs?: number } = {},
  ): { ok: true; slot: PrinterSlot } | { ok: false; reason: string } {
    const mode: DeviceMode = cfg.devices.printer.transport === 'sim' ? 'sim' : 'real';
    const ref: { slot?: PrinterSlot } = {};
    const opened = PrinterSlot.openMode(cfg, db, mode, (s) => ref.slot?.status(1, s), opts.idlePollMs);
    if (!opened.ok) return opened;
    const slot = new PrinterSlot(cfg, db, registry, log, opts.idlePollMs, { device: opened.device, mode });
    slot.gen = 1;
    slot.capture(opened.device);
    ref.slot = slot;
    return { ok: true, slot };
  }

  private static openMode(cfg: KioskConfig, db: Db, mode: DeviceMode, onStatus: Parameters<typeof openPrinter>[2], idlePollMs: number | undefined) {
    return openPrinter(configFor(cfg, 'printer', mode), db, onStatus, idlePollMs === undefined ? {} : { idlePollMs });
  }

  private status(gen: number, s: Parameters<Parameters<typeof openPrinter>[2]>[0]): void {
    // A closing driver's last words are not the new driver's state.
    if (gen !== this.gen) return;
    this.registry.report('printer', printerLight(s), s.detail);
    const level = s.state === 'ok' || s.state === 'near-end' ? 'info' : 'warn';
    this.log[level]({ state: s.state, detail: s.detail }, `printer ${s.state}`);
  }

  /** Keeps a copy of each job sent to a real printer (20 at most), for the page's pictures. */
  private capture(d: PrinterDevice): void {
    if (d.sim) return;
    const original = d.service.print.bind(d.service);
    d.service.print = (job: PrintJob) => {
      this.sentJobs.push({ seq: ++this.sentSeq, id: job.id, kind: job.kind, at: new Date().toISOString(), bytes: job.bytes });
      while (this.sentJobs.length > 20) this.sentJobs.shift();
      return original(job);
    };
  }

  get service(): PrinterService {
    return this.cur.service;
  }
  get sim(): VirtualPrinter | null {
    return this.cur.sim;
  }
  get model(): string {
    return this.cur.model;
  }
  get nativeQr(): boolean {
    return this.cur.nativeQr;
  }
  get paperWidth(): 80 | 58 {
    return this.cur.paperWidth;
  }

  /** Closes the current driver (after its running job) and opens the other one. */
  async switchTo(mode: DeviceMode): Promise<SwitchResult> {
    if (mode === this.mode) return { ok: true, mode, changed: false };
    if (mode === 'real' && this.cfg.devices.printer.transport === 'sim')
      return {
        ok: false,
        reason: 'the config has no real printer (devices.printer.transport is "sim"): set a transport such as "tcp://192.168.1.50:9100" and restart',
      };
    const gen = ++this.gen;
    await this.cur.close().catch((err: unknown) => this.log.warn({ err }, 'closing the printer driver failed'));
    const opened = PrinterSlot.openMode(this.cfg, this.db, mode, (s) => this.status(gen, s), this.idlePollMs);
    if (!opened.ok) {
      // Should not happen (the same config opened at start-up): go back to what worked.
      const back = PrinterSlot.openMode(this.cfg, this.db, this.mode, (s) => this.status(gen, s), this.idlePollMs);
      if (back.ok) this.cur = back.device;
      return { ok: false, reason: opened.reason };
    }
    this.cur = opened.device;
    this.mode = mode;
    this.capture(opened.device);
    const words = describe(configFor(this.cfg, 'printer', mode), 'printer');
    this.registry.report('printer', 'unknown', mode === 'sim' ? 'switched to the simulator' : 'switched back to the real printer', words);
    this.log.warn({ mode, address: words.address }, `printer switched to ${mode === 'sim' ? 'the simulator' : 'the real printer'}`);
    void this.service.status().catch((err: unknown) => this.log.warn({ err }, 'printer status after switching failed'));
    return { ok: true, mode, changed: true };
  }

  async close(): Promise<void> {
    this.gen++;
    await this.cur.close();
  }
}
