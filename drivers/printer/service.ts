// The one way the daemon talks to the ticket printer: readiness before money is taken, journaled jobs,
// whole-ticket reprint after paper-out, and idle status polling. One operation at a time on the wire.
import type { PrintJournal } from './journal';
import { nullJournal } from './journal';
import { concat } from '../bytes';
import {
  CLEAR_BUFFERS,
  DLE_EOT,
  ReplyScanner,
  parseRealtime,
  summarise,
  unknownStatus,
  type PrinterState,
  type PrinterStatus,
  type Reply,
  type StatusFlags,
} from './status';
import type { PrinterTransport } from './transports/types';

export interface PrintJob {
  id: string;
  kind: string;
  subject?: string | null;
  /** A complete job from encodeBlocks (it starts with ESC @ and ends with the cut). */
  bytes: Uint8Array;
}

export type PrintResult = { ok: true; attempts: number; verified: boolean } | { ok: false; reason: string; state: PrinterState; attempts: number };

export type Ready = { ok: true; status: PrinterStatus } | { ok: false; reason: string; status: PrinterStatus };

/** How one job waits for a printer that cannot print (paper out, cover open, not answering). */
export interface PrintOptions {
  /** How long this job waits for the printer to be ready again; default the service's paperWaitMs, 0 fails at once. */
  paperWaitMs?: number;
  /**
   * Told within one status poll that the job waits for the printer (with the status that stops it), and told null once
   * it prints again: the visitor's screen and the counters hear of an empty roll at once, not when the wait ends.
   */
  onWaiting?: (status: PrinterStatus | null) => void;
}

export interface PrinterServiceOptions {
  transport: PrinterTransport;
  journal?: PrintJournal;
  /** How long to wait for a DLE EOT answer. */
  queryTimeoutMs?: number;
  /** Status polls while a job prints (paper-out detection). */
  jobPollMs?: number;
  /** How long a job waits for paper (or a closed cover) before it fails. */
  paperWaitMs?: number;
  /** Longest time a job may take to print, on top of one second per KB. */
  completionTimeoutMs?: number;
  maxAttempts?: number;
  /** Idle status polling interval; 0 turns it off. */
  idlePollMs?: number;
  onStatus?: (s: PrinterStatus) => void;
  /** Printers without GS ( H: a job counts as printed when the status is fine after sending it. */
  processIdSupported?: boolean;
  /** Let checkReady pass on a one-way printer whose status cannot be read (default false). */
  acceptUnknownStatus?: boolean;
}

