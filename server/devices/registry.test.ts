import { describe, expect, it } from 'vitest';
import { DeviceRegistry } from './registry';

describe('DeviceRegistry', () => {
  it('lists devices and notifies only on real changes', () => {
    const reg = new DeviceRegistry();
    const seen: string[] = [];
    reg.onChange((d) => seen.push(d.map((x) => `${x.id}:${x.status}`).join(',')));
    reg.add({ id: 'printer', kind: 'printer', driver: 'escpos-sim', simulated: true, status: 'unknown' });
    reg.report('printer', 'ok', 'ready');
    reg.report('printer', 'ok', 'ready');
    reg.report('printer', 'error', 'paper out');
    expect(seen).toEqual(['printer:unknown', 'printer:ok', 'printer:error']);
    expect(reg.get('printer')?.detail).toBe('paper out');
  });
  it('refuses unknown and duplicate ids, which are wiring bugs', () => {
    const reg = new DeviceRegistry();
    reg.add({ id: 'a', kind: 'scanner', driver: 'x', simulated: true, status: 'ok' });
    expect(() => reg.add({ id: 'a', kind: 'scanner', driver: 'x', simulated: true, status: 'ok' })).toThrow(/twice/);
    expect(() => reg.report('b', 'ok')).toThrow(/unknown device/);
  });
});
