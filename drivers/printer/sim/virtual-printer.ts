// An ESC/POS printer in software: executes the byte stream onto simulated paper, answers real-time
// status from its simulated state, and takes faults while running. Transports (TCP, serial, in-process)
// only move bytes in and out of it.
import { EventEmitter } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bitmap } from '../bitmap';
import { concat } from '../../bytes';
import type { PrinterModel } from '../encode';
import { DEFAULT_MODEL } from '../models';
import { findRealtime, parseCommand, type Command } from './commands';
import { decodeByte } from './codepages';
import { Page, type PageSummary } from './paper';

export type FaultName = 'near-end' | 'paper-out' | 'cover-open' | 'offline' | 'error' | 'slow-drain';
export const FAULTS: FaultName[] = ['near-end', 'paper-out', 'cover-open', 'offline', 'error', 'slow-drain'];

export interface SimJob extends PageSummary {
  seq: number;
  at: string;
  /** Cut off normally; false when the paper ran out, the buffer was cleared or the sender left before the cut. */
  complete: boolean;
  /** closed: the connection that sent it closed before a cut (TCP). */
  endedBy: 'cut' | 'paper-out' | 'cleared' | 'flush' | 'closed';
  /** What the host sent for this job, byte for byte, with the status queries that followed its cut. */
  bytes: Uint8Array;
  png: Buffer;
}

export interface VirtualPrinterOptions {
  paperDots?: number;
  model?: PrinterModel;
  /** Jobs kept in memory for the diagnostics page. */
  keepJobs?: number;
  /** Writes NNNN.bin and NNNN.png per job when given. */
  outDir?: string;
  /** Bytes a second while the slow-drain fault is on. */
  slowDrainBytesPerSecond?: number;
}

interface State {
  paper: 'ok' | 'near-end' | 'out';
  coverOpen: boolean;
  offline: boolean;
  error: boolean;
  slowDrain: boolean;
}

const LINE_SPACING = 30;

/** Commands that neither print nor set up printing: after a cut they still belong to the job just cut. */
const QUERIES = new Set<Command['type']>(['rt-status', 'rt-clear', 'process-id', 'asb']);
/** Status queries kept with a cut job; a host polling an idle printer for hours must not grow it. */
const MAX_TRAILING = 1024;

export class VirtualPrinter extends EventEmitter {
  readonly paperDots: number;
  readonly model: PrinterModel;
  readonly jobs: SimJob[] = [];
  private readonly keep: number;
  private readonly outDir: string | undefined;
  private readonly drainRate: number;
  private state: State = { paper: 'ok', coverOpen: false, offline: false, error: false, slowDrain: false };
  private pending: Uint8Array = new Uint8Array(0);
  private tail: Uint8Array = new Uint8Array(0);
  private page: Page;
  /**
   * What the host sent for the current page: whole pieces of the stream, not a byte at a time, plus the run of
   * `pending` executed since the last piece was taken (pending[runFrom, runTo); runFrom -1: none). A ticket is some ten
   * thousand bytes and each byte pushed on its own made the simulator most of a visit's garbage (issue 14).
   */
  private pageBytes: Uint8Array[] = [];
  private runFrom = -1;
  private runTo = 0;
  /** Absolute stream offset of pending[0]; ends[] are offsets where a host connection closed. */
  private base = 0;
  private readonly ends: number[] = [];
  /** The job cut last, still taking the status queries that follow its cut. */
  private cutJob: { job: SimJob; trailing: number } | null = null;
  /** The last job finished since the current host connection began. */
  private connectionJob: SimJob | null = null;
  private seq = 0;
  private linesLeft: number | null = null;
  private asb = false;
  private drainTimer: NodeJS.Timeout | null = null;
  private fmt = { align: 0, bold: false, underline: false, w: 1, h: 1, codepage: 0, spacing: LINE_SPACING };
  private qr = { data: '', module: 3, level: 'M' as 'L' | 'M' | 'Q' | 'H' };

  constructor(opts: VirtualPrinterOptions = {}) {
    super();
    this.paperDots = opts.paperDots ?? 576;
    this.model = opts.model ?? DEFAULT_MODEL;
    this.keep = opts.keepJobs ?? 20;
    this.outDir = opts.outDir;
    this.drainRate = opts.slowDrainBytesPerSecond ?? 2000;
    this.page = new Page(this.paperDots);
    if (this.outDir) mkdirSync(this.outDir, { recursive: true });
  }

