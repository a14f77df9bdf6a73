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
    case 1:
      return { offline: (b & 0x08) !== 0 };
    case 2:
      return { coverOpen: (b & 0x04) !== 0, paperOut: (b & 0x20) !== 0, ...((b & 0x40) !== 0 ? { unrecoverableError: true } : {}) };
    case 3:
      return {
        mechanicalError: (b & 0x04) !== 0,
        autocutterError: (b & 0x08) !== 0,
        unrecoverableError: (b & 0x20) !== 0,
        autoRecoverableError: (b & 0x40) !== 0,
      };
    case 4:
      return { nearEnd: (b & 0x0c) !== 0, paperOut: (b & 0x60) !== 0 };
  }
}

export function parseAsb(p: ArrayLike<number>): StatusFlags {
  const b1 = p[0] ?? 0,
    b2 = p[1] ?? 0,
    b3 = p[2] ?? 0;
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
  const errors = [
    f.mechanicalError && 'mechanical error',
    f.autocutterError && 'autocutter error',
    f.unrecoverableError && 'unrecoverable error',
    f.autoRecoverableError && 'auto-recoverable error (head too hot?)',
  ].filter(Boolean);
  let state: PrinterState;
  let detail: string;
  if (f.coverOpen) {
    state = 'cover-open';
    detail = 'cover open: close the printer cover';
  } else if (f.paperOut) {
    state = 'paper-out';
    detail = 'paper out: load a new roll';
  } else if (errors.length) {
    state = 'error';
    detail = `printer error: ${errors.join(', ')}; check for a paper jam, then switch the printer off and on`;
  } else if (f.offline) {
    state = 'offline';
    detail = 'printer offline: check the feed button and the power';
  } else if (f.nearEnd) {
    state = 'near-end';
    detail = 'paper near end: replace the roll soon';
  } else {
    state = 'ok';
    detail = 'ready';
  }
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
  /**
   * Bytes of one packet that has not finished yet: fewer than the longest packet (process id, 7 bytes).
   * A chunk is read by index, never shifted byte by byte: the cost is linear in the bytes received, and a
   * printer streaming garbage cannot make the daemon slow.
   */
  private held: number[] = [];

  push(chunk: ArrayLike<number>): Reply[] {
    const held = this.held;
    const n = held.length + chunk.length;
    const at = (i: number): number => (i < held.length ? held[i]! : (chunk[i - held.length] ?? 0));
    const out: Reply[] = [];
    let i = 0;
    while (i < n) {
      const b = at(i);
      const left = n - i;
      if (b === 0x37) {
        if (left < 2) break;
        const kind = at(i + 1);
        if (kind === 0x25) {
          if (left < 3) break;
          if (at(i + 2) === 0x00) {
            out.push({ type: 'cleared' });
            i += 3;
            continue;
          }
        } else if (kind === 0x22) {
          if (left < 7) break;
          if (at(i + 6) === 0x00) {
            out.push({ type: 'process-id', id: [at(i + 2), at(i + 3), at(i + 4), at(i + 5)] });
            i += 7;
            continue;
          }
        }
        out.push({ type: 'noise', byte: b });
        i++;
        continue;
      }
      if (isRealtimeReply(b)) {
        out.push({ type: 'realtime', byte: b });
        i++;
        continue;
      }
      if (isAsbFirst(b)) {
        if (left < 4) {
          let fits = true;
          for (let j = 1; j < left; j++) fits &&= isAsbRest(at(i + j));
          if (fits) break;
        } else if (isAsbRest(at(i + 1)) && isAsbRest(at(i + 2)) && isAsbRest(at(i + 3))) {
          const bytes = [b, at(i + 1), at(i + 2), at(i + 3)];
          out.push({ type: 'asb', flags: parseAsb(bytes), bytes });
          i += 4;
          continue;
        }
      }
      out.push({ type: 'noise', byte: b });
      i++;
    }
    const rest: number[] = [];
    for (let j = i; j < n; j++) rest.push(at(j));
    this.held = rest;
    return out;
  }

  /** Bytes held back waiting for the rest of a packet. */
  get pending(): number {
    return this.held.length;
  }

  reset(): void {
    this.held = [];
  }
}
