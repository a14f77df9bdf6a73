// Wrong-PIN counting in Auth: per address whatever the user name, per counter, for everyone, bounded.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Auth, MAX_TRACKED } from './auth';
import { AuthConfig } from './config';
import { FailureThrottle } from './throttle';

const sample = JSON.parse(readFileSync(fileURLToPath(new URL('../queue/sample-config.json', import.meta.url)), 'utf8')) as { auth: object };
const auth = (over: object = {}, now = () => 0) => new Auth({ config: AuthConfig.parse({ ...sample.auth, ...over }), counters: ['1', '2', '3'], now });

describe('wrong PINs', () => {
  it('one address gets maxFailures guesses a minute, whatever user names it rotates through', async () => {
    let t = 0;
    const a = auth({ maxFailures: 5, lockoutSeconds: 60 }, () => t);
    for (let i = 0; i < 5; i++) expect(await a.login({ user: `name${i}`, pin: '0000', address: '10.0.0.9' })).toMatchObject({ reason: 'bad-pin' });
    expect(await a.login({ pin: '4444', address: '10.0.0.9' })).toMatchObject({ ok: false, reason: 'locked', retryAfterSeconds: 60 });
    // Another address is not held back by this one (at a counter: technicians' own count is spent too).
    expect(await a.login({ counter: '1', pin: '1111', address: '10.0.0.8' })).toMatchObject({ ok: true });
    t += 61_000;
    expect(await a.login({ pin: '4444', address: '10.0.0.9' })).toMatchObject({ ok: true });
  });

  it('a right PIN in between does not reset the address count', async () => {
    const a = auth({ maxFailures: 3 });
    await a.login({ counter: '1', pin: '0000', address: 'x' });
    await a.login({ counter: '1', pin: '0000', address: 'x' });
    expect(await a.login({ counter: '1', pin: '1111', address: 'x' })).toMatchObject({ ok: true });
    expect(await a.login({ counter: '2', pin: '0000', address: 'x' })).toMatchObject({ reason: 'bad-pin' });
    expect(await a.login({ counter: '2', pin: '1111', address: 'x' })).toMatchObject({ reason: 'locked' });
  });

  it('guesses sent all at once are counted before their PINs are checked', async () => {
    const a = auth({ maxFailures: 5 });
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => a.login({ user: `name${i}`, pin: String(1000 + i), address: '10.0.0.7' })));
    expect(answers.filter((r) => !r.ok && r.reason === 'bad-pin')).toHaveLength(5);
    expect(answers.filter((r) => !r.ok && r.reason === 'locked')).toHaveLength(15);
  });

  it('guesses from many addresses together pause every sign-in', async () => {
    const a = auth({ maxFailures: 5, globalMaxFailures: 10 });
    for (let i = 0; i < 10; i++) await a.login({ user: 'karim', pin: '0000', address: `10.0.1.${i}` });
    expect(await a.login({ pin: '4444', address: '10.0.2.1' })).toMatchObject({ ok: false, reason: 'locked' });
  });

  it('remembers a bounded number of addresses', async () => {
    let t = 0;
    const a = auth({ maxFailures: 5, globalMaxFailures: 1000 }, () => t);
    for (let i = 0; i < MAX_TRACKED * 3; i++) {
      if (i % 4 === 0) t += 61_000; // below every other limit: only the address count grows
      expect(await a.login({ pin: 'x', address: `2001:db8::${i.toString(16)}` })).toMatchObject({ reason: 'bad-pin' });
    }
    expect(a.trackedFailures).toBeLessThanOrEqual(MAX_TRACKED);
  });
});

describe('FailureThrottle', () => {
  const rule = { max: 2, windowMs: 1000, lockMs: 5000 };
  it('locks at max within the window, forgets after it', () => {
    const f = new FailureThrottle(10);
    expect(f.fail('a', 0, rule)).toBe(false);
    expect(f.fail('a', 2000, rule)).toBe(false); // the first one is outside the window
    expect(f.fail('a', 2500, rule)).toBe(true);
    expect(f.lockedFor('a', 3000)).toBe(4500);
    expect(f.lockedFor('a', 7500)).toBe(0);
  });
  it('evicts expired keys first, then the least recently failed', () => {
    const f = new FailureThrottle(3);
    f.fail('old', 0, rule);
    f.fail('b', 5000, rule);
    f.fail('b', 5001, rule); // locked until 10001
    f.fail('c', 5002, rule);
    f.fail('d', 5003, rule);
    expect(f.size).toBe(3);
    expect(f.lockedFor('b', 6000)).toBeGreaterThan(0);
    f.fail('e', 5004, rule);
    expect(f.size).toBe(3);
  });
});
