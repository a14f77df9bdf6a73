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

/** One operation at a time on a terminal line; a second caller gets `false` instead of waiting. */
export class OneAtATime {
  private held = false;
  tryAcquire(): boolean {
    if (this.held) return false;
    this.held = true;
    return true;
  }
  release(): void {
    this.held = false;
  }
  get busy(): boolean {
    return this.held;
  }
}
