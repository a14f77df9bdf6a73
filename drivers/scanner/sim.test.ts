import { describe, expect, it } from 'vitest';
import { createSimScanner } from './sim';
import { openScanner } from './index';

describe('in-process scanner simulator', () => {
  it('inject delivers a code once per second at most', () => {
    let now = 0;
    const s = createSimScanner({ now: () => now });
    const got: string[] = [];
    s.onCode((c) => got.push(`${c.source}:${c.text}`));
    s.inject('RDV1:A');
    now = 500;
    s.inject('RDV1:A');
    now = 1600;
    s.inject('RDV1:A');
    expect(got).toEqual(['sim:RDV1:A', 'sim:RDV1:A']);
  });
  it('a fault makes it offline and drops injected codes', async () => {
    const s = createSimScanner();
    const got: string[] = [];
    s.onCode((c) => got.push(c.text));
    s.setFault({ status: 'offline', detail: 'simulated: cable pulled' });
    expect(s.inject('X')).toBe(false);
    expect(s.status).toEqual({ status: 'offline', detail: 'simulated: cable pulled' });
    s.setFault(null);
    expect(s.inject('X')).toBe(true);
    await s.close();
    expect(s.inject('Y')).toBe(false);
    expect(got).toEqual(['X']);
  });
  it('unsubscribe stops delivery', () => {
    const s = createSimScanner();
    const got: string[] = [];
    const off = s.onCode((c) => got.push(c.text));
    off();
    s.inject('Z');
    expect(got).toEqual([]);
  });
  it('openScanner: sim by default config, wedge opens nothing, HID needs ids', () => {
    expect(openScanner({ type: 'serial', port: 'sim' })).toMatchObject({ ok: true, kind: 'sim' });
    expect(openScanner({ type: 'wedge', port: 'sim' })).toEqual({ ok: true, kind: 'wedge' });
    expect(openScanner({ type: 'hid', port: 'auto' })).toMatchObject({ ok: false, reason: expect.stringContaining('vendorId') });
  });
});