  // ── faults ───────────────────────────────────────────────────────────────

  setFault(name: FaultName, on = true): void {
    const before = this.statusBytes().join();
    switch (name) {
      case 'near-end':
        this.state.paper = on ? 'near-end' : 'ok';
        break;
      case 'paper-out':
        this.state.paper = on ? 'out' : 'ok';
        if (on) this.paperRanOut();
        break;
      case 'cover-open':
        this.state.coverOpen = on;
        break;
      case 'offline':
        this.state.offline = on;
        break;
      case 'error':
        this.state.error = on;
        break;
      case 'slow-drain':
        this.state.slowDrain = on;
        break;
    }
    this.changed(before);
    this.pump();
  }

  /** The paper runs out after `n` more printed lines (a line feed, or 24 dot rows of image). */
  paperOutAfter(lines: number): void {
    this.linesLeft = lines;
  }

  /** A new roll: clears paper-out and near-end; what is still buffered prints on the new roll. */
  loadPaper(): void {
    const before = this.statusBytes().join();
    this.state.paper = 'ok';
    this.linesLeft = null;
    this.changed(before);
    this.pump();
  }

  clearFaults(): void {
    const before = this.statusBytes().join();
    this.state = { paper: 'ok', coverOpen: false, offline: false, error: false, slowDrain: false };
    this.linesLeft = null;
    this.changed(before);
    this.pump();
  }

  get faults(): FaultName[] {
    const s = this.state;
    return [
      ...(s.paper === 'near-end' ? ['near-end' as const] : []),
      ...(s.paper === 'out' ? ['paper-out' as const] : []),
      ...(s.coverOpen ? ['cover-open' as const] : []),
      ...(s.offline ? ['offline' as const] : []),
      ...(s.error ? ['error' as const] : []),
      ...(s.slowDrain ? ['slow-drain' as const] : []),
    ];
  }

  /** Bytes received but not yet printed. */
  get buffered(): number {
    return this.pending.length;
  }

  // ── input ────────────────────────────────────────────────────────────────

  /** Bytes from the host. Replies go out through the 'data' event. */
  receive(chunk: Uint8Array): void {
    const scan = new Uint8Array(this.tail.length + chunk.length);
    scan.set(this.tail);
    scan.set(chunk, this.tail.length);
    let pending = concat(this.pending, chunk);
    let base = this.base;
    for (const rt of findRealtime(scan)) {
      // A command that started in the previous chunk's tail was not answered yet only if it ends here.
      const end = rt.at + (rt.cmd.type === 'rt-clear' ? 10 : 3);
      if (end <= this.tail.length) continue;
      if (rt.cmd.type === 'rt-status') this.emit('data', Uint8Array.of(this.realtimeByte(rt.cmd.n)));
      else {
        // Everything received up to this command is dropped; what follows it is kept.
        const after = scan.length - end;
        base += pending.length - after;
        pending = pending.slice(pending.length - after);
        this.abandonPage('cleared');
        this.emit('data', Uint8Array.of(0x37, 0x25, 0x00));
      }
    }
    this.tail = scan.slice(Math.max(0, scan.length - 9));
    this.pending = pending;
    this.base = base;
    this.pump();
  }

  /**
   * The host's connection closed (TCP): its job ends once everything it sent has printed, even without a
   * cut, and nothing it sent lands in the next connection's job.
   */
  connectionClosed(): void {
    this.ends.push(this.base + this.pending.length);
    this.settleEnds();
    this.pump();
  }

  private settleEnds(): void {
    while (this.ends.length && this.base >= this.ends[0]!) {
      this.ends.shift();
      this.endConnection();
    }
  }

  private endConnection(): void {
    const own = this.connectionJob;
    this.cutJob = null;
    this.takeRun();
    if (this.page.inked) this.finishPage('closed');
    else if (this.pageBytes.length && own) {
      // Blank feed or set-up after its cut: the sender's bytes, kept with its job, not the next ticket's.
      this.appendToJob(own, concat(...this.pageBytes));
      this.page = new Page(this.paperDots);
      this.pageBytes = [];
    } else if (this.pageBytes.length && !this.page.empty) this.finishPage('closed');
    else this.pageBytes = []; // only status queries: no paper moved, no job
    this.connectionJob = null;
  }

  private appendToJob(job: SimJob, bytes: Uint8Array): void {
    job.bytes = concat(job.bytes, bytes);
    if (this.outDir) writeFileSync(join(this.outDir, `${String(job.seq).padStart(4, '0')}.bin`), job.bytes);
  }

