import { describe, expect, it } from 'vitest';
import { coalesced } from './coalesce';

describe('coalesced', () => {
  it('runs once at a time, and once more after a burst of requests', async () => {
    let running = 0;
    let most = 0;
    let runs = 0;
    const gates: Array<() => void> = [];
    const schedule = coalesced(async () => {
      runs++;
      running++;
      most = Math.max(most, running);
      await new Promise<void>((r) => gates.push(r));
      running--;
    });
    schedule();
    schedule();
    schedule();
    expect(runs).toBe(1);
    gates.shift()!();
    await expect.poll(() => runs).toBe(2);
    gates.shift()!();
    await expect.poll(() => running).toBe(0);
    expect(runs).toBe(2);
    expect(most).toBe(1);
  });
});
