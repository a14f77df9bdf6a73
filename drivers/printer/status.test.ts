import { describe, expect, it } from 'vitest';
import { isRealtimeReply, parseAsb, parseRealtime, ReplyScanner, summarise } from './status';

describe('DLE EOT replies', () => {
  it('accepts exactly the bytes matching 0xx1xx10', () => {
    const matching = Array.from({ length: 256 }, (_, b) => b).filter(isRealtimeReply);
    expect(matching).toHaveLength(16);
    for (const b of matching) expect(b & 0x93).toBe(0x12);
    expect(isRealtimeReply(0x16)).toBe(true);
    expect(isRealtimeReply(0x10)).toBe(false);
  });

  // Every combination of the meaningful bits of every request.
  const bitsOf: Record<1 | 2 | 3 | 4, number[]> = { 1: [0x08], 2: [0x04, 0x20, 0x40], 3: [0x04, 0x08, 0x20, 0x40], 4: [0x0c, 0x60] };
  for (const n of [1, 2, 3, 4] as const) {
    it(`decodes every bit pattern of DLE EOT ${n}`, () => {
      const bits = bitsOf[n];
      for (let mask = 0; mask < 1 << bits.length; mask++) {
        const byte = 0x12 | (n === 1 ? 0x04 : 0) | bits.reduce((acc, b, i) => (mask & (1 << i) ? acc | b : acc), 0);
        const on = (i: number) => (mask & (1 << i)) !== 0;
        const f = parseRealtime(n, byte);
        if (n === 1) expect(f).toEqual({ offline: on(0) });
        if (n === 2) expect(f).toEqual({ coverOpen: on(0), paperOut: on(1), ...(on(2) ? { unrecoverableError: true } : {}) });
        if (n === 3) expect(f).toEqual({ mechanicalError: on(0), autocutterError: on(1), unrecoverableError: on(2), autoRecoverableError: on(3) });
        if (n === 4) expect(f).toEqual({ nearEnd: on(0), paperOut: on(1) });
      }
    });
  }

  it('reads the all-clear bytes of the reference as clear', () => {
    expect(parseRealtime(1, 0x16)).toEqual({ offline: false });
    expect(parseRealtime(4, 0x12)).toEqual({ nearEnd: false, paperOut: false });
    expect(summarise({ ...parseRealtime(1, 0x16), ...parseRealtime(4, 0x12) }).state).toBe('ok');
  });
});

describe('ASB', () => {
  it('decodes every flag of the four bytes', () => {
    expect(parseAsb([0x10, 0, 0, 0])).toEqual({
      offline: false,
      coverOpen: false,
      mechanicalError: false,
      autocutterError: false,
      unrecoverableError: false,
      autoRecoverableError: false,
      nearEnd: false,
      paperOut: false,
    });
    expect(parseAsb([0x18, 0, 0, 0]).offline).toBe(true);
    expect(parseAsb([0x30, 0, 0, 0]).coverOpen).toBe(true);
    expect(parseAsb([0x10, 0x04, 0, 0]).mechanicalError).toBe(true);
    expect(parseAsb([0x10, 0x08, 0, 0]).autocutterError).toBe(true);
    expect(parseAsb([0x10, 0x20, 0, 0]).unrecoverableError).toBe(true);
    expect(parseAsb([0x10, 0x40, 0, 0]).autoRecoverableError).toBe(true);
    expect(parseAsb([0x10, 0, 0x03, 0]).nearEnd).toBe(true);
    expect(parseAsb([0x10, 0, 0x0c, 0]).paperOut).toBe(true);
  });
});

describe('summarise', () => {
  it('lets the most serious condition win and says what to do', () => {
    expect(summarise({ coverOpen: true, paperOut: true, offline: true }).state).toBe('cover-open');
    expect(summarise({ paperOut: true, offline: true, nearEnd: true }).state).toBe('paper-out');
    expect(summarise({ autocutterError: true, offline: true }).state).toBe('error');
    expect(summarise({ offline: true }).state).toBe('offline');
    expect(summarise({ nearEnd: true }).state).toBe('near-end');
    expect(summarise({}).state).toBe('ok');
    expect(summarise({ paperOut: true }).detail).toMatch(/load a new roll/);
  });
});

