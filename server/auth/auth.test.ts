import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyRequest } from 'fastify';
import { Auth } from './auth';
import { AuthConfig } from './config';
import { clearedCookie, readCookie, sessionCookie } from './cookie';
import { hashPin, verifyPin } from './pin';
import { QueueConfig, checkQueueConfig } from '../queue/config';
import { hashPinCommand } from '../commands/staff';

const sample = JSON.parse(readFileSync(fileURLToPath(new URL('../queue/sample-config.json', import.meta.url)), 'utf8')) as { queue: unknown; auth: unknown };
const SERVICES = ['registration', 'cnie', 'passport', 'passport-minor', 'passport-loss', 'anthropometric', 'marriage', 'information'];

function req(cookie?: string): FastifyRequest {
  return { method: 'GET', headers: cookie ? { cookie } : {} } as FastifyRequest;
}

describe('staff auth', () => {
  it('hashes and verifies PINs with scrypt, salted', async () => {
    const a = await hashPin('123456');
    const b = await hashPin('123456');
    if (!a.ok || !b.ok) throw new Error('hash failed');
    expect(a.hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a.hash).not.toBe(b.hash);
    expect(await verifyPin('123456', a.hash)).toBe(true);
    expect(await verifyPin('123457', a.hash)).toBe(false);
    expect(await verifyPin('123456', 'plain')).toBe(false);
    expect(await hashPin('12a4')).toEqual({ ok: false, reason: 'a PIN is 4 to 12 digits' });
  });

  it('the sample config is valid and its demo PINs work', async () => {
    const auth = AuthConfig.parse(sample.auth);
    const queue = QueueConfig.parse(sample.queue);
    expect(checkQueueConfig(queue, SERVICES)).toEqual([]);
    const a = new Auth({ config: auth, counters: ['1', '2', '3'] });
    expect(await a.login({ counter: '1', pin: '1111' })).toMatchObject({ ok: true, session: { user: { id: 'amina', role: 'staff' }, counter: '1' } });
    expect(await a.login({ counter: '3', pin: '2222' })).toMatchObject({ ok: true, session: { user: { id: 'yusuf' } } });
    expect(await a.login({ pin: '4444' })).toMatchObject({ ok: true, session: { user: { role: 'technician' } } });
  });

  it('refuses a wrong PIN and a staff PIN without a counter with the same answer', async () => {
    const a = new Auth({ config: AuthConfig.parse(sample.auth), counters: ['1', '2', '3'] });
    const wrong = await a.login({ counter: '1', pin: '0000' });
    expect(wrong).toMatchObject({ ok: false, reason: 'bad-pin' });
    expect(await a.login({ counter: '9', pin: '1111' })).toMatchObject({ ok: false, reason: 'unknown-counter' });
    expect(await a.login({ pin: '1111' })).toEqual(wrong); // right PIN, no counter: says nothing more than a wrong one
    expect(await a.login({ user: 'amina', pin: '1111' })).toEqual(wrong);
    expect(await a.login({ user: 'nobody', pin: '1111' })).toEqual(wrong);
    expect(await a.login({ counter: '1', pin: '4444' })).toEqual(wrong); // technicians do not serve counters
  });

  it('tells a right PIN at a counter not theirs apart from a wrong PIN, and still counts it (issue 19, item 15)', async () => {
    let t = 0;
    const a = new Auth({
      config: AuthConfig.parse({ ...(sample.auth as object), maxFailures: 3, lockoutSeconds: 30 }),
      counters: ['1', '2', '3'],
      now: () => t,
    });
    const r = await a.login({ counter: '3', pin: '1111' });
    expect(r).toMatchObject({ ok: false, reason: 'wrong-counter' });
    if (!r.ok) expect(r.detail).toBe('this PIN is right, but it signs in at counter 1, 2, not at counter 3: choose your counter');
    // Not a way around the lockout: it counts like a wrong PIN.
    expect(await a.login({ counter: '3', pin: '0000' })).toMatchObject({ reason: 'bad-pin' });
    expect(await a.login({ counter: '3', pin: '1111' })).toMatchObject({ reason: 'wrong-counter' });
    expect(await a.login({ counter: '3', pin: '2222' })).toMatchObject({ ok: false, reason: 'locked' });
    t += 31_000;
    expect(await a.login({ counter: '3', pin: '2222' })).toMatchObject({ ok: true });
  });

  it('locks a counter after repeated wrong PINs, then lets it try again', async () => {
    let t = 0;
    const a = new Auth({
      config: AuthConfig.parse({ ...(sample.auth as object), maxFailures: 3, lockoutSeconds: 30 }),
      counters: ['1', '2', '3'],
      now: () => t,
    });
    for (let i = 0; i < 3; i++) expect(await a.login({ counter: '1', pin: '0000' })).toMatchObject({ reason: 'bad-pin' });
    expect(await a.login({ counter: '1', pin: '1111' })).toMatchObject({ ok: false, reason: 'locked', retryAfterSeconds: 30 });
    expect(await a.login({ counter: '2', pin: '1111' })).toMatchObject({ ok: true });
    t += 31_000;
    expect(await a.login({ counter: '1', pin: '1111' })).toMatchObject({ ok: true });
  });

  it('sessions expire, end at logout, and a new sign-in at a counter ends the old one', async () => {
    let t = 0;
    const a = new Auth({ config: AuthConfig.parse({ ...(sample.auth as object), sessionMinutes: 10 }), counters: ['1', '2', '3'], now: () => t });
    const r = await a.login({ counter: '1', pin: '1111' });
    if (!r.ok) throw new Error(r.detail);
    const cookie = `other=1; staff_counter=${r.token}`;
    expect(a.authorize(req(cookie), ['staff'])).toMatchObject({ ok: true, user: { id: 'amina' } });
    expect(a.authorize(req(cookie), ['technician'])).toMatchObject({ ok: false, status: 403 });
    expect(a.authorize(req(), ['staff'])).toMatchObject({ ok: false, status: 401 });
    t += 10 * 60_000;
    expect(a.authorize(req(cookie), ['staff'])).toMatchObject({ ok: false, status: 401 });
    const r2 = await a.login({ counter: '1', pin: '1111' });
    const r3 = await a.login({ counter: '1', pin: '1111' });
    if (!r2.ok || !r3.ok) throw new Error('login failed');
    expect(a.authorize(req(`staff_counter=${r2.token}`), ['staff']).ok).toBe(false);
    expect(a.logout([r3.token])).toBe(1);
    expect(a.authorize(req(`staff_counter=${r3.token}`), ['staff']).ok).toBe(false);
  });

  it('cookie is HttpOnly and SameSite=Strict, one per staff page, for the API only', () => {
    expect(sessionCookie('counter', 'abc', 60)).toBe('staff_counter=abc; Path=/api; HttpOnly; SameSite=Strict; Max-Age=60');
    expect(sessionCookie('diagnostics', 'abc', 60)).toBe('staff_diagnostics=abc; Path=/api; HttpOnly; SameSite=Strict; Max-Age=60');
    expect(clearedCookie('reports')).toBe('staff_reports=; Path=/api; HttpOnly; SameSite=Strict; Max-Age=0');
    expect(readCookie('a=1; staff_counter=x%2By', 'staff_counter')).toBe('x+y');
    expect(readCookie('a=1', 'staff_counter')).toBeUndefined();
  });

  it('kiosk staff hash-pin prints JSON with a working hash, and fails on a bad PIN', async () => {
    let out = '';
    let err = '';
    const w = (f: (s: string) => void) => ({
      write: (s: string) => {
        f(s);
        return true;
      },
    });
    expect(
      await hashPinCommand(
        {},
        w((s) => (out += s)),
        w((s) => (err += s)),
        async () => '2468\n',
      ),
    ).toBe(0);
    const { pinHash } = JSON.parse(out) as { pinHash: string };
    expect(await verifyPin('2468', pinHash)).toBe(true);
    expect(AuthConfig.parse({ accounts: [{ id: 'x', name: 'X', role: 'staff', pinHash }] }).accounts).toHaveLength(1);
    expect(
      await hashPinCommand(
        { pin: 'abcd' },
        w(() => {}),
        w((s) => (err += s)),
      ),
    ).toBe(1);
    expect(err).toMatch(/4 to 12 digits/);
  });

  it('the config refuses a PIN in clear and duplicate ids', () => {
    expect(AuthConfig.safeParse({ accounts: [{ id: 'x', name: 'X', role: 'staff', pinHash: '1234' }] }).success).toBe(false);
    const h = (sample.auth as { accounts: Array<{ pinHash: string }> }).accounts[0]!.pinHash;
    expect(
      AuthConfig.safeParse({
        accounts: [
          { id: 'x', name: 'X', role: 'staff', pinHash: h },
          { id: 'x', name: 'Y', role: 'staff', pinHash: h },
        ],
      }).success,
    ).toBe(false);
  });
});
