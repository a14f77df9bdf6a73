// Streaming Concert decoder: bytes in any chunking → control bytes and framed messages. Noise before STX
// is skipped; a control byte or a new STX inside a message means the sender restarted, so we resynchronise.
import { ACK, ENQ, EOT, ETX, NAK, STX } from './codec';

export type ConcertEvent = { kind: 'control'; byte: number } | { kind: 'frame'; message: string; lrcOk: boolean } | { kind: 'noise'; byte: number };

const CONTROL = new Set([ENQ, ACK, NAK, EOT]);
/** Longer than any Concert message: a runaway frame is noise. */
const MAX_MESSAGE = 512;

export class ConcertDecoder {
  private state: 'idle' | 'message' | 'lrc' = 'idle';
  private buf: number[] = [];
  private sum = 0;

  /** @param mask7 strip bit 7 (a 7E1 terminal read at 8N1 shows its parity bit there). */
  constructor(private readonly mask7 = false) {}

  reset(): void {
    this.state = 'idle';
    this.buf = [];
    this.sum = 0;
  }

  get inFrame(): boolean {
    return this.state !== 'idle';
  }

  push(chunk: Uint8Array): ConcertEvent[] {
    const out: ConcertEvent[] = [];
    for (const raw of chunk) {
      const b = this.mask7 ? raw & 0x7f : raw;
      if (this.state === 'lrc') {
        const lrcOk = (this.sum ^ ETX) === b;
        out.push({ kind: 'frame', message: String.fromCharCode(...this.buf), lrcOk });
        this.reset();
        continue;
      }
      if (this.state === 'message') {
        if (b === ETX) {
          this.state = 'lrc';
        } else if (b === STX) {
          this.buf = [];
          this.sum = 0;
        } else if (CONTROL.has(b)) {
          this.reset();
          out.push({ kind: 'control', byte: b });
        } else if (this.buf.length >= MAX_MESSAGE) {
          this.reset();
          out.push({ kind: 'noise', byte: b });
        } else {
          this.buf.push(b);
          this.sum ^= b;
        }
        continue;
      }
      if (b === STX) {
        this.state = 'message';
        this.buf = [];
        this.sum = 0;
      } else if (CONTROL.has(b)) {
        out.push({ kind: 'control', byte: b });
      } else {
        out.push({ kind: 'noise', byte: b });
      }
    }
    return out;
  }
}
