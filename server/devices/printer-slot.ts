// The daemon's one printer. Everyone keeps this object and reads `service` at call time, so a switch real ⇄
// simulator is followed. It also remembers the last jobs sent to a real printer so the diagnostics page can
// show them as images (rendered through a fresh VirtualPrinter).
import type { KioskConfig } from '../config/schema';
import type { Db } from '../../store/db';
import type { Logger } from '../log';
import type { DeviceRegistry } from './registry';
import type { PrinterService, PrintJob, PrintOptions, PrinterStatus, VirtualPrinter } from '../../drivers/printer/index';
import { openPrinter, printerLight, type PrinterDevice } from './printer';
import { DeviceSlot, type Opened, type StatusWords } from './slot';

export interface SentJob {
  seq: number;
  id: string;
  kind: string;
  at: string;
  bytes: Uint8Array;
}

export class PrinterSlot extends DeviceSlot<PrinterDevice, PrinterStatus> implements PrinterDevice {
  /** Jobs handed to a real printer, newest last (the simulator keeps its own, with pictures). */
  readonly sentJobs: SentJob[] = [];
  private sentSeq = 0;
  protected readonly noRealDevice =
    'the config has no real printer (devices.printer.transport is "sim"): set a transport such as "tcp://192.168.1.50:9100" and restart';

  private constructor(
    cfg: KioskConfig,
    private readonly db: Db,
    registry: DeviceRegistry,
    log: Logger,
    private readonly idlePollMs: number | undefined,
  ) {
    super('printer', cfg, registry, log);
  }

  static open(cfg: KioskConfig, db: Db, registry: DeviceRegistry, log: Logger, opts: { idlePollMs?: number } = {}): Opened<PrinterSlot> {
    const slot = new PrinterSlot(cfg, db, registry, log, opts.idlePollMs);
    const opened = slot.openFirst();
    return opened.ok ? { ok: true, device: slot } : opened;
  }

  protected openDriver(cfg: KioskConfig, onStatus: (s: PrinterStatus) => void): Opened<PrinterDevice> {
    return openPrinter(cfg, this.db, onStatus, this.idlePollMs === undefined ? {} : { idlePollMs: this.idlePollMs });
  }

  protected words(s: PrinterStatus): StatusWords {
    return { light: printerLight(s), detail: s.detail, state: s.state, calm: s.state === 'ok' || s.state === 'near-end' };
  }

  /** Keeps a copy of each job sent to a real printer (20 at most), for the page's pictures. */
  protected override attach(d: PrinterDevice): () => void {
    if (d.sim) return () => {};
    const original = d.service.print.bind(d.service);
    d.service.print = (job: PrintJob, opts?: PrintOptions) => {
      this.sentJobs.push({ seq: ++this.sentSeq, id: job.id, kind: job.kind, at: new Date().toISOString(), bytes: job.bytes });
      while (this.sentJobs.length > 20) this.sentJobs.shift();
      return original(job, opts);
    };
    return () => {};
  }

  protected override afterSwitch(): Promise<unknown> {
    return this.service.status();
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
}
