import { describe, expect, it } from 'vitest';
import { estimateWaitMinutes, mean, median } from './estimate';

describe('estimateWaitMinutes', () => {
  it('uses the mean of recent service times, long cases included (bench/estimate.bench.ts)', () => {
    expect(median([4, 40, 6])).toBe(6);
    expect(mean([4, 40, 6])).toBeCloseTo(16.67, 2);
    expect(estimateWaitMinutes({ ahead: 3, recentMinutes: [4, 40, 6], openCounters: 1, defaultServiceMinutes: 8 })).toBe(50);
    expect(estimateWaitMinutes({ ahead: 3, recentMinutes: [6, 6, 7, 9], openCounters: 1, defaultServiceMinutes: 8 })).toBe(21);
  });
  it('divides by the counters open for the service', () => {
    expect(estimateWaitMinutes({ ahead: 4, recentMinutes: [5, 5, 5], openCounters: 2, defaultServiceMinutes: 8 })).toBe(10);
  });
  it('falls back to the default with too few samples, and zero counters counts as one', () => {
    expect(estimateWaitMinutes({ ahead: 2, recentMinutes: [1], openCounters: 0, defaultServiceMinutes: 8 })).toBe(16);
  });
  it('nobody ahead means no wait', () => {
    expect(estimateWaitMinutes({ ahead: 0, recentMinutes: [9, 9, 9], openCounters: 1, defaultServiceMinutes: 8 })).toBe(0);
  });
});
