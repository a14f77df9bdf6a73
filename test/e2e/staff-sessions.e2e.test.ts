// The supervisor's page in Chromium lists the open staff sessions and ends one: the counter agent's next
// request is refused, saying a supervisor ended the session and why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startTestDaemon } from '../support/daemon';
import { tempDir } from '../support/tmp';
import type { RunningDaemon } from '../../server/daemon';

let daemon: RunningDaemon;
let browser: Browser;
let cleanup: () => void;

beforeAll(async () => {
  const t = tempDir('sessions-e2e-');
  cleanup = t.cleanup;
  daemon = await startTestDaemon(t.dir);
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await daemon?.close();
  cleanup?.();
});

describe('staff sessions on the reports page in Chromium', () => {
  it('a supervisor sees who is signed in where and ends a session', async () => {
    const login = await fetch(`${daemon.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-kiosk-app': 'counter' },
      body: JSON.stringify({ counter: '2', pin: '1111' }),
    });
    expect(login.status).toBe(200);
    const cookie = String(login.headers.get('set-cookie')).split(';')[0]!;
    const me = () => fetch(`${daemon.url}/api/auth/me`, { headers: { cookie, 'x-kiosk-app': 'counter' } });
    expect((await me()).status).toBe(200);

    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('dialog', (d) => void d.accept('shift over'));
    await page.goto(`${daemon.url}/reports`);
    await page.getByLabel('Supervisor PIN').fill('3333');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const table = page.getByRole('table', { name: 'Open staff sessions' });
    const row = table.getByRole('row').filter({ hasText: 'counter' }).filter({ hasText: 'staff' });
    await row.waitFor();
    await expect(row.getByRole('cell').nth(2).textContent()).resolves.toBe('2');
    await table.getByRole('button', { name: /End session of .* at counter 2/ }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /is ended/ })
      .waitFor();
    await row.waitFor({ state: 'detached' });

    const refused = await me();
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ reason: 'revoked', error: expect.stringMatching(/ended by a supervisor \(sofia\): shift over/) });
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('the counter page whose session a supervisor ended says so above its sign-in form', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const counter = await context.newPage();
    await counter.goto(`${daemon.url}/counter`);
    await counter.locator('#login-counter').selectOption('1');
    await counter.locator('#login-pin').fill('1111');
    await counter.getByRole('button', { name: 'Se connecter' }).click();
    await counter.getByRole('form', { name: 'Connexion du guichet' }).waitFor({ state: 'detached' });

    const sup = await fetch(`${daemon.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-kiosk-app': 'reports' },
      body: JSON.stringify({ pin: '3333' }),
    });
    expect(sup.status).toBe(200);
    const headers = { cookie: String(sup.headers.get('set-cookie')).split(';')[0]!, 'x-kiosk-app': 'reports' };
    const list = (await (await fetch(`${daemon.url}/api/auth/sessions`, { headers })).json()) as { sessions: Array<{ id: string; counter: string | null }> };
    const id = list.sessions.find((x) => x.counter === '1')!.id;
    const ended = await fetch(`${daemon.url}/api/auth/sessions/${id}/revoke`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'counter closed' }),
    });
    expect(ended.status).toBe(200);

    await counter.reload();
    await counter.getByRole('form', { name: 'Connexion du guichet' }).waitFor();
    await counter
      .getByRole('alert')
      .filter({ hasText: /ended by a supervisor \(sofia\): counter closed/ })
      .waitFor();
    await context.close();
  }, 60_000);
});
