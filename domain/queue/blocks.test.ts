import { describe, expect, it } from 'vitest';
import { fallbackLabel, nextBlockRange, wantsRenewal } from './blocks';
import type { NumberingRule } from './numbering';

const rule: NumberingRule = { start: 1, end: 999, wrap: false, digits: 3 };

describe('offline blocks (issue 15)', () => {
  it('the first block is the top of the range, the next one just below it', () => {
    expect(nextBlockRange(rule, 50, { lowestLeased: null, onlineNext: 1 })).toEqual({ first: 950, last: 999 });
    expect(nextBlockRange(rule, 50, { lowestLeased: 950, onlineNext: 1 })).toEqual({ first: 900, last: 949 });
  });
  it('a block never reaches down to a number the online count may give next; a short one is cut above it', () => {
    expect(nextBlockRange(rule, 50, { lowestLeased: 930, onlineNext: 900 })).toEqual({ first: 900, last: 929 });
    expect(nextBlockRange(rule, 50, { lowestLeased: 900, onlineNext: 900 })).toBeNull();
  });
  it('no block once the online count has wrapped: every number may be given again', () => {
    expect(nextBlockRange({ ...rule, wrap: true }, 50, { lowestLeased: null, onlineNext: null })).toBeNull();
  });
  it('renewal is wanted from half the block used', () => {
    expect(wantsRenewal(6, 10)).toBe(false);
    expect(wantsRenewal(5, 10)).toBe(true);
    expect(wantsRenewal(12, 10)).toBe(false); // a second block already held
    expect(wantsRenewal(0, null)).toBe(true);
  });
  it('fallback labels name the kiosk, so they cannot collide with the post numbering or another kiosk', () => {
    expect(fallbackLabel('A', 'K2', 1, 3)).toBe('A-K2-001');
    expect(fallbackLabel('A', 'K2', 1, 3)).not.toBe(fallbackLabel('A', 'K3', 1, 3));
  });
});
