// A technician signs in on the kiosk's own browser (same origin, same cookie jar as the kiosk page), in
// Chromium against the real daemon: the kiosk page cannot use that session, and the session ends when the
// kiosk shows its attract screen.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startTestDaemon } from '../support/daemon';
import { tempDir } from '../support/tmp';
import type { RunningDaemon } from '../../server/daemon';

let daemon: RunningDaemon;
let browser: Browser;
let context: BrowserContext;
let cleanup: () => void;

beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  daemon = await startTestDaemon(t.dir);
  browser = await launchChromium();
  context = await browser.newContext();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await daemon?.close();
  cleanup?.();
});

const until = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000, interval: 100 });

/** Status of a GET made by the page's own script, with the headers it chooses. */
const statusFrom = (page: Page, path: string, headers: Record<string, string> = {}) =>
  page.evaluate(async ([p, hs]) => (await fetch(p, { headers: hs, credentials: 'same-origin' })).status, [path, headers] as const);

async function technicianSignsIn(page: Page): Promise<void> {
  await page.goto(`${daemon.url}/diagnostics`);
  await page.getByLabel('Technician PIN').fill('4444');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Simulators and faults' }).waitFor();
}

const kioskScreen = (page: Page) => page.locator('#app').getAttribute('data-screen');
const send = (type: string) =>
  fetch(`${daemon.url}/api/checkin/event`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type }) });
const endedByKiosk = () =>
  (daemon.ctx.db.prepare("SELECT count(*) AS n FROM events WHERE kind = 'auth.logout' AND payload LIKE '%kiosk-screen%'").get() as { n: number }).n;

describe('a staff session on the kiosk screen', { timeout: 60_000 }, () => {
  it('is not usable from the kiosk page, and ends when the kiosk shows its attract screen', async () => {
    const staff = await context.newPage();
    await technicianSignsIn(staff);
    expect(await statusFrom(staff, '/api/diagnostics/overview', { 'x-kiosk-app': 'diagnostics' })).toBe(200);

    const kiosk = await context.newPage();
    await kiosk.goto(daemon.url);
    await until(() => kioskScreen(kiosk)).toMatch(/^attract/);
    // The kiosk page's script, with or without its marker, reaches no staff route.
    expect(await statusFrom(kiosk, '/api/diagnostics/overview')).toBe(401);
    expect(await statusFrom(kiosk, '/api/diagnostics/overview', { 'x-kiosk-app': 'kiosk' })).toBe(401);
    expect(await statusFrom(kiosk, '/api/payments/pending')).toBe(401);
    // And the session itself is over: even the diagnostics page is signed out.
    await until(() => statusFrom(staff, '/api/diagnostics/overview', { 'x-kiosk-app': 'diagnostics' })).toBe(401);
    expect(endedByKiosk()).toBe(1);
    expect((await context.cookies()).map((c) => c.name)).not.toContain('staff_diagnostics');
  });

  it('opened while a visitor is at the kiosk, it lasts until the kiosk goes back to attract', async () => {
    const kiosk = context.pages()[1]!;
    const staff = context.pages()[0]!;
    expect((await send('TOUCH')).status).toBe(202);
    await until(() => kioskScreen(kiosk)).not.toMatch(/^attract/);
    await technicianSignsIn(staff);
    expect(await statusFrom(staff, '/api/diagnostics/overview', { 'x-kiosk-app': 'diagnostics' })).toBe(200);
    expect((await send('CANCEL')).status).toBe(202);
    await until(() => kioskScreen(kiosk)).toMatch(/^attract/);
    await until(() => statusFrom(staff, '/api/diagnostics/overview', { 'x-kiosk-app': 'diagnostics' })).toBe(401);
    expect(endedByKiosk()).toBe(2);
  });

  it("a counter page in another browser keeps its session through the kiosk's attract screen", async () => {
    const other = await browser.newContext();
    const counter = await other.newPage();
    await counter.goto(`${daemon.url}/counter`);
    await counter.selectOption('#login-counter', '1');
    await counter.fill('#login-pin', '1111');
    await counter.click('button[type=submit]');
    await counter.waitForSelector('#act-call-next');
    expect((await send('TOUCH')).status).toBe(202);
    expect((await send('CANCEL')).status).toBe(202);
    await until(() => kioskScreen(context.pages()[1]!)).toMatch(/^attract/);
    expect(await statusFrom(counter, '/api/queue/counter', { 'x-kiosk-app': 'counter' })).toBe(200);
    await other.close();
  });
});
