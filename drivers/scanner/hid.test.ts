import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openHidScanner } from './hid';
import { SimHidDevice } from './hid-sim';
import type { ScannedCode } from './types';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const TOKEN = 'RDV1:' + '6BFOXN*TS0BI$ZD.P9UOL97O4-2HH77HRM3DSPTLOOK'.repeat(5);

describe('HID-POS scanner driver', () => {
  it('reassembles a multi-report token from the device', async () => {
    const dev = new SimHidDevice();
    const s = openHidScanner({ vendorId: 0x0c2e, productId: 0x0b61 }, { open: async () => dev });
    const codes: ScannedCode[] = [];
    s.onCode((c) => codes.push(c));
    await vi.advanceTimersByTimeAsync(0);
    expect(s.status).toMatchObject({ status: 'ok', detail: 'reading HID 0c2e:0b61' });
    expect(dev.scan(TOKEN)).toBeGreaterThan(1);
    expect(codes).toMatchObject([{ text: TOKEN, source: 'hid', symbology: ']Q1' }]);
    await s.close();
    expect(dev.closed).toBe(true);
  });
  it('a code cut half way is dropped after the report timeout', async () => {
    const dev = new SimHidDevice();
    const s = openHidScanner({ vendorId: 1, productId: 2, reportTimeoutMs: 100 }, { open: async () => dev });
    const codes: ScannedCode[] = [];
    s.onCode((c) => codes.push(c));
    await vi.advanceTimersByTimeAsync(0);
    const { encodeHidPosReports } = await import('./hid-pos');
    const reports = encodeHidPosReports(TOKEN);
    dev.send(reports[0]!);
    await vi.advanceTimersByTimeAsync(150);
    expect(s.status.status).toBe('warning');
    dev.scan('SHORT');
    expect(codes.map((c) => c.text)).toEqual(['SHORT']);
    await s.close();
  });
  it('cannot open: offline with what to check, retried', async () => {
    let tries = 0;
    const dev = new SimHidDevice();
    const s = openHidScanner(
      { vendorId: 1, productId: 2, reconnectMs: 1000 },
      {
        open: async () => {
          if (++tries < 3) throw new Error('could not open device');
          return dev;
        },
      },
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(s.status).toMatchObject({ status: 'offline', detail: expect.stringContaining('HID-POS mode') });
    await vi.advanceTimersByTimeAsync(2000);
    expect(tries).toBe(3);
    expect(s.status.status).toBe('ok');
    dev.unplug();
    expect(s.status.status).toBe('offline');
    await s.close();
  });
});
