// Concert link layer, the same for both directions (kiosk request, terminal answer):
//   S: ENQ   R: ACK   S: STX msg ETX LRC   R: ACK (NAK → resend, up to `retries`)   S: EOT
// Used by the driver (kiosk side) and by the simulator (terminal side).
import type { ByteStream } from '../../serial/stream';
import { Inbox, type Waited } from '../inbox';
import { ACK, ENQ, EOT, NAK, frameMessage } from './codec';
import { ConcertDecoder, type ConcertEvent } from './decoder';

export interface ConcertTimers {
  /** Wait for ACK after our ENQ. */
  enqAckMs: number;
  /** How many ENQs before giving up (no message has been sent, so repeating is safe). */
  enqAttempts: number;
  /** Wait for ACK/NAK after our message. */
  messageAckMs: number;
  /** Wait for the message after we ACKed the peer's ENQ. */
  frameMs: number;
  /** Wait for EOT after we ACKed the peer's message (a missing EOT does not void the message). */
  eotMs: number;
  /** Wait for the terminal's ENQ that starts its answer, while the visitor handles the card. */
  answerMs: number;
  /** Resends after a NAK (the field uses 3). */
  retries: number;
}

export const DEFAULT_CONCERT_TIMERS: ConcertTimers = {
  enqAckMs: 3000,
  enqAttempts: 3,
  messageAckMs: 3000,
  frameMs: 3000,
  eotMs: 3000,
  answerMs: 120_000,
  retries: 3,
};

export type SendOutcome =
  | { ok: true; naks: number }
  | { ok: false; stage: 'enq'; reason: string }
  /** The message went out; `refused` = every copy was NAKed (the peer surely did not take it). */
  | { ok: false; stage: 'message'; refused: boolean; reason: string }
  | { ok: false; stage: 'aborted'; reason: string }
  | { ok: false; stage: 'closed'; reason: string };

export type ReceiveOutcome = { ok: true; message: string; eot: boolean } | { ok: false; stage: 'enq' | 'frame' | 'aborted' | 'closed'; reason: string };

export interface SendOptions {
  signal?: AbortSignal;
  /** Simulator fault: first copy of the message carries a wrong LRC. */
  garbleFirst?: boolean;
  /** Simulator fault: ENQ and message written together, without waiting for the ACK. */
  glueEnq?: boolean;
  /** Simulator fault: the line drops after the peer ACKed the message, so no EOT goes out. */
  skipEot?: boolean;
}

export class ConcertLink {
  readonly inbox = new Inbox<ConcertEvent>();
  private readonly decoder: ConcertDecoder;
  private readonly unsub: Array<() => void> = [];

  constructor(
    private readonly stream: ByteStream,
    readonly timers: ConcertTimers,
    opts: { mask7?: boolean; write?: (b: Uint8Array) => void } = {},
  ) {
    this.decoder = new ConcertDecoder(opts.mask7 ?? false);
    this.writeFn = opts.write ?? ((b) => stream.write(b));
    this.unsub.push(stream.onData((c) => this.decoder.push(c).forEach((e) => this.inbox.push(e))));
    this.unsub.push(stream.onClose((r) => this.inbox.close(r)));
  }

  private readonly writeFn: (b: Uint8Array) => void;

