import { describe, expect, it } from 'vitest';
import { createDeduper } from './dedupe';

describe('dedupe', () => {
  it('the same code twice within a second is one scan', () => {
    const fresh = createDeduper(1000);
    expect(fresh('A', 0)).toBe(true);
    expect(fresh('A', 999)).toBe(false);
  });
  it('a code held in front of the scanner stays one scan (window slides from the latest read)', () => {
    const fresh = createDeduper(1000);
    expect([0, 600, 1200, 1800].map((t) => fresh('A', t))).toEqual([true, false, false, false]);
    expect(fresh('A', 2800)).toBe(true);
  });
  it('another code passes at once, and the first one again after it', () => {
    const fresh = createDeduper(1000);
    expect([fresh('A', 0), fresh('B', 10), fresh('A', 20)]).toEqual([true, true, true]);
  });
});
