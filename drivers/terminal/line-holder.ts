// Opens the terminal's line on first use and again after it went away (USB unplugged, port closed), so a
// terminal that is off at daemon start works once it is switched on.
import type { ByteStream } from '../serial/stream';

export type Connector = () => Promise<{ ok: true; stream: ByteStream } | { ok: false; reason: string }>;

export class LineHolder {
  private stream: ByteStream | undefined;
  private closedReason: string | undefined;
  private disposed = false;

  constructor(private readonly connector: Connector) {}

  async get(): Promise<{ ok: true; stream: ByteStream } | { ok: false; reason: string }> {
    if (this.disposed) return { ok: false, reason: 'terminal driver is closed' };
    if (this.stream) return { ok: true, stream: this.stream };
    const opened = await this.connector();
    if (!opened.ok) return opened;
    this.stream = opened.stream;
    this.closedReason = undefined;
    const mine = opened.stream;
    mine.onClose((reason) => {
      if (this.stream === mine) {
        this.stream = undefined;
        this.closedReason = reason;
      }
    });
    return { ok: true, stream: mine };
  }

  /** Why the line last went away, for status details. */
  get lastCloseReason(): string | undefined {
    return this.closedReason;
  }

  async close(): Promise<void> {
    this.disposed = true;
    const s = this.stream;
    this.stream = undefined;
    await s?.close();
  }
}

/**
 * How long a visitor's payment waits for an operation already on the line (a status probe, a registration)
 * to end. A probe takes about a second; one that hangs on a terminal that never completes is given up on,
 * and the payment is answered "busy" (not sent: nothing was charged, the visitor may try again).
 *
 * The wait is here, in the driver, so it comes after the payment service has committed the `intent` and
 * before the first byte of the request (DESIGN.md rule 1 holds: nothing goes out unjournaled). Journaling
 * before the wait, not after, is deliberate: the intent row is what claims the terminal across processes
 * (recordIntent refuses a second open payment on it), and an attempt that ends here as `not_sent` stays on
 * record with its reason. A crash during the wait leaves an intent never sent, which start-up reconciliation
 * settles like any intent without `sent` (rule 4), exactly as a crash between the intent and the first byte;
 * waiting first would only move the journal write inside the time the line is held.
 */
export const PAY_WAIT_MS = 15_000;

/**
 * One operation at a time on a terminal line. Probes and recovery commands try and give up at once
 * (`tryAcquire`); a payment waits for such an operation to end (`acquire`), but never behind another
 * payment: a second payment is refused at once, as before, so nothing is ever queued to be charged later.
 * The gate goes straight to the waiting payment on release, so a probe cannot slip in between.
 */
export class OneAtATime {
  private held = false;
  /** A payment holds the gate or waits for it. */
  private paying = false;
  private payerHolds = false;
  private waiter: (() => void) | null = null;

  tryAcquire(): boolean {
    if (this.held) return false;
    this.held = true;
    return true;
  }

  /** For a payment: waits up to `waitMs` for the operation on the line; false when it stayed taken. */
  acquire(waitMs: number): Promise<boolean> {
    if (this.paying) return Promise.resolve(false);
    this.paying = true;
    if (this.tryAcquire()) {
      this.payerHolds = true;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        this.paying = false;
        resolve(false);
      }, waitMs);
      this.waiter = () => {
        clearTimeout(timer);
        this.payerHolds = true;
        resolve(true);
      };
    });
  }

  /** Runs a payment holding the gate, after waiting up to `waitMs` for it; `busy` when it stayed taken. */
  async run<T>(waitMs: number, busy: T, fn: () => Promise<T>): Promise<T> {
    if (!(await this.acquire(waitMs))) return busy;
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  release(): void {
    if (this.payerHolds) {
      this.payerHolds = false;
      this.paying = false;
    }
    const next = this.waiter;
    this.waiter = null;
    if (next)
      next(); // stays held: handed to the waiting payment
    else this.held = false;
  }

  get busy(): boolean {
    return this.held;
  }
}