  // ── status ───────────────────────────────────────────────────────────────

  private get stopped(): boolean {
    return this.state.paper === 'out' || this.state.coverOpen || this.state.offline || this.state.error;
  }

  realtimeByte(n: number): number {
    const s = this.state;
    switch (n) {
      case 1:
        return 0x16 | (this.stopped ? 0x08 : 0);
      case 2:
        return 0x12 | (s.coverOpen ? 0x04 : 0) | (s.paper === 'out' ? 0x20 : 0) | (s.error ? 0x40 : 0);
      case 3:
        return 0x12 | (s.error ? 0x08 : 0);
      default:
        return 0x12 | (s.paper === 'near-end' ? 0x0c : 0) | (s.paper === 'out' ? 0x6c : 0);
    }
  }

  statusBytes(): number[] {
    const s = this.state;
    return [
      0x10 | (this.stopped ? 0x08 : 0) | (s.coverOpen ? 0x20 : 0),
      s.error ? 0x08 : 0,
      (s.paper === 'near-end' ? 0x03 : 0) | (s.paper === 'out' ? 0x0f : 0),
      0x00,
    ];
  }

  private changed(before: string): void {
    if (this.asb && this.statusBytes().join() !== before) this.emit('data', Uint8Array.from(this.statusBytes()));
    this.emit('status', this.faults);
  }

  // ── printing ─────────────────────────────────────────────────────────────

  private pump(): void {
    this.settleEnds();
    if (this.drainTimer) return;
    if (this.state.slowDrain) {
      const step = Math.max(1, Math.round(this.drainRate / 20));
      const tick = () => {
        this.drainTimer = null;
        if (!this.pending.length) return;
        this.execute(step);
        if (this.pending.length && !this.stopped) this.drainTimer = setTimeout(tick, 50);
      };
      this.drainTimer = setTimeout(tick, 50);
      return;
    }
    this.execute(Infinity);
  }

  private execute(budget: number): void {
    let at = 0;
    let used = 0;
    while (at < this.pending.length && used < budget && !this.stopped) {
      const parsed = parseCommand(this.pending, at);
      if (parsed === 'incomplete') break;
      const cut = this.cutJob;
      if (cut && QUERIES.has(parsed.cmd.type)) {
        this.takeRun();
        if (cut.trailing + parsed.length <= MAX_TRAILING) {
          cut.trailing += parsed.length;
          this.appendToJob(cut.job, this.pending.slice(at, at + parsed.length));
        }
      } else {
        this.cutJob = null;
        if (this.runFrom < 0) this.runFrom = at;
        this.runTo = at + parsed.length;
      }
      at += parsed.length;
      used += parsed.length;
      this.run(parsed.cmd);
      if (this.ends.length && this.base + at >= this.ends[0]!) {
        this.takeRun();
        this.pending = this.pending.slice(at);
        this.base += at;
        at = 0;
        this.settleEnds();
      }
    }
    this.takeRun();
    this.pending = this.pending.slice(at);
    this.base += at;
  }

  /** The run of `pending` executed onto the page, taken into pageBytes before anyone reads them or `pending` moves. */
  private takeRun(): void {
    if (this.runFrom >= 0 && this.runTo > this.runFrom) this.pageBytes.push(this.pending.subarray(this.runFrom, this.runTo));
    this.runFrom = -1;
  }

  private consumeLines(dots: number): void {
    if (this.linesLeft === null) return;
    this.linesLeft -= Math.max(1, Math.round(dots / 24));
    if (this.linesLeft <= 0) {
      const before = this.statusBytes().join();
      this.state.paper = 'out';
      this.linesLeft = null;
      this.paperRanOut();
      this.changed(before);
    }
  }

