// The sign-in route's own limits, with Fastify's inject (each request from the address the test names).
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import { Auth } from './auth';
import { AuthConfig } from './config';
import { authRoutes, LOGIN_BODY_LIMIT, LOGIN_REQUESTS_ALL, LOGIN_REQUESTS_PER_ADDRESS } from './routes';

const sample = JSON.parse(readFileSync(fileURLToPath(new URL('../queue/sample-config.json', import.meta.url)), 'utf8')) as { auth: object };
let app: FastifyInstance;

async function start(): Promise<FastifyInstance> {
  app = Fastify();
  await app.register(authRoutes(new Auth({ config: AuthConfig.parse(sample.auth), counters: ['1', '2', '3'] })), { prefix: '/api' });
  return app;
}
afterEach(async () => app?.close());

const login = (from: string, body: unknown, headers: Record<string, string> = {}) =>
  app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress: from,
    headers: { 'content-type': 'application/json', ...headers },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('POST /api/auth/login limits', () => {
  it('refuses a body over 1 KB before reading it, and over-long fields', async () => {
    await start();
    expect((await login('10.0.0.1', { pin: '0000', user: 'x'.repeat(LOGIN_BODY_LIMIT) })).statusCode).toBe(413);
    expect((await login('10.0.0.1', { pin: '0000', user: 'x'.repeat(33) })).statusCode).toBe(400);
    expect((await login('10.0.0.1', { pin: '0000', counter: '1'.repeat(33) })).statusCode).toBe(400);
  });

  it('limits requests per address, then for all addresses together', async () => {
    await start();
    // Malformed bodies: the limits count requests, right or wrong, before any PIN is checked.
    for (let i = 0; i < LOGIN_REQUESTS_PER_ADDRESS; i++) expect((await login('10.0.0.1', '{}')).statusCode).toBe(400);
    expect((await login('10.0.0.1', '{}')).statusCode).toBe(429);
    let sent = LOGIN_REQUESTS_PER_ADDRESS;
    for (let a = 2; sent < LOGIN_REQUESTS_ALL; a++) {
      for (let i = 0; i < LOGIN_REQUESTS_PER_ADDRESS && sent < LOGIN_REQUESTS_ALL; i++, sent++) expect((await login(`10.0.0.${a}`, '{}')).statusCode).toBe(400);
    }
    const r = await login('10.0.1.1', '{}');
    expect(r.statusCode).toBe(429);
    expect(r.json()).toMatchObject({ reason: 'rate-limited' });
  });

  it('the kiosk page cannot sign in', async () => {
    await start();
    const r = await login('127.0.0.1', { pin: '4444' }, { 'x-kiosk-app': 'kiosk' });
    expect(r.statusCode).toBe(403);
    expect(r.headers['set-cookie']).toBeUndefined();
  });

  it('a staff page gets its own cookie, and signing out of it leaves the others', async () => {
    await start();
    const d = await login('127.0.0.1', { pin: '4444' }, { 'x-kiosk-app': 'diagnostics' });
    const c = await login('127.0.0.1', { counter: '1', pin: '1111' }, { 'x-kiosk-app': 'counter' });
    expect(d.headers['set-cookie']).toMatch(/^staff_diagnostics=/);
    expect(c.headers['set-cookie']).toMatch(/^staff_counter=/);
    const cookie = [d.headers['set-cookie'], c.headers['set-cookie']].map((x) => String(x).split(';')[0]).join('; ');
    const out = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, 'x-kiosk-app': 'diagnostics' } });
    expect(out.headers['set-cookie']).toEqual([expect.stringMatching(/^staff_diagnostics=; Path=\/api;.*Max-Age=0/)]);
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie, 'x-kiosk-app': 'diagnostics' } })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie, 'x-kiosk-app': 'counter' } })).statusCode).toBe(200);
    // The kiosk page signs the browser out of everything.
    const all = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, 'x-kiosk-app': 'kiosk' } });
    expect(all.headers['set-cookie']).toEqual(expect.arrayContaining([expect.stringMatching(/^staff_counter=;/)]));
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie, 'x-kiosk-app': 'counter' } })).statusCode).toBe(401);
  });
});