const READY: PrinterState[] = ['ok', 'near-end'];
const RECOVERABLE: PrinterState[] = ['paper-out', 'cover-open', 'offline'];

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class PrinterService {
  private readonly t: PrinterTransport;
  private readonly journal: PrintJournal;
  private readonly o: Required<Omit<PrinterServiceOptions, 'transport' | 'journal' | 'onStatus'>>;
  private readonly scanner = new ReplyScanner();
  private chain: Promise<unknown> = Promise.resolve();
  private waiters: Array<(r: Reply | { type: 'lost'; reason: string }) => void> = [];
  private last: PrinterStatus | null = null;
  private timer: NodeJS.Timeout | null = null;
  private nextId = 0;
  private readonly unsubscribe: Array<() => void> = [];
  /** The job that waits for the printer to be ready again (paper out, cover open, not answering), if one does. */
  private waiting: string | null = null;
  /** Bytes from the printer that matched no pattern (stray replies, line noise). */
  noise = 0;

  constructor(opts: PrinterServiceOptions) {
    this.t = opts.transport;
    this.journal = opts.journal ?? nullJournal;
    this.onStatus = opts.onStatus;
    this.o = {
      queryTimeoutMs: opts.queryTimeoutMs ?? 1000,
      jobPollMs: opts.jobPollMs ?? 250,
      paperWaitMs: opts.paperWaitMs ?? 120_000,
      completionTimeoutMs: opts.completionTimeoutMs ?? 20_000,
      maxAttempts: opts.maxAttempts ?? 3,
      idlePollMs: opts.idlePollMs ?? 0,
      processIdSupported: opts.processIdSupported ?? true,
      acceptUnknownStatus: opts.acceptUnknownStatus ?? false,
    };
    this.unsubscribe.push(this.t.onData((c) => this.onBytes(c)));
    this.unsubscribe.push(
      this.t.onLost((reason) => {
        this.scanner.reset();
        for (const w of this.waiters.splice(0)) w({ type: 'lost', reason });
      }),
    );
    if (this.o.idlePollMs > 0) this.startPolling(this.o.idlePollMs);
  }

  onStatus: ((s: PrinterStatus) => void) | undefined;

  get address(): string {
    return this.t.address;
  }

  get lastStatus(): PrinterStatus | null {
    return this.last;
  }

  // ── replies ──────────────────────────────────────────────────────────────

  private onBytes(chunk: Uint8Array): void {
    for (const r of this.scanner.push(chunk)) {
      if (r.type === 'noise') {
        this.noise++;
        continue;
      }
      if (r.type === 'asb') this.report(summarise(r.flags));
      // Each waiter takes the replies it wants and leaves the rest.
      for (const w of [...this.waiters]) w(r);
    }
  }

  /** Resolves with the first reply `accept` takes, or null after `ms`, or the loss of the connection. */
  private waitFor<T>(accept: (r: Reply) => T | undefined, ms: number): Promise<{ ok: true; value: T } | { ok: false; reason: 'timeout' | string }> {
    return new Promise((resolve) => {
      const done = (v: { ok: true; value: T } | { ok: false; reason: string }) => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((x) => x !== w);
        resolve(v);
      };
      const w = (r: Reply | { type: 'lost'; reason: string }) => {
        if (r.type === 'lost') {
          done({ ok: false, reason: r.reason });
          return;
        }
        const v = accept(r);
        if (v !== undefined) done({ ok: true, value: v });
      };
      const timer = setTimeout(() => done({ ok: false, reason: 'timeout' }), ms);
      this.waiters.push(w);
    });
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.chain.then(fn, fn);
    this.chain = p.catch(() => undefined);
    return p;
  }

  // ── status ───────────────────────────────────────────────────────────────

  private async query(): Promise<PrinterStatus> {
    if (!this.t.canReadStatus) return unknownStatus(`status unknown: ${this.t.address} cannot send status back (one-way connection)`);
    const flags: Partial<StatusFlags> = {};
    for (const n of [1, 2, 3, 4] as const) {
      const reply = this.waitFor((r) => (r.type === 'realtime' ? r.byte : undefined), this.o.queryTimeoutMs);
      const w = await this.t.write(Uint8Array.from(DLE_EOT(n)));
      if (!w.ok) {
        for (const x of this.waiters.splice(0)) x({ type: 'lost', reason: w.reason });
        await reply;
        return { state: 'offline', detail: w.reason, flags: {}, canReadStatus: true };
      }
      const r = await reply;
      if (!r.ok) {
        const detail =
          r.reason === 'timeout' ? `no answer from the printer at ${this.t.address} within ${this.o.queryTimeoutMs} ms: check power and cable` : r.reason;
        return { state: 'offline', detail, flags: {}, canReadStatus: true };
      }
      Object.assign(flags, mergeFlags(flags, parseRealtime(n, r.value)));
    }
    return summarise(flags);
  }

  private report(s: PrinterStatus): void {
    const changed = !this.last || this.last.state !== s.state || this.last.detail !== s.detail;
    this.last = s;
    if (changed) this.onStatus?.(s);
  }

  /** Asks the printer now (DLE EOT 1–4); while a job waits for the printer, that job's last poll answers. */
  status(): Promise<PrinterStatus> {
    if (this.waiting && this.last) return Promise.resolve(this.last);
    return this.exclusive(async () => {
      const s = await this.query();
      this.report(s);
      return s;
    });
  }

  /** Called before money is taken: can the printer print a ticket right now? */
  async checkReady(): Promise<Ready> {
    // A job waiting for paper holds the printer: answer at once instead of queueing behind it (no money is taken).
    if (this.waiting && this.last) return { ok: false, reason: `a print job is waiting for the printer: ${this.last.detail}`, status: this.last };
    const s = await this.status();
    if (READY.includes(s.state)) return { ok: true, status: s };
    if (s.state === 'unknown' && this.o.acceptUnknownStatus) return { ok: true, status: s };
    return { ok: false, reason: s.detail, status: s };
  }

  // ── printing ─────────────────────────────────────────────────────────────

  print(job: PrintJob, opts: PrintOptions = {}): Promise<PrintResult> {
    this.journal.queued({ id: job.id, kind: job.kind, subject: job.subject ?? null, bytes: job.bytes.length, printer: this.t.address });
    return this.exclusive(() => this.run(job, opts));
  }

  /** True while a job waits for the printer to be ready again. */
  get jobWaiting(): boolean {
    return this.waiting !== null;
  }

  private fail(job: PrintJob, reason: string, state: PrinterState, attempts: number): PrintResult {
    this.journal.failed(job.id, reason);
    return { ok: false, reason, state, attempts };
  }

  private async waitUntilReady(job: PrintJob, opts: PrintOptions): Promise<PrinterStatus> {
    const waitMs = opts.paperWaitMs ?? this.o.paperWaitMs;
    const until = Date.now() + waitMs;
    let s = await this.query();
    this.report(s);
    if (!RECOVERABLE.includes(s.state) || waitMs <= 0) return s;
    this.waiting = job.id;
    let told = '';
    try {
      while (RECOVERABLE.includes(s.state) && Date.now() < until) {
        if (told !== s.detail) opts.onWaiting?.(s);
        told = s.detail;
        await sleep(this.o.jobPollMs);
        s = await this.query();
        this.report(s);
      }
    } finally {
      this.waiting = null;
    }
    if (READY.includes(s.state)) opts.onWaiting?.(null);
    return s;
  }

  private async run(job: PrintJob, opts: PrintOptions): Promise<PrintResult> {
    let attempts = 0;
    const waitMs = opts.paperWaitMs ?? this.o.paperWaitMs;
    while (attempts < this.o.maxAttempts) {
      const before = await this.waitUntilReady(job, opts);
      if (before.state === 'unknown' && !this.t.canReadStatus) {
        // A one-way printer: send and hope; the journal says it was not verified.
        attempts++;
        const w = await this.t.write(job.bytes);
        if (!w.ok) return this.fail(job, `printer lost before the job was sent: ${w.reason}`, 'offline', attempts);
        this.journal.sent(job.id, attempts);
        this.journal.confirmed(job.id, { attempts, verified: false });
        return { ok: true, attempts, verified: false };
      }
      if (!READY.includes(before.state)) {
        const waited = RECOVERABLE.includes(before.state) && waitMs > 0 ? ` (waited ${Math.round(waitMs / 1000)} s)` : '';
        return this.fail(job, `printer not ready${waited}: ${before.detail}`, before.state, attempts);
      }
      attempts++;
      const id = this.nextProcessId();
      const done = this.o.processIdSupported
        ? this.waitFor((r) => (r.type === 'process-id' && r.id.join() === id.join() ? true : undefined), this.deadline(job))
        : null;
      const w = await this.t.write(concat(job.bytes, this.o.processIdSupported ? processIdCommand(id) : new Uint8Array(0)));
      if (!w.ok) {
        for (const x of this.waiters.splice(0)) x({ type: 'lost', reason: w.reason });
        await done;
        return this.fail(job, `printer connection lost mid-job (attempt ${attempts}): ${w.reason}`, 'offline', attempts);
      }
      this.journal.sent(job.id, attempts);
      const outcome = await this.watch(done);
      if (outcome.kind === 'printed') {
        this.journal.confirmed(job.id, { attempts, verified: true });
        this.report(outcome.status);
        return { ok: true, attempts, verified: true };
      }
      if (outcome.kind === 'lost') return this.fail(job, `printer disappeared mid-job (attempt ${attempts}): ${outcome.reason}`, 'offline', attempts);
      if (outcome.kind === 'timeout')
        return this.fail(
          job,
          `no print confirmation from ${this.t.address} within ${Math.round(this.deadline(job) / 1000)} s: check the printer; the ticket may be incomplete`,
          'error',
          attempts,
        );
      // Stopped mid-ticket: drop what is still buffered so the new roll does not start with half a ticket.
      this.journal.interrupted(job.id, `${outcome.status.detail}; buffer cleared, the whole job will be reprinted`);
      const cleared = this.waitFor((r) => (r.type === 'cleared' ? true : undefined), this.o.queryTimeoutMs);
      const c = await this.t.write(Uint8Array.from(CLEAR_BUFFERS));
      if (!c.ok) {
        await cleared;
        return this.fail(job, `printer lost while clearing its buffer: ${c.reason}`, 'offline', attempts);
      }
      const ack = await cleared;
      if (!ack.ok && ack.reason !== 'timeout') return this.fail(job, `printer lost while clearing its buffer: ${ack.reason}`, 'offline', attempts);
    }
    return this.fail(
      job,
      `gave up after ${attempts} attempts: the printer keeps stopping mid-job (${this.last?.detail ?? 'no status'})`,
      this.last?.state ?? 'error',
      attempts,
    );
  }

  private deadline(job: PrintJob): number {
    return this.o.completionTimeoutMs + job.bytes.length;
  }

  /** Until the printer confirms the job, stops (paper, cover, error), vanishes, or the deadline passes. */
  private async watch(
    done: Promise<{ ok: true; value: true } | { ok: false; reason: string }> | null,
  ): Promise<{ kind: 'printed'; status: PrinterStatus } | { kind: 'stopped'; status: PrinterStatus } | { kind: 'lost'; reason: string } | { kind: 'timeout' }> {
    let finished: { ok: true; value: true } | { ok: false; reason: string } | null = null;
    void done?.then((r) => {
      finished = r;
    });
    const started = Date.now();
    for (;;) {
      await Promise.race([sleep(this.o.jobPollMs), done ?? sleep(this.o.jobPollMs)]);
      const f = finished as { ok: true; value: true } | { ok: false; reason: string } | null;
      if (f && f.ok) return { kind: 'printed', status: this.last ?? summarise({}) };
      if (f && !f.ok && f.reason !== 'timeout') return { kind: 'lost', reason: f.reason };
      const s = await this.query();
      this.report(s);
      if (s.state === 'offline' && Object.keys(s.flags).length === 0) return { kind: 'lost', reason: s.detail };
      if (s.state === 'paper-out' || s.state === 'cover-open' || s.state === 'error' || (s.state === 'offline' && s.flags.offline)) {
        // The confirmation may have raced with the stop: trust it if it came.
        const g = finished as { ok: true; value: true } | { ok: false; reason: string } | null;
        if (g && g.ok) return { kind: 'printed', status: s };
        return { kind: 'stopped', status: s };
      }
      if (!done) {
        // No GS ( H on this printer: one clean status poll after sending counts as printed.
        if (READY.includes(s.state)) return { kind: 'printed', status: s };
      }
      if (f && !f.ok) return { kind: 'timeout' };
      if (!done && Date.now() - started > this.o.completionTimeoutMs) return { kind: 'timeout' };
    }
  }

  private nextProcessId(): number[] {
    this.nextId = (this.nextId + 1) % 10000;
    return [...String(this.nextId).padStart(4, '0')].map((c) => c.charCodeAt(0));
  }

  // ── idle polling ─────────────────────────────────────────────────────────

  startPolling(intervalMs: number): void {
    this.stopPolling();
    const tick = () => {
      this.timer = null;
      void this.status().finally(() => {
        if (this.timer === null && this.polling) this.timer = setTimeout(tick, intervalMs);
      });
    };
    this.polling = true;
    this.timer = setTimeout(tick, 0);
  }

  private polling = false;

  stopPolling(): void {
    this.polling = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  async close(): Promise<void> {
    this.stopPolling();
    await this.chain.catch(() => undefined);
    for (const u of this.unsubscribe) u();
    await this.t.close();
  }
}

/** GS ( H fn=48: the printer answers 37 22 d1..d4 00 once everything before it has printed. */
export function processIdCommand(id: number[]): Uint8Array {
  return Uint8Array.from([0x1d, 0x28, 0x48, 0x06, 0x00, 0x30, 0x30, ...id]);
}

function mergeFlags(a: Partial<StatusFlags>, b: Partial<StatusFlags>): Partial<StatusFlags> {
  const out: Partial<StatusFlags> = { ...a };
  for (const [k, v] of Object.entries(b) as Array<[keyof StatusFlags, boolean]>) out[k] = Boolean(out[k]) || v;
  return out;
}
