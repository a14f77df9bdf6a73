// Printer status from DLE EOT n replies and Automatic Status Back (GS a), matched by bit pattern:
// real-time commands hidden in image data make printers send stray bytes, so anything that does not
// fit a pattern is skipped, never trusted.

export type PrinterState = 'ok' | 'near-end' | 'paper-out' | 'cover-open' | 'offline' | 'error' | 'unknown';

export interface StatusFlags {
  offline: boolean;
  coverOpen: boolean;
  paperOut: boolean;
  nearEnd: boolean;
  mechanicalError: boolean;
  autocutterError: boolean;
  unrecoverableError: boolean;
  autoRecoverableError: boolean;
}

export interface PrinterStatus {
  state: PrinterState;
  /** Words for the technician and the log. */
  detail: string;
  flags: Partial<StatusFlags>;
  canReadStatus: boolean;
}

export const DLE_EOT = (n: 1 | 2 | 3 | 4): number[] => [0x10, 0x04, n];
export const ASB_ENABLE = [0x1d, 0x61, 0xff];
export const ASB_DISABLE = [0x1d, 0x61, 0x00];
/** DLE DC4 fn=8: clear receive and print buffers; answered 37 25 00. */
export const CLEAR_BUFFERS = [0x10, 0x14, 0x08, 0x01, 0x03, 0x14, 0x01, 0x06, 0x02, 0x08];
export const CLEAR_REPLY = [0x37, 0x25, 0x00];

/** A DLE EOT reply: 0xx1xx10. */
export const isRealtimeReply = (b: number): boolean => (b & 0x93) === 0x12;
/** First byte of an ASB packet: 0xx1xx00. */
export const isAsbFirst = (b: number): boolean => (b & 0x93) === 0x10;
/** Bytes 2–4 of an ASB packet: 0xx0xxxx. */
export const isAsbRest = (b: number): boolean => (b & 0x90) === 0x00;

/** Flags one DLE EOT reply carries; `n` is the request it answers. */
export function parseRealtime(n: 1 | 2 | 3 | 4, b: number): Partial<StatusFlags> {
  switch (n) {
    case 1: return { offline: (b & 0x08) !== 0 };
    case 2: return { coverOpen: (b & 0x04) !== 0, paperOut: (b & 0x20) !== 0, ...((b & 0x40) !== 0 ? { unrecoverableError: true } : {}) };
    case 3: return { mechanicalError: (b & 0x04) !== 0, autocutterError: (b & 0x08) !== 0, unrecoverableError: (b & 0x20) !== 0, autoRecoverableError: (b & 0x40) !== 0 };
    case 4: return { nearEnd: (b & 0x0c) !== 0, paperOut: (b & 0x60) !== 0 };
  }
}

export function parseAsb(p: ArrayLike<number>): StatusFlags {
  const b1 = p[0] ?? 0, b2 = p[1] ?? 0, b3 = p[2] ?? 0;
  return {
    offline: (b1 & 0x08) !== 0,
    coverOpen: (b1 & 0x20) !== 0,
    mechanicalError: (b2 & 0x04) !== 0,
    autocutterError: (b2 & 0x08) !== 0,
    unrecoverableError: (b2 & 0x20) !== 0,
    autoRecoverableError: (b2 & 0x40) !== 0,
    nearEnd: (b3 & 0x03) !== 0,
    paperOut: (b3 & 0x0c) !== 0,
  };
}

/** The one state a kiosk acts on; the most serious condition wins. */
export function summarise(flags: Partial<StatusFlags>, canReadStatus = true): PrinterStatus {
  const f = flags;
  const errors = [f.mechanicalError && 'mechanical error', f.autocutterError && 'autocutter error', f.unrecoverableError && 'unrecoverable error', f.autoRecoverableError && 'auto-recoverable error (head too hot?)'].filter(Boolean);
  let state: PrinterState;
  let detail: string;
  if (f.coverOpen) { state = 'cover-open'; detail = 'cover open: close the printer cover'; }
  else if (f.paperOut) { state = 'paper-out'; detail = 'paper out: load a new roll'; }
  else if (errors.length) { state = 'error'; detail = `printer error: ${errors.join(', ')}; check for a paper jam, then switch the printer off and on`; }
  else if (f.offline) { state = 'offline'; detail = 'printer offline: check the feed button and the power'; }
  else if (f.nearEnd) { state = 'near-end'; detail = 'paper near end: replace the roll soon'; }
  else { state = 'ok'; detail = 'ready'; }
  return { state, detail, flags: f, canReadStatus };
}

export const unknownStatus = (detail: string): PrinterStatus => ({ state: 'unknown', detail, flags: {}, canReadStatus: false });

/**
 * Splits a byte stream from the printer into what it holds: ASB packets, DLE EOT replies, clear-buffer
 * and process-id answers, and noise. Feed it every chunk; it keeps partial packets for the next one.
 */
export type Reply =
  | { type: 'realtime'; byte: number }
  | { type: 'asb'; flags: StatusFlags; bytes: number[] }
  | { type: 'cleared' }
  | { type: 'process-id'; id: number[] }
  | { type: 'noise'; byte: number };

export class ReplyScanner {
  private buf: number[] = [];

  push(chunk: ArrayLike<number>): Reply[] {
    for (let i = 0; i < chunk.length; i++) this.buf.push(chunk[i] ?? 0);
    const out: Reply[] = [];
    while (this.buf.length) {
      const b = this.buf[0] ?? 0;
      if (b === 0x37) {
        if (this.buf.length < 2) break;
        const kind = this.buf[1];
        if (kind === 0x25) {
          if (this.buf.length < 3) break;
          if (this.buf[2] === 0x00) { this.buf.splice(0, 3); out.push({ type: 'cleared' }); continue; }
        } else if (kind === 0x22) {
          if (this.buf.length < 7) break;
          if (this.buf[6] === 0x00) { out.push({ type: 'process-id', id: this.buf.slice(2, 6) }); this.buf.splice(0, 7); continue; }
        }
        out.push({ type: 'noise', byte: b });
        this.buf.shift();
        continue;
      }
      if (isRealtimeReply(b)) { out.push({ type: 'realtime', byte: b }); this.buf.shift(); continue; }
      if (isAsbFirst(b)) {
        if (this.buf.length < 4) {
          if (this.buf.slice(1).every(isAsbRest)) break;
        } else if (this.buf.slice(1, 4).every(isAsbRest)) {
          const bytes = this.buf.splice(0, 4);
          out.push({ type: 'asb', flags: parseAsb(bytes), bytes });
          continue;
        }
      }
      out.push({ type: 'noise', byte: b });
      this.buf.shift();
    }
    return out;
  }

  /** Bytes held back waiting for the rest of a packet. */
  get pending(): number {
    return this.buf.length;
  }

  reset(): void {
    this.buf = [];
  }
}