  private run(cmd: Command): void {
    const f = this.fmt;
    switch (cmd.type) {
      case 'text':
        this.page.addChar({ ch: decodeByte(this.model, f.codepage, cmd.byte), w: f.w, h: f.h, bold: f.bold, underline: f.underline });
        break;
      case 'lf':
        this.consumeLines(this.page.printLine(f.align, f.spacing));
        break;
      case 'init':
        this.fmt = { align: 0, bold: false, underline: false, w: 1, h: 1, codepage: 0, spacing: LINE_SPACING };
        break;
      case 'print-mode':
        f.bold = (cmd.n & 0x08) !== 0;
        f.w = cmd.n & 0x20 ? 2 : 1;
        f.h = cmd.n & 0x10 ? 2 : 1;
        f.underline = (cmd.n & 0x80) !== 0;
        break;
      case 'bold':
        f.bold = cmd.on;
        break;
      case 'underline':
        f.underline = cmd.n % 0x30 !== 0;
        break;
      case 'align':
        f.align = Math.min(2, cmd.n);
        break;
      case 'codepage':
        f.codepage = cmd.n;
        break;
      case 'size':
        f.w = ((cmd.n >> 4) & 7) + 1;
        f.h = (cmd.n & 7) + 1;
        break;
      case 'line-spacing':
        f.spacing = cmd.dots ?? LINE_SPACING;
        break;
      case 'feed-lines': {
        if (!this.page.lineEmpty) this.page.printLine(f.align, f.spacing);
        for (let i = 0; i < cmd.n && !this.stopped; i++) {
          this.page.feed(f.spacing);
          this.consumeLines(24);
        }
        break;
      }
      case 'feed-dots':
        this.page.feed(cmd.n);
        this.consumeLines(cmd.n);
        break;
      case 'raster': {
        const bmp: Bitmap = { width: cmd.widthBytes * 8, height: cmd.rows, bits: cmd.data };
        this.page.raster(bmp, f.align);
        this.consumeLines(cmd.rows);
        break;
      }
      case 'qr':
        this.qrCommand(cmd.fn, cmd.data);
        break;
      case 'cut':
        this.cutJob = { job: this.finishPage('cut'), trailing: 0 };
        break;
      case 'process-id':
        this.emit('data', Uint8Array.from([0x37, 0x22, ...cmd.id, 0x00]));
        break;
      case 'asb':
        this.asb = cmd.n !== 0;
        if (this.asb) this.emit('data', Uint8Array.from(this.statusBytes()));
        break;
      case 'rt-status':
      case 'rt-clear':
      case 'ignored':
        break;
      case 'unknown':
        this.page.summary.warnings.push(`unknown command ${Buffer.from(cmd.bytes).toString('hex')}`);
        break;
    }
  }

  private qrCommand(fn: number, data: Uint8Array): void {
    switch (fn) {
      case 0x43:
        this.qr.module = data[0] ?? 3;
        break;
      case 0x45:
        this.qr.level = (['L', 'M', 'Q', 'H'] as const)[(data[0] ?? 0x31) - 0x30] ?? 'M';
        break;
      case 0x50:
        this.qr.data = Buffer.from(data.slice(1)).toString('latin1');
        break;
      case 0x51: {
        const size = this.page.qr(this.qr.data, this.qr.module, this.qr.level, this.fmt.align);
        this.consumeLines(size);
        break;
      }
    }
  }

  private paperRanOut(): void {
    // What printed so far hangs out of the printer, uncut; the rest stays in the buffer.
    if (!this.page.empty) this.finishPage('paper-out');
  }

  private abandonPage(reason: 'cleared'): void {
    this.takeRun();
    if (!this.page.empty) this.finishPage(reason);
    else this.pageBytes = [];
  }

  /** Ends the current piece of paper, renders it and keeps it. */
  finishPage(endedBy: SimJob['endedBy']): SimJob {
    this.takeRun();
    const page = this.page;
    // The PNG is drawn when someone looks at it (diagnostics page, --out, a test): encoding one costs
    // ≈25 ms, which a busy kiosk should not pay for every ticket nobody views.
    let png: Buffer | null = null;
    const job = {
      ...page.summary,
      heightDots: page.y,
      seq: ++this.seq,
      at: new Date().toISOString(),
      complete: endedBy === 'cut',
      endedBy,
      bytes: concat(...this.pageBytes),
    } as SimJob;
    Object.defineProperty(job, 'png', { enumerable: true, get: () => (png ??= page.png()) });
    this.page = new Page(this.paperDots);
    this.pageBytes = [];
    this.jobs.push(job);
    this.connectionJob = job;
    while (this.jobs.length > this.keep) this.jobs.shift();
    if (this.outDir) {
      const base = join(this.outDir, String(job.seq).padStart(4, '0'));
      writeFileSync(`${base}.bin`, job.bytes);
      writeFileSync(`${base}.png`, job.png);
    }
    this.emit('job', job);
    return job;
  }

  close(): void {
    if (this.drainTimer) clearTimeout(this.drainTimer);
    this.drainTimer = null;
  }
}
