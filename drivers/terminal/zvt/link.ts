// ZVT link layer, both sides: frames out with ACK/NAK (NAK → resend up to `retries`), frames in answered
// with ACK (good CRC) or NAK (bad CRC, broken frame). An inter-byte gap inside a frame discards it.
import type { ByteStream } from '../../serial/stream';
import { Inbox, type Waited } from '../inbox';
import { ACK, NAK, ZvtDecoder, encodeFrame, type ZvtEvent } from './frame';

export interface ZvtTimers {
  /** Wait for the link ACK after sending a frame. */
  ackMs: number;
  /** Wait for the 80 00 00 (or 84 xx 00) reply after the link ACK. */
  replyMs: number;
  /** Wait for the end of a command (06 0F / 06 1E); restarted by every frame from the terminal. */
  completionMs: number;
  /**
   * The same wait for a command the terminal answers on its own, with no visitor at the card reader and no host
   * to call: status enquiry, repeat receipt, registration. Default: completionMs, at most ENQUIRY_COMPLETION_MS.
   */
  enquiryMs?: number;
  /** Longest silence between two bytes of one frame. */
  interByteMs: number;
  /** Resends after a NAK. */
  retries: number;
}

export const DEFAULT_ZVT_TIMERS: ZvtTimers = {
  ackMs: 3000,
  replyMs: 5000,
  completionMs: 180_000,
  interByteMs: 200,
  retries: 3,
};

/**
 * Why an enquiry is not given the payment's 180 s: a terminal that took the enquiry (80 00 00) and then dropped
 * it (it gave up on our late link ACK on a loaded machine, or restarted) never sends its completion. Waiting 180 s
 * for it held the line, kept a restarted kiosk in reconciliation with its payments locked, and made a visitor's
 * payment behind a status probe fail as "busy". 10 s is far more than a terminal needs to answer from memory
 * (every frame it sends, a receipt line, restarts the wait), and less than a payment waits for a probe on the
 * line (PAY_WAIT_MS, 15 s): a visitor's payment behind a dropped probe still goes out.
 */
export const ENQUIRY_COMPLETION_MS = 10_000;

/** The completion wait for an enquiry (see ZvtTimers.enquiryMs). */
export function enquiryCompletionMs(t: ZvtTimers): number {
  return t.enquiryMs ?? Math.min(t.completionMs, ENQUIRY_COMPLETION_MS);
}

export type SendApdu = { kind: 'acked' } | { kind: 'refused'; naks: number } | { kind: 'no-ack'; heardSomething: boolean } | { kind: 'closed'; reason: string };

export type ReceiveApdu = { kind: 'apdu'; bytes: Uint8Array } | { kind: 'failed'; reason: string } | Exclude<Waited<never>, { kind: 'event' }>;

/**
 * What the ZVT application layer (session.ts, the simulator) needs of a transport: send one APDU, receive the
 * next one. Serial (this file) frames, checks and link-acknowledges each APDU; TCP/IP (tcp-link.ts) sends bare
 * APDUs, delimited by their own length field, and has no link acknowledgement.
 */
export interface ApduLink {
  readonly transport: 'serial' | 'tcp';
  readonly timers: ZvtTimers;
  /** 'acked': serial, the peer link-ACKed the frame; TCP, the APDU was handed to the connection. */
  sendApdu(apdu: Uint8Array, opts?: { corruptFirst?: boolean }): Promise<SendApdu>;
  receiveApdu(ms: number, signal?: AbortSignal): Promise<ReceiveApdu>;
  dispose(): void;
}

export class ZvtLink implements ApduLink {
  readonly transport = 'serial' as const;
  readonly inbox = new Inbox<ZvtEvent>();
  private readonly decoder = new ZvtDecoder();
  private readonly unsub: Array<() => void> = [];
  private gapTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly writeFn: (b: Uint8Array) => void;

  constructor(
    stream: ByteStream,
    readonly timers: ZvtTimers,
    opts: { write?: (b: Uint8Array) => void } = {},
  ) {
    this.writeFn = opts.write ?? ((b) => stream.write(b));
    this.unsub.push(stream.onData((c) => this.onChunk(c)));
    this.unsub.push(stream.onClose((r) => this.inbox.close(r)));
  }

  private onChunk(chunk: Uint8Array): void {
    for (const e of this.decoder.push(chunk)) this.inbox.push(e);
    clearTimeout(this.gapTimer);
    if (this.decoder.inFrame) {
      this.gapTimer = setTimeout(() => {
        if (!this.decoder.inFrame) return;
        this.decoder.reset();
        this.inbox.push({ kind: 'broken', reason: `more than ${this.timers.interByteMs} ms between two bytes of a frame` });
      }, this.timers.interByteMs);
    }
  }

  dispose(): void {
    clearTimeout(this.gapTimer);
    this.unsub.forEach((u) => u());
  }

  write(bytes: Uint8Array): void {
    this.writeFn(bytes);
  }

  frame(apdu: Uint8Array, corruptCrc = false): Uint8Array {
    return encodeFrame(apdu, { corruptCrc });
  }

  async sendApdu(apdu: Uint8Array, opts: { corruptFirst?: boolean } = {}): Promise<SendApdu> {
    let naks = 0;
    let heard = false;
    for (let copy = 0; copy <= this.timers.retries; copy++) {
      this.write(this.frame(apdu, copy === 0 && (opts.corruptFirst ?? false)));
      const deadline = Date.now() + this.timers.ackMs;
      let answered = false;
      while (!answered) {
        const w = await this.inbox.next(deadline - Date.now());
        if (w.kind === 'closed') return { kind: 'closed', reason: w.reason };
        if (w.kind !== 'event') return { kind: 'no-ack', heardSomething: heard };
        const e = w.event;
        heard = true;
        if (e.kind === 'ack') return { kind: 'acked' };
        if (e.kind === 'nak') {
          naks++;
          answered = true;
        } else if (e.kind === 'frame' && e.crcOk) {
          // The ACK got lost but the peer is already answering: it has our frame.
          this.inbox.unshift(e);
          return { kind: 'acked' };
        }
      }
    }
    return { kind: 'refused', naks };
  }

  async receiveApdu(ms: number, signal?: AbortSignal): Promise<ReceiveApdu> {
    const deadline = Date.now() + ms;
    let bad = 0;
    for (;;) {
      const w = await this.inbox.next(deadline - Date.now(), signal);
      if (w.kind !== 'event') return w;
      const e = w.event;
      if (e.kind === 'frame' && e.crcOk) {
        this.write(Uint8Array.of(ACK));
        return { kind: 'apdu', bytes: e.apdu };
      }
      if (e.kind === 'frame' || e.kind === 'broken') {
        bad++;
        this.write(Uint8Array.of(NAK));
        if (bad > this.timers.retries) return { kind: 'failed', reason: `${bad} damaged frames in a row (${e.kind === 'broken' ? e.reason : 'CRC error'})` };
      }
    }
  }
}
