// The simulator's transmitter: in order, optionally one byte per write (split-frames), optionally gluing a
// one-byte ACK/NAK to the frame that follows it (glued-frames; over TCP, where there is no ACK byte, any APDU
// to the one that follows, so the peer gets several APDUs in one segment), optionally paced to the baud rate.
import type { ByteStream } from '../../serial/stream';
import { wireTimeMs, type LineSettings } from '../../serial/line';
import { sleep } from '../inbox';

export type WireMode = 'normal' | 'split' | 'glued';

export class Wire {
  mode: WireMode = 'normal';
  private readonly queue: Uint8Array[] = [];
  private pumping = false;
  private held: Uint8Array | undefined;
  private heldTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly stream: ByteStream,
    private readonly pace?: LineSettings,
    /** Glue every write to the next one, not only a one-byte ACK/NAK (TCP). */
    private readonly glueAll = false,
  ) {}

  write(bytes: Uint8Array): void {
    if (this.mode === 'glued') {
      if ((bytes.length === 1 || this.glueAll) && !this.held) {
        this.held = bytes;
        // Nothing followed quickly: the peer is waiting for this byte, send it alone.
        this.heldTimer = setTimeout(() => this.flushHeld(), 30);
        return;
      }
      if (this.held) {
        clearTimeout(this.heldTimer);
        const glued = new Uint8Array(this.held.length + bytes.length);
        glued.set(this.held);
        glued.set(bytes, this.held.length);
        this.held = undefined;
        bytes = glued;
      }
    }
    this.queue.push(bytes);
    void this.pump();
  }

  private flushHeld(): void {
    const h = this.held;
    this.held = undefined;
    if (h) {
      this.queue.push(h);
      void this.pump();
    }
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) {
        if (this.mode === 'split') {
          for (const b of next) {
            this.stream.write(Uint8Array.of(b));
            await sleep(1);
          }
        } else {
          if (this.pace) await sleep(wireTimeMs(next.length, this.pace));
          this.stream.write(next);
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  dispose(): void {
    clearTimeout(this.heldTimer);
  }
}
