// Which staff session a request may use: the page that opened it, never the kiosk page.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyRequest } from 'fastify';
import { Auth } from './auth';
import { callerOf } from './caller';
import { AuthConfig } from './config';

const sample = JSON.parse(readFileSync(fileURLToPath(new URL('../queue/sample-config.json', import.meta.url)), 'utf8')) as { auth: object };
const req = (headers: Record<string, string>) => ({ method: 'GET', headers }) as unknown as FastifyRequest;
const BROWSER = { 'sec-fetch-site': 'same-origin' };

async function signedIn() {
  const a = new Auth({ config: AuthConfig.parse(sample.auth), counters: ['1', '2', '3'] });
  const tech = await a.login({ pin: '4444', app: 'diagnostics' });
  const staff = await a.login({ counter: '1', pin: '1111', app: 'counter' });
  if (!tech.ok || !staff.ok) throw new Error('sign-in failed');
  return { a, cookie: `staff_diagnostics=${tech.token}; staff_counter=${staff.token}`, tech, staff };
}

describe('staff sessions by page', () => {
  it('tells pages and programs apart by their headers', () => {
    const get = (headers: Record<string, string>) => callerOf({ method: 'GET', headers });
    expect(get({ 'x-kiosk-app': 'diagnostics', ...BROWSER })).toEqual({ kind: 'staff-page', app: 'diagnostics' });
    expect(get({ 'x-kiosk-app': 'kiosk', ...BROWSER })).toEqual({ kind: 'public-page' });
    expect(get({ 'x-kiosk-app': 'anything' })).toEqual({ kind: 'public-page' });
    expect(get({ ...BROWSER, 'sec-fetch-mode': 'cors' })).toEqual({ kind: 'unmarked-page' });
    expect(get({ 'sec-fetch-mode': 'cors' })).toEqual({ kind: 'program' }); // Node's fetch sends this one
    // A staff page's image, link or download: the browser cannot add the header to those.
    expect(get({ ...BROWSER, 'sec-fetch-mode': 'navigate' })).toEqual({ kind: 'program' });
    expect(get({ ...BROWSER, 'sec-fetch-mode': 'no-cors' })).toEqual({ kind: 'program' });
    expect(callerOf({ method: 'POST', headers: { ...BROWSER, 'sec-fetch-mode': 'navigate' } })).toEqual({ kind: 'unmarked-page' }); // a form post
  });

  it('a staff page uses only the session it opened', async () => {
    const { a, cookie } = await signedIn();
    expect(a.authorize(req({ cookie, 'x-kiosk-app': 'diagnostics', ...BROWSER }), ['technician'])).toMatchObject({ ok: true, user: { id: 'karim' } });
    expect(a.authorize(req({ cookie, 'x-kiosk-app': 'counter', ...BROWSER }), ['staff'])).toMatchObject({ ok: true, user: { id: 'amina' } });
    // The counter page cannot borrow the technician's session, nor the reports page anyone's.
    expect(a.authorize(req({ cookie, 'x-kiosk-app': 'counter', ...BROWSER }), ['technician'])).toMatchObject({ ok: false, status: 403 });
    expect(a.authorize(req({ cookie, 'x-kiosk-app': 'reports', ...BROWSER }), ['technician'])).toMatchObject({ ok: false, status: 401 });
  });

  it("a session under another page's cookie name is refused", async () => {
    const { a, tech } = await signedIn();
    if (!tech.ok) throw new Error();
    expect(a.authorize(req({ cookie: `staff_reports=${tech.token}`, 'x-kiosk-app': 'reports' }), ['technician']).ok).toBe(false);
  });

  it('the kiosk page, the board, and a page that does not say which it is get no staff session', async () => {
    const { a, cookie } = await signedIn();
    expect(a.authorize(req({ cookie, 'x-kiosk-app': 'kiosk', ...BROWSER }), ['technician'])).toMatchObject({
      ok: false,
      status: 401,
      detail: expect.stringMatching(/kiosk screen/),
    });
    expect(a.authorize(req({ cookie, 'x-kiosk-app': 'board' }), ['staff']).ok).toBe(false);
    expect(a.authorize(req({ cookie, ...BROWSER }), ['technician'])).toMatchObject({ ok: false, status: 401, detail: expect.stringMatching(/reload/) });
  });

  it('a program (CLI, script) may present any staff cookie', async () => {
    const { a, cookie } = await signedIn();
    expect(a.authorize(req({ cookie }), ['technician']).ok).toBe(true);
    expect(a.authorize(req({ cookie }), ['staff']).ok).toBe(true);
  });

  it('signing out from the kiosk screen ends every staff session this browser carries', async () => {
    const { a, cookie } = await signedIn();
    const r = req({ cookie, 'x-kiosk-app': 'kiosk', ...BROWSER });
    expect(
      a.logout(
        a.tokensOf(r).map((x) => x.token),
        'kiosk-screen',
      ),
    ).toBe(2);
    expect(a.authorize(req({ cookie }), ['technician', 'staff']).ok).toBe(false);
  });
});
