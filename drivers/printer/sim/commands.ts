// An incremental ESC/POS command splitter: finds where each command ends, so the virtual printer can
// execute a stream that arrives in arbitrary pieces. Unknown commands are reported, never guessed past
// silently.

export type Command =
  | { type: 'text'; byte: number }
  | { type: 'lf' }
  | { type: 'ignored'; name: string }
  | { type: 'init' }
  | { type: 'print-mode'; n: number }
  | { type: 'bold'; on: boolean }
  | { type: 'underline'; n: number }
  | { type: 'align'; n: number }
  | { type: 'codepage'; n: number }
  | { type: 'feed-lines'; n: number }
  | { type: 'feed-dots'; n: number }
  | { type: 'line-spacing'; dots: number | null }
  | { type: 'size'; n: number }
  | { type: 'cut' }
  | { type: 'raster'; widthBytes: number; rows: number; data: Uint8Array; scale: number }
  | { type: 'qr'; fn: number; data: Uint8Array }
  | { type: 'process-id'; id: Uint8Array }
  | { type: 'asb'; n: number }
  | { type: 'rt-status'; n: number }
  | { type: 'rt-clear' }
  | { type: 'unknown'; bytes: Uint8Array };

export type Parsed = { cmd: Command; length: number } | 'incomplete';

/** DLE DC4 fn=8: clear buffers (real-time). */
export const CLEAR_BUFFERS = [0x10, 0x14, 0x08, 0x01, 0x03, 0x14, 0x01, 0x06, 0x02, 0x08];

const ESC_1 = new Set([0x21, 0x2d, 0x45, 0x47, 0x4d, 0x52, 0x56, 0x61, 0x64, 0x4a, 0x33, 0x74, 0x7b, 0x20, 0x72, 0x55]);
const GS_1 = new Set([0x21, 0x61, 0x42, 0x48, 0x66, 0x68, 0x77, 0x72, 0x49, 0x62, 0x2f]);

// Text and line feeds are most of a ticket's bytes: each is answered with one of these, made once (the printer only
// reads a parsed command), not with two new objects a byte (issue 14: the simulator's garbage counts in a visit's CPU).
const LF: Parsed = Object.freeze({ cmd: Object.freeze({ type: 'lf' as const }), length: 1 });
const TEXT: readonly Parsed[] = Array.from({ length: 256 }, (_, byte) => Object.freeze({ cmd: Object.freeze({ type: 'text' as const, byte }), length: 1 }));

