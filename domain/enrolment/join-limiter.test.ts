import { describe, expect, it } from 'vitest';
import { createJoinLimiter } from './join-limiter';

const clock = (start = 1_000_000) => {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
};

describe('the join limiter (guesses of enrolment codes per minute)', () => {
  it('lets `perAddress` attempts a minute through from one address, then refuses with the seconds left; another address is not held back', () => {
    const c = clock();
    const take = createJoinLimiter({ perAddress: 3, all: 100 }, c.now);
    for (let i = 0; i < 3; i++) expect(take('10.0.0.1')).toEqual({ ok: true });
    c.advance(15_000);
    expect(take('10.0.0.1')).toEqual({
      ok: false,
      reason: 'rate-limited',
      retryAfterSeconds: 45,
      detail: 'too many join attempts; try again in 45 s',
    });
    expect(take('10.0.0.2')).toEqual({ ok: true });
    c.advance(45_000);
    expect(take('10.0.0.1')).toEqual({ ok: true });
  });

  it('limits all addresses together to `all` a minute', () => {
    const c = clock();
    const take = createJoinLimiter({ perAddress: 10, all: 5 }, c.now);
    for (let i = 0; i < 5; i++) expect(take(`10.0.1.${i}`).ok).toBe(true);
    expect(take('10.0.1.99')).toMatchObject({ ok: false, retryAfterSeconds: 60 });
    c.advance(60_000);
    expect(take('10.0.1.99').ok).toBe(true);
  });

  it('forgets addresses past the most it keeps (a flood of addresses cannot grow it without bound)', () => {
    const c = clock();
    const take = createJoinLimiter({ perAddress: 1, all: 1_000_000 }, c.now, { maxAddresses: 100 });
    expect(take('first').ok).toBe(true);
    expect(take('first').ok).toBe(false);
    for (let i = 0; i < 100; i++) take(`flood-${i}`);
    // The oldest entry went: "first" starts a new window (the limiter errs on letting one more guess through).
    expect(take('first').ok).toBe(true);
  });
});
