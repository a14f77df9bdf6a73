import { describe, expect, it } from 'vitest';
import { REFUSAL_WINDOW_MS, RefusalLog } from './refusals';

describe('RefusalLog', () => {
  it('writes the first refusal of an address at once and the rest of its minute as one count', () => {
    let t = 0;
    const out: Array<Record<string, unknown>> = [];
    const log = new RefusalLog(
      (p) => out.push(p),
      () => t,
    );
    for (let i = 0; i < 500; i++) log.record({ address: '10.0.0.9', reason: i % 2 ? 'bad-pin' : 'locked', counter: '1', user: `user-${i}-${'y'.repeat(100)}` });
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ address: '10.0.0.9', count: 1 });
    t += REFUSAL_WINDOW_MS;
    log.flush(false);
    expect(out).toHaveLength(2);
    expect(out[1]).toMatchObject({ address: '10.0.0.9', count: 499, reasons: { 'bad-pin': 250, locked: 249 }, counters: ['1'] });
    expect((out[1]!.users as string[]).length).toBeLessThanOrEqual(5);
    expect(JSON.stringify(out[1]).length).toBeLessThan(1024);
    log.close();
  });

  it('many addresses in a minute: bounded records, the excess summed as other addresses', () => {
    const out: Array<Record<string, unknown>> = [];
    const log = new RefusalLog(
      (p) => out.push(p),
      () => 0,
    );
    for (let i = 0; i < 5000; i++) log.record({ address: `2001:db8::${i.toString(16)}`, reason: 'bad-pin' });
    log.close();
    expect(out.length).toBeLessThanOrEqual(65);
    expect(out.find((p) => p.address === 'other addresses')).toMatchObject({ count: 5000 - 64 });
  });
});