export function parseCommand(buf: Uint8Array, at: number): Parsed {
  const b0 = buf[at];
  if (b0 === undefined) return 'incomplete';
  // Answered before the helpers below are made for commands.
  if (b0 === 0x0a) return LF;
  if (b0 >= 0x20 && b0 !== 0x7f) return TEXT[b0]!;
  const need = (n: number) => at + n <= buf.length;
  const byte = (i: number) => buf[at + i] ?? 0;
  if (b0 === 0x1b) {
    if (!need(2)) return 'incomplete';
    const c = byte(1);
    if (c === 0x40) return { cmd: { type: 'init' }, length: 2 };
    if (c === 0x32) return { cmd: { type: 'line-spacing', dots: null }, length: 2 };
    if (c === 0x63) {
      // ESC c 3/4/5 n
      if (!need(4)) return 'incomplete';
      return { cmd: { type: 'ignored', name: 'ESC c' }, length: 4 };
    }
    if (c === 0x70) {
      // ESC p m t1 t2: drawer pulse
      if (!need(5)) return 'incomplete';
      return { cmd: { type: 'ignored', name: 'ESC p' }, length: 5 };
    }
    if (c === 0x24 || c === 0x5c) {
      if (!need(4)) return 'incomplete';
      return { cmd: { type: 'ignored', name: 'ESC $' }, length: 4 };
    }
    if (ESC_1.has(c)) {
      if (!need(3)) return 'incomplete';
      const n = byte(2);
      switch (c) {
        case 0x21:
          return { cmd: { type: 'print-mode', n }, length: 3 };
        case 0x45:
        case 0x47:
          return { cmd: { type: 'bold', on: (n & 1) === 1 }, length: 3 };
        case 0x2d:
          return { cmd: { type: 'underline', n }, length: 3 };
        case 0x61:
          return { cmd: { type: 'align', n: n >= 0x30 ? n - 0x30 : n }, length: 3 };
        case 0x74:
          return { cmd: { type: 'codepage', n }, length: 3 };
        case 0x64:
          return { cmd: { type: 'feed-lines', n }, length: 3 };
        case 0x4a:
          return { cmd: { type: 'feed-dots', n }, length: 3 };
        case 0x33:
          return { cmd: { type: 'line-spacing', dots: n }, length: 3 };
        default:
          return { cmd: { type: 'ignored', name: `ESC ${String.fromCharCode(c)}` }, length: 3 };
      }
    }
    return { cmd: { type: 'unknown', bytes: buf.slice(at, at + 2) }, length: 2 };
  }
  if (b0 === 0x1d) {
    if (!need(2)) return 'incomplete';
    const c = byte(1);
    if (c === 0x56) {
      // GS V m [n]
      if (!need(3)) return 'incomplete';
      const m = byte(2);
      const len = m === 0 || m === 1 || m === 48 || m === 49 ? 3 : 4;
      if (!need(len)) return 'incomplete';
      return { cmd: { type: 'cut' }, length: len };
    }
    if (c === 0x76) {
      // GS v 0 m xL xH yL yH d…
      if (!need(8)) return 'incomplete';
      const widthBytes = byte(4) | (byte(5) << 8);
      const rows = byte(6) | (byte(7) << 8);
      const len = 8 + widthBytes * rows;
      if (!need(len)) return 'incomplete';
      return { cmd: { type: 'raster', widthBytes, rows, data: buf.slice(at + 8, at + len), scale: byte(3) }, length: len };
    }
    if (c === 0x28) {
      // GS ( X pL pH …
      if (!need(5)) return 'incomplete';
      const fnClass = byte(2);
      const p = byte(3) | (byte(4) << 8);
      const len = 5 + p;
      if (!need(len)) return 'incomplete';
      const body = buf.slice(at + 5, at + len);
      if (fnClass === 0x6b && body[0] === 0x31) return { cmd: { type: 'qr', fn: body[1] ?? 0, data: body.slice(2) }, length: len };
      if (fnClass === 0x48 && body[0] === 0x30) return { cmd: { type: 'process-id', id: body.slice(2, 6) }, length: len };
      return { cmd: { type: 'ignored', name: `GS ( ${String.fromCharCode(fnClass)}` }, length: len };
    }
    if (c === 0x4c || c === 0x57 || c === 0x50) {
      if (!need(4)) return 'incomplete';
      return { cmd: { type: 'ignored', name: `GS ${String.fromCharCode(c)}` }, length: 4 };
    }
    if (GS_1.has(c)) {
      if (!need(3)) return 'incomplete';
      const n = byte(2);
      if (c === 0x21) return { cmd: { type: 'size', n }, length: 3 };
      if (c === 0x61) return { cmd: { type: 'asb', n }, length: 3 };
      return { cmd: { type: 'ignored', name: `GS ${String.fromCharCode(c)}` }, length: 3 };
    }
    return { cmd: { type: 'unknown', bytes: buf.slice(at, at + 2) }, length: 2 };
  }
  if (b0 === 0x10) {
    if (!need(2)) return 'incomplete';
    const c = byte(1);
    if (c === 0x04 || c === 0x05) {
      if (!need(3)) return 'incomplete';
      return c === 0x04 ? { cmd: { type: 'rt-status', n: byte(2) }, length: 3 } : { cmd: { type: 'ignored', name: 'DLE ENQ' }, length: 3 };
    }
    if (c === 0x14) {
      if (!need(3)) return 'incomplete';
      const fn = byte(2);
      const len = fn === 8 ? 10 : 5;
      if (!need(len)) return 'incomplete';
      return fn === 8 ? { cmd: { type: 'rt-clear' }, length: len } : { cmd: { type: 'ignored', name: `DLE DC4 ${fn}` }, length: len };
    }
    return { cmd: { type: 'unknown', bytes: buf.slice(at, at + 2) }, length: 2 };
  }
  if (b0 === 0x1c) {
    // FS . / FS & / FS C n
    if (!need(2)) return 'incomplete';
    const c = byte(1);
    if (c === 0x43 || c === 0x21) {
      if (!need(3)) return 'incomplete';
      return { cmd: { type: 'ignored', name: `FS ${String.fromCharCode(c)}` }, length: 3 };
    }
    return { cmd: { type: 'ignored', name: `FS ${String.fromCharCode(c)}` }, length: 2 };
  }
  return { cmd: { type: 'ignored', name: `0x${b0.toString(16).padStart(2, '0')}` }, length: 1 };
}

/**
 * Real-time commands are executed on arrival, wherever they sit in the stream (even inside image
 * data): this finds them in what just arrived, with the tail of the previous chunk for split commands.
 */
export function findRealtime(buf: Uint8Array): Array<{ at: number; cmd: { type: 'rt-status'; n: number } | { type: 'rt-clear' } }> {
  const out: Array<{ at: number; cmd: { type: 'rt-status'; n: number } | { type: 'rt-clear' } }> = [];
  for (let i = 0; i + 2 < buf.length; i++) {
    if (buf[i] !== 0x10) continue;
    if (buf[i + 1] === 0x04) {
      const n = buf[i + 2] ?? 0;
      if (n >= 1 && n <= 4) out.push({ at: i, cmd: { type: 'rt-status', n } });
    } else if (buf[i + 1] === 0x14 && CLEAR_BUFFERS.every((b, k) => buf[i + k] === b)) {
      out.push({ at: i, cmd: { type: 'rt-clear' } });
    }
  }
  return out;
}
