import { describe, expect, it } from 'vitest';
import { checkRule, nextAllocation, spokenLabel, ticketLabel, type NumberingRule } from './numbering';

const none = () => false;
const rule = (r: Partial<NumberingRule> = {}): NumberingRule => ({ start: 1, end: 999, wrap: false, digits: 3, ...r });

describe('numbering', () => {
  it('starts at start and counts up', () => {
    const a = nextAllocation(-1, rule({ start: 100 }), none);
    expect(a).toEqual({ ok: true, allocation: { seq: 0, number: 100, cycle: 0 } });
    const b = nextAllocation(0, rule({ start: 100 }), none);
    expect(b.ok && b.allocation.number).toBe(101);
  });
  it('without wrap, the day ends at end with a reason that says what to change', () => {
    const r = rule({ start: 1, end: 3 });
    expect(nextAllocation(1, r, none)).toMatchObject({ ok: true, allocation: { number: 3 } });
    const out = nextAllocation(2, r, none);
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.detail).toMatch(/wrap/);
  });
  it('with wrap, goes back to start in a new cycle', () => {
    const r = rule({ start: 1, end: 3, wrap: true });
    expect(nextAllocation(2, r, none)).toEqual({ ok: true, allocation: { seq: 3, number: 1, cycle: 1 } });
  });
  it('with wrap, skips numbers still held by open tickets', () => {
    const r = rule({ start: 1, end: 3, wrap: true });
    const held = new Set([1, 2]);
    expect(nextAllocation(2, r, (n) => held.has(n))).toEqual({ ok: true, allocation: { seq: 5, number: 3, cycle: 1 } });
  });
  it('with wrap, refuses when every number is held', () => {
    const out = nextAllocation(2, rule({ start: 1, end: 3, wrap: true }), () => true, 'A');
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.detail).toMatch(/A 1-3/);
  });
  it('does not ask about open holders in the first cycle', () => {
    const out = nextAllocation(-1, rule({ wrap: true }), () => {
      throw new Error('asked');
    });
    expect(out.ok).toBe(true);
  });
  it('formats and speaks labels', () => {
    expect(ticketLabel('A', 23, 3)).toBe('A-023');
    expect(ticketLabel('AB', 1234, 3)).toBe('AB-1234');
    expect(spokenLabel('A', 23)).toBe('A 23');
  });
  it('checks rules', () => {
    expect(checkRule(rule())).toBeNull();
    expect(checkRule(rule({ start: 5, end: 4 }))).toMatch(/below start/);
    expect(checkRule(rule({ end: 1000 }))).toMatch(/digits/);
  });
});

describe('numbering with offline blocks reserved (issue 15)', () => {
  it('skips reserved numbers in the first cycle: online numbers stay gap-free below the blocks', () => {
    const r = rule({ start: 1, end: 10 });
    const reserved = (n: number) => n >= 8;
    expect(nextAllocation(5, r, none, 'A', reserved)).toEqual({ ok: true, allocation: { seq: 6, number: 7, cycle: 0 } });
    const out = nextAllocation(6, r, none, 'A', reserved);
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.detail).toMatch(/offline blocks/);
  });
  it('skips reserved numbers in every cycle when wrapping', () => {
    const r = rule({ start: 1, end: 5, wrap: true });
    const reserved = (n: number) => n >= 4;
    expect(nextAllocation(2, r, none, 'A', reserved)).toEqual({ ok: true, allocation: { seq: 5, number: 1, cycle: 1 } });
    expect(nextAllocation(7, r, none, 'A', reserved)).toEqual({ ok: true, allocation: { seq: 10, number: 1, cycle: 2 } });
  });
});