describe('ReplyScanner', () => {
  it('separates replies from noise, across chunk boundaries', () => {
    const s = new ReplyScanner();
    const out = [
      ...s.push([0xff, 0x16, 0x00, 0x37]),
      ...s.push([0x25]),
      ...s.push([0x00, 0x10, 0x00]),
      ...s.push([0x0c, 0x00, 0x37, 0x22, 0x30, 0x30, 0x30, 0x31, 0x00, 0x80]),
    ];
    expect(out).toEqual([
      { type: 'noise', byte: 0xff },
      { type: 'realtime', byte: 0x16 },
      { type: 'noise', byte: 0x00 },
      { type: 'cleared' },
      { type: 'asb', bytes: [0x10, 0x00, 0x0c, 0x00], flags: expect.objectContaining({ paperOut: true, nearEnd: false }) },
      { type: 'process-id', id: [0x30, 0x30, 0x30, 0x31] },
      { type: 'noise', byte: 0x80 },
    ]);
    expect(s.pending).toBe(0);
  });

  it('does not take a lone ASB-looking byte followed by a status reply as a packet', () => {
    const s = new ReplyScanner();
    expect(s.push([0x10, 0x12])).toEqual([
      { type: 'noise', byte: 0x10 },
      { type: 'realtime', byte: 0x12 },
    ]);
  });

  it('finds every real reply in random noise that cannot look like one', () => {
    const s = new ReplyScanner();
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const replies: number[] = [];
    const stream: number[] = [];
    for (let i = 0; i < 500; i++) {
      // Noise bytes with bit 7 set never match a reply pattern.
      stream.push(0x80 | Math.floor(rand() * 128));
      if (rand() < 0.2) {
        const r = 0x12 | (rand() < 0.5 ? 0x0c : 0) | (rand() < 0.5 ? 0x60 : 0);
        replies.push(r);
        stream.push(r);
      }
    }
    const got = [];
    for (let i = 0; i < stream.length; i += 7) got.push(...s.push(stream.slice(i, i + 7)));
    expect(got.filter((r) => r.type === 'realtime').map((r) => (r.type === 'realtime' ? r.byte : 0))).toEqual(replies);
  });

  it('takes 1 MB of garbage in one chunk in linear time, holds at most one packet, and still reads replies', { timeout: 20_000 }, () => {
    const s = new ReplyScanner();
    // 0xFF never starts a reply; a trailing 37 22 could be the start of a process-id answer.
    const garbage = new Uint8Array(1024 * 1024).fill(0xff);
    garbage.set([0x37, 0x22, 0x30], garbage.length - 3);
    const out = s.push(garbage);
    expect(out).toHaveLength(garbage.length - 3);
    expect(out.every((r) => r.type === 'noise')).toBe(true);
    expect(s.pending).toBe(3);
    expect(s.push([0x30, 0x30, 0x31, 0x00, 0x16])).toEqual([
      { type: 'process-id', id: [0x30, 0x30, 0x30, 0x31] },
      { type: 'realtime', byte: 0x16 },
    ]);
    expect(s.pending).toBe(0);
  });

  it('never holds more than one unfinished packet (under 7 bytes), whatever arrives', () => {
    const s = new ReplyScanner();
    let seed = 11;
    const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 8;
    // Bytes that start or continue packets (37 22 …, 37 25, ASB 10 …) far more often than chance.
    const alphabet = [0x37, 0x22, 0x25, 0x10, 0x00, 0x30, 0x0c, 0xff];
    let most = 0;
    for (let i = 0; i < 5000; i++) {
      s.push([alphabet[rand()]!]);
      most = Math.max(most, s.pending);
    }
    expect(most).toBeLessThan(7);
  });
});