  write(bytes: Uint8Array | number[]): void {
    this.writeFn(bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes));
  }

  dispose(): void {
    this.unsub.forEach((u) => u());
  }

  /** Waits for one of `bytes` as a control character, skipping noise and other events. */
  async waitControl(bytes: number[], ms: number, signal?: AbortSignal): Promise<Waited<number>> {
    const deadline = Date.now() + ms;
    for (;;) {
      const w = await this.inbox.next(deadline - Date.now(), signal);
      if (w.kind !== 'event') return w;
      if (w.event.kind === 'control' && bytes.includes(w.event.byte)) return { kind: 'event', event: w.event.byte };
    }
  }

  async send(message: string, opts: SendOptions = {}): Promise<SendOutcome> {
    const t = this.timers;
    const frame = frameMessage(message);
    let enqAcked = false;
    let sentFirst = false;
    if (opts.glueEnq) {
      const glued = new Uint8Array(frame.length + 1);
      glued[0] = ENQ;
      glued.set(opts.garbleFirst ? garble(frame) : frame, 1);
      this.write(glued);
      sentFirst = true;
      const w = await this.waitControl([ACK, NAK], t.enqAckMs, opts.signal);
      enqAcked = w.kind === 'event' && w.event === ACK;
      if (w.kind === 'closed') return { ok: false, stage: 'closed', reason: w.reason };
    } else {
      for (let attempt = 0; attempt < t.enqAttempts && !enqAcked; attempt++) {
        this.write([ENQ]);
        const w = await this.waitControl([ACK, NAK], t.enqAckMs, opts.signal);
        if (w.kind === 'aborted') {
          this.write([EOT]);
          return { ok: false, stage: 'aborted', reason: 'cancelled before the message was sent' };
        }
        if (w.kind === 'closed') return { ok: false, stage: 'closed', reason: w.reason };
        if (w.kind === 'event' && w.event === ACK) enqAcked = true;
      }
    }
    if (!enqAcked) {
      this.write([EOT]);
      return {
        ok: false,
        stage: 'enq',
        reason:
          `no ACK to ENQ after ${t.enqAttempts} tries: check the cable and port, ` +
          'and that the cash-register (caisse) connection is enabled in the terminal menu',
      };
    }
    let naks = 0;
    for (let copy = 0; copy <= t.retries; copy++) {
      if (!(copy === 0 && sentFirst)) this.write(copy === 0 && opts.garbleFirst ? garble(frame) : frame);
      const w = await this.waitControl([ACK, NAK], t.messageAckMs);
      if (w.kind === 'closed') return { ok: false, stage: 'message', refused: false, reason: `line lost after the message was sent: ${w.reason}` };
      if (w.kind !== 'event') {
        this.write([EOT]);
        return { ok: false, stage: 'message', refused: false, reason: 'no ACK/NAK after the message: it may or may not have been taken' };
      }
      if (w.event === ACK) {
        if (!opts.skipEot) this.write([EOT]);
        return { ok: true, naks };
      }
      naks++;
    }
    this.write([EOT]);
    return {
      ok: false,
      stage: 'message',
      refused: true,
      reason: `message refused with NAK ${naks} times: the terminal does not accept this format (is it set to Concert E+?)`,
    };
  }

  async receive(firstMs: number, signal?: AbortSignal): Promise<ReceiveOutcome> {
    const t = this.timers;
    const enq = await this.waitControl([ENQ], firstMs, signal);
    if (enq.kind === 'aborted') return { ok: false, stage: 'aborted', reason: 'cancelled while waiting' };
    if (enq.kind === 'closed') return { ok: false, stage: 'closed', reason: enq.reason };
    if (enq.kind === 'timeout') return { ok: false, stage: 'enq', reason: `no ENQ within ${firstMs} ms` };
    this.write([ACK]);
    let bad = 0;
    let deadline = Date.now() + t.frameMs;
    for (;;) {
      const w = await this.inbox.next(deadline - Date.now());
      if (w.kind === 'closed') return { ok: false, stage: 'closed', reason: w.reason };
      if (w.kind !== 'event') return { ok: false, stage: 'frame', reason: `no message within ${t.frameMs} ms after ACKing ENQ` };
      const e = w.event;
      if (e.kind === 'frame') {
        if (e.lrcOk) {
          this.write([ACK]);
          const eot = await this.waitControl([EOT], t.eotMs);
          return { ok: true, message: e.message, eot: eot.kind === 'event' };
        }
        bad++;
        if (bad > t.retries) {
          this.write([NAK]);
          return { ok: false, stage: 'frame', reason: `message received ${bad} times with a wrong LRC` };
        }
        this.write([NAK]);
        deadline = Date.now() + t.frameMs;
      } else if (e.kind === 'control' && e.byte === ENQ) {
        this.write([ACK]);
        deadline = Date.now() + t.frameMs;
      } else if (e.kind === 'control' && e.byte === EOT) {
        return { ok: false, stage: 'frame', reason: 'sender ended the exchange (EOT) before a valid message' };
      }
    }
  }
}

/** Same frame with the LRC byte flipped: a transmission error the receiver must catch. */
export function garble(frame: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(frame);
  copy[copy.length - 1] = (copy[copy.length - 1]! ^ 0x5a) & 0x7f;
  return copy;
}
