// The lobby board on a real TV's screen (issue 19, item 17): the whole 1920×1080 (and 1280×720) used without
// scrolling, labels in the board's languages (French and Arabic for Paris), and every counter listed with its state
// so a paused counter is seen as paused, live from the daemon's push.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startTestDaemon } from '../support/daemon';
import { tempDir } from '../support/tmp';
import type { RunningDaemon } from '../../server/daemon';

let daemon: RunningDaemon;
let browser: Browser;
let cleanup: () => void;
const shots = join(process.cwd(), 'test-results');
const agent = { id: 'test:board' };

beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  mkdirSync(shots, { recursive: true });
  daemon = await startTestDaemon(t.dir);
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await daemon?.close();
  cleanup?.();
});

async function openBoard(width: number, height: number): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width, height } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${daemon.url}/board`);
  await page.locator('#counters li').first().waitFor();
  return { page, errors };
}

/** How the page fills the screen: what scrolls, and the share of the screen the board's parts cover. */
const layout = (page: Page) =>
  page.evaluate(() => {
    const doc = document.scrollingElement!;
    const box = (sel: string) => document.querySelector(sel)!.getBoundingClientRect();
    const main = box('main');
    const now = box('#now');
    const counters = box('.counters');
    return {
      scrollsDown: doc.scrollHeight > window.innerHeight + 1,
      scrollsAcross: doc.scrollWidth > window.innerWidth + 1,
      mainCovers: (main.width * main.height) / (window.innerWidth * window.innerHeight),
      nowHeightShare: now.height / window.innerHeight,
      countersBottom: counters.bottom,
      viewportHeight: window.innerHeight,
      numberPx: parseFloat(getComputedStyle(document.querySelector('#now-number')!).fontSize),
      numberOneLine: box('#now-number').height < 1.5 * parseFloat(getComputedStyle(document.querySelector('#now-number')!).fontSize),
    };
  });

describe('the lobby board on a 1920×1080 screen', () => {
  it('uses the whole screen, in French and Arabic, and shows a paused counter as paused, live', async () => {
    const counters = daemon.ctx.queue.counters;
    expect(counters.length).toBeGreaterThan(1);
    const { page, errors } = await openBoard(1920, 1080);
    const first = counters[0]!;
    const item = page.locator(`#counters li[data-counter="${first.id}"]`);
    expect(await item.getAttribute('data-state')).toBe('open');
    expect(await page.locator('#counters li').count()).toBe(counters.length);

    // Paused at the counter: the board shows it with the next push, in both languages.
    expect(daemon.ctx.queue.pause(first.id, agent)).toMatchObject({ ok: true });
    await expect.poll(() => item.getAttribute('data-state')).toBe('paused');
    expect(await item.textContent()).toContain('en pause');
    expect(await item.locator('[lang="ar"]').textContent()).toBe('متوقف مؤقتا');
    expect(
      await page
        .getByRole('heading', { name: /Derniers appels/ })
        .locator('[lang="ar"]')
        .textContent(),
    ).toBe('آخر النداءات');

    // A call fills the big number; the layout does not scroll and the parts fill the screen.
    daemon.ctx.queue.issueTicket({ service: daemon.ctx.config.services[0]!.code, kind: 'walk-in', persons: 1, lang: 'fr' });
    const calling = counters.find((c) => c.id !== first.id && c.services.includes(daemon.ctx.config.services[0]!.code));
    expect(calling, 'a second counter that calls the first service').toBeDefined();
    expect(daemon.ctx.queue.callNext(calling!.id, agent)).toMatchObject({ ok: true });
    await expect.poll(() => page.locator('#now-number').textContent()).not.toBe('—');
    const l = await layout(page);
    expect(l.scrollsDown || l.scrollsAcross).toBe(false);
    expect(l.mainCovers).toBeGreaterThan(0.99);
    expect(l.nowHeightShare).toBeGreaterThan(0.5);
    expect(l.countersBottom).toBeLessThanOrEqual(l.viewportHeight);
    expect(l.numberPx).toBeGreaterThan(200);
    expect(l.numberOneLine).toBe(true);
    await page.screenshot({ path: join(shots, 'board-1920x1080.png') });

    expect(daemon.ctx.queue.resume(first.id, agent)).toMatchObject({ ok: true });
    await expect.poll(() => item.getAttribute('data-state')).toBe('open');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a service the supervisor paused as suspended, in both languages, live, and open again once resumed', async () => {
    const { page, errors } = await openBoard(1920, 1080);
    const login = await fetch(`${daemon.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-kiosk-app': 'supervisor' },
      body: JSON.stringify({ pin: '3333' }),
    });
    expect(login.status).toBe(200);
    const cookie = String(login.headers.get('set-cookie')).split(';')[0]!;
    const pause = (paused: boolean) =>
      fetch(`${daemon.url}/api/supervisor/services/information/pause`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-kiosk-app': 'supervisor', cookie },
        body: JSON.stringify({ paused }),
      });
    const row = page.locator('#waiting tr[data-service="information"]');
    expect((await pause(true)).status).toBe(200);
    await expect.poll(() => row.getAttribute('data-state')).toBe('paused');
    expect(await row.locator('.service-paused [lang="fr"]').textContent()).toBe('suspendu : plus de nouveaux tickets');
    expect(await row.locator('.service-paused [lang="ar"]').textContent()).toBe('موقوف: لا تذاكر جديدة');
    expect((await pause(false)).status).toBe(200);
    await expect.poll(() => page.locator('#waiting tr[data-service="information"][data-state="paused"]').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('fits a 1280×720 screen too, without scrolling', async () => {
    const { page, errors } = await openBoard(1280, 720);
    const l = await layout(page);
    expect(l.scrollsDown || l.scrollsAcross).toBe(false);
    expect(l.countersBottom).toBeLessThanOrEqual(l.viewportHeight);
    await page.screenshot({ path: join(shots, 'board-1280x720.png') });
    expect(errors).toEqual([]);
    await page.close();
  });
});
