// The serial driver's own logic (timeouts, status, reconnect) against a fake port; the real-pty test is
// test/scanner/serial-pty.test.ts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventEmitter } from 'node:events';
import { openSerialScanner, type PortLike } from './serial';
import type { ScannedCode, ScannerState } from './types';

class FakePort extends EventEmitter implements PortLike {
  isOpen = false;
  constructor(private readonly failOpen: string | null) {
    super();
  }
  open(cb: (err: Error | null) => void) {
    queueMicrotask(() => {
      if (this.failOpen) return cb(new Error(this.failOpen));
      this.isOpen = true;
      cb(null);
    });
  }
  close(cb?: (err: Error | null) => void) {
    this.isOpen = false;
    cb?.(null);
  }
  feed(s: string) {
    this.emit('data', Buffer.from(s));
  }
  unplug() {
    this.isOpen = false;
    this.emit('close', new Error('disconnected'));
  }
}

let now = 0;
beforeEach(() => {
  vi.useFakeTimers();
  now = 0;
});
afterEach(() => {
  vi.useRealTimers();
});

let present = true;
function setup(opts: Parameters<typeof openSerialScanner>[0], failures: Array<string | null> = []) {
  const ports: FakePort[] = [];
  present = true;
  const s = openSerialScanner(opts, {
    pathExists: () => present,
    createPort: () => {
      const p = new FakePort(failures.shift() ?? null);
      ports.push(p);
      return p;
    },
    now: () => now,
  });
  const codes: ScannedCode[] = [];
  const states: ScannerState[] = [];
  s.onCode((c) => codes.push(c));
  s.onStatus((st) => states.push(st));
  return { s, ports, codes, states };
}

describe('serial scanner driver', () => {
  it('goes offline when its device path disappears, though the port never said it closed, and reopens it when it is back', async () => {
    const { s, ports } = setup({ path: '/dev/serial/by-id/usb-scanner', suffix: 'cr', reconnectMs: 500 });
    await vi.advanceTimersByTimeAsync(0);
    expect(s.status.status).toBe('ok');
    present = false;
    await vi.advanceTimersByTimeAsync(500);
    expect(s.status).toMatchObject({ status: 'offline', detail: expect.stringMatching(/is gone \(unplugged\?\); retrying/) });
    expect(ports[0]!.isOpen).toBe(false);
    present = true;
    await vi.advanceTimersByTimeAsync(500);
    expect(ports).toHaveLength(2);
    expect(s.status.status).toBe('ok');
    await s.close();
  });
  it('reads codes and reports ok', async () => {
    const { s, ports, codes } = setup({ path: '/dev/ttyACM0', suffix: 'cr' });
    await vi.advanceTimersByTimeAsync(0);
    expect(s.status.status).toBe('ok');
    ports[0]!.feed('RDV1:AB');
    ports[0]!.feed('C\r');
    expect(codes.map((c) => [c.text, c.source])).toEqual([['RDV1:ABC', 'serial']]);
    await s.close();
  });
  it('the same code twice within a second is one scan', async () => {
    const { s, ports, codes } = setup({ path: 'p', suffix: 'cr' });
    await vi.advanceTimersByTimeAsync(0);
    ports[0]!.feed('X1\r');
    now = 400;
    ports[0]!.feed('X1\r');
    now = 2000;
    ports[0]!.feed('X1\r');
    expect(codes.map((c) => c.at)).toEqual([0, 2000]);
    await s.close();
  });
  it('suffix none: a code ends after the inter-character timeout', async () => {
    const { s, ports, codes } = setup({ path: 'p', suffix: 'none', interCharTimeoutMs: 50 });
    await vi.advanceTimersByTimeAsync(0);
    ports[0]!.feed('RDV1:');
    await vi.advanceTimersByTimeAsync(30);
    ports[0]!.feed('XYZ');
    await vi.advanceTimersByTimeAsync(30);
    expect(codes).toEqual([]);
    await vi.advanceTimersByTimeAsync(30);
    expect(codes.map((c) => c.text)).toEqual(['RDV1:XYZ']);
    await s.close();
  });
  it('a fragment that never gets its suffix is dropped with a warning naming the setting', async () => {
    const { s, ports, codes } = setup({ path: 'p', suffix: 'crlf', interCharTimeoutMs: 50 });
    await vi.advanceTimersByTimeAsync(0);
    ports[0]!.feed('RDV1:XYZ');
    await vi.advanceTimersByTimeAsync(60);
    expect(codes).toEqual([]);
    expect(s.status).toMatchObject({ status: 'warning', detail: expect.stringContaining('devices.scanner.suffix') });
    ports[0]!.feed('NEXT\r\n');
    expect(codes.map((c) => c.text)).toEqual(['NEXT']);
    expect(s.status.status).toBe('ok');
    await s.close();
  });
  it('missing port: offline, retried until it appears', async () => {
    const { s, ports, states } = setup({ path: '/dev/ttyACM9', reconnectMs: 1000 }, ['No such file or directory', 'No such file or directory']);
    await vi.advanceTimersByTimeAsync(0);
    expect(s.status).toMatchObject({ status: 'offline', detail: expect.stringContaining('/dev/ttyACM9') });
    await vi.advanceTimersByTimeAsync(2000);
    expect(ports).toHaveLength(3);
    expect(s.status.status).toBe('ok');
    expect(states.map((x) => x.status)).toEqual(['offline', 'ok']);
    await s.close();
  });
  it('unplugged: offline, then back', async () => {
    const { s, ports, codes } = setup({ path: 'p', reconnectMs: 500 });
    await vi.advanceTimersByTimeAsync(0);
    ports[0]!.unplug();
    expect(s.status.status).toBe('offline');
    await vi.advanceTimersByTimeAsync(500);
    expect(s.status.status).toBe('ok');
    ports[1]!.feed('AGAIN\r');
    expect(codes.map((c) => c.text)).toEqual(['AGAIN']);
    await s.close();
  });
  it('close stops retries and reports offline', async () => {
    const { s, ports } = setup({ path: 'p', reconnectMs: 100 }, ['busy']);
    await vi.advanceTimersByTimeAsync(0);
    await s.close();
    await vi.advanceTimersByTimeAsync(1000);
    expect(ports).toHaveLength(1);
    expect(s.status).toEqual({ status: 'offline', detail: 'closed' });
  });
});
