import { describe, expect, it } from 'vitest';
import { LINE_7E1, LINE_8N1, LINE_8N2, bitsPerByte, parseFraming, wireTimeMs } from './line';
import { countingStream, createDuplexPair } from './stream';

describe('serial line settings', () => {
  it('bits per byte: 8N1 = 10, 7E1 = 10, 8N2 = 11', () => {
    expect(bitsPerByte(LINE_8N1)).toBe(10);
    expect(bitsPerByte(LINE_7E1)).toBe(10);
    expect(bitsPerByte(LINE_8N2)).toBe(11);
  });
  it('wire time at 9600 baud', () => {
    expect(wireTimeMs(960, LINE_8N1)).toBe(1000);
    expect(wireTimeMs(960, LINE_8N2)).toBe(1100);
  });
  it('parses framing strings', () => {
    expect(parseFraming('7e1')).toEqual({ dataBits: 7, parity: 'even', stopBits: 1 });
    expect(parseFraming('8N2')).toEqual({ dataBits: 8, parity: 'none', stopBits: 2 });
    expect(parseFraming('9X9')).toBeUndefined();
  });
});

describe('in-memory duplex pair', () => {
  it('delivers each write as its own chunk, in order, to the other end only', async () => {
    const [a, b] = createDuplexPair();
    const got: number[][] = [];
    const echo: number[][] = [];
    b.onData((c) => got.push([...c]));
    a.onData((c) => echo.push([...c]));
    a.write(Uint8Array.of(1, 2));
    a.write(Uint8Array.of(3));
    await new Promise((r) => setTimeout(r, 5));
    expect(got).toEqual([[1, 2], [3]]);
    expect(echo).toEqual([]);
  });
  it('closing reports on both ends and later writes are dropped', async () => {
    const [a, b] = createDuplexPair();
    const reasons: string[] = [];
    a.onClose((r) => reasons.push(`a:${r}`));
    b.onClose((r) => reasons.push(`b:${r}`));
    const got: number[] = [];
    b.onData((c) => got.push(...c));
    await a.close();
    a.write(Uint8Array.of(9));
    await new Promise((r) => setTimeout(r, 5));
    expect(reasons).toHaveLength(2);
    expect(got).toEqual([]);
  });
  it('counting wrapper counts both directions', async () => {
    const [a, b] = createDuplexPair();
    const counted = countingStream(a);
    counted.write(Uint8Array.of(1, 2, 3));
    b.write(Uint8Array.of(4));
    await new Promise((r) => setTimeout(r, 5));
    expect([counted.sent, counted.received]).toEqual([3, 1]);
  });
});
