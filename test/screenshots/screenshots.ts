// `npm run screenshots` (issue 19): the screens a visitor and the staff see, written as PNG files for review, in
// Arabic and French, on a portrait (1080×1920), a landscape (1920×1080) and a 5:4 (1280×1024) kiosk screen: the kiosk's start, scan,
// walk-in services, persons, summary, paying and done screens; the board; the supervisor's floor. The real daemon with simulated
// devices on a throwaway journal, the built pages, Debian's Chromium. Output: test-results/screenshots/.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startTestDaemon } from '../support/daemon';
import { tempDir } from '../support/tmp';
import type { RunningDaemon } from '../../server/daemon';

const OUT = join(process.cwd(), 'test-results', 'screenshots');
const SCREENS = [
  { name: 'portrait', width: 1080, height: 1920 },
  { name: 'landscape', width: 1920, height: 1080 },
  // The 5:4 screens of many kiosk models (issue 19 item 13).
  { name: '1280x1024', width: 1280, height: 1024 },
] as const;
const LANGS = ['ar', 'fr'] as const;

// The visitor catalogue read as a file: this script runs under plain Node, where the pages' Vite glob does not exist.
const visitor = (lang: string) => JSON.parse(readFileSync(join(process.cwd(), 'i18n', lang, 'visitor.json'), 'utf8')) as Record<string, string>;

const written: string[] = [];
async function shot(page: Page, file: string, fullPage = false): Promise<void> {
  // Fonts and the screen's transition settle before the picture.
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(250);
  const path = join(OUT, `${file}.png`);
  await page.screenshot({ path, fullPage });
  written.push(path);
}

async function event(d: RunningDaemon, type: string): Promise<void> {
  await fetch(`${d.url}/api/checkin/event`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type }) });
}

async function toStart(d: RunningDaemon): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const v = (await (await fetch(`${d.url}/api/checkin`)).json()) as { screen: string };
    if (v.screen.startsWith('attract')) return;
    await event(d, v.screen.startsWith('error') || v.screen.startsWith('done') ? 'ACKNOWLEDGE' : 'CANCEL');
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the kiosk did not go back to its start screen');
}

async function kiosk(browser: Browser, d: RunningDaemon, lang: (typeof LANGS)[number], s: (typeof SCREENS)[number]): Promise<void> {
  await toStart(d);
  const context = await browser.newContext({ viewport: { width: s.width, height: s.height } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const on = (prefix: string) => page.locator(`#app[data-screen^="${prefix}"]`).waitFor();
  const base = `kiosk-${s.name}-${lang}`;
  try {
    await page.goto(`${d.url}/`);
    await on('attract');
    await shot(page, `${base}-1-start`);
    await page.locator(`button[data-lang="${lang}"]`).click();
    await on('identify.scan');
    await shot(page, `${base}-2-scan`);
    await page.getByRole('button', { name: visitor(lang).walkIn! }).click();
    await on('identify.walkIn');
    await shot(page, `${base}-3-services`);
    await page.locator('button[data-service="passport"]').click();
    await page.locator('#app[data-screen^="persons"], #app[data-screen^="summary"]').waitFor();
    if ((await page.locator('#app').getAttribute('data-screen'))!.startsWith('persons')) {
      await shot(page, `${base}-4-persons`);
      await event(d, 'CONFIRM');
    }
    await on('summary');
    await shot(page, `${base}-5-summary`);
    // A visit of several services (issue 18 item 8): a second service added on the summary.
    await page.locator('.add-service-toggle').click();
    await page.locator('.add-service-choices button[data-service="cnie"]').click();
    await page.locator('.fees tbody tr[data-service="cnie"]').waitFor();
    await shot(page, `${base}-6-summary-two-services`);
    // Paying (the card terminal pictured) and the ticket; the simulated terminal may approve before the first picture.
    const pay = page.getByRole('button', { name: visitor(lang).confirmAndPay! });
    await page.waitForFunction(() => !document.querySelector('button[data-blocked]'));
    await pay.click();
    await page.locator('#app[data-screen^="paying"], #app[data-screen^="done"]').waitFor();
    if ((await page.locator('#app').getAttribute('data-screen'))!.startsWith('paying')) await shot(page, `${base}-7-paying`);
    await on('done');
    await shot(page, `${base}-8-done`);
  } finally {
    await context.close();
    await toStart(d);
  }
}

async function staffPage(
  browser: Browser,
  d: RunningDaemon,
  path: string,
  file: string,
  ready: string,
  signIn?: { label: string; pin: string; button: string },
) {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  try {
    await page.goto(`${d.url}${path}`);
    if (signIn) {
      await page.getByLabel(signIn.label).fill(signIn.pin);
      await page.getByRole('button', { name: signIn.button }).click();
    }
    await page.locator(ready).first().waitFor();
    // Staff pages scroll: the whole page.
    await shot(page, file, true);
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const t = tempDir('screenshots-');
  // A kiosk model whose devices are placed, so the pictures show their arrows (config model.devices).
  const d = await startTestDaemon(t.dir, { model: { name: 'screenshots', devices: { scanner: 'below', terminal: 'right', printer: 'below' } } });
  const browser = await launchChromium();
  try {
    for (const s of SCREENS) for (const lang of LANGS) await kiosk(browser, d, lang, s);
    // A few tickets and a call, so the board and the floor show something.
    for (const service of ['passport', 'passport', 'registration', 'cnie']) d.ctx.queue.issueTicket({ service, kind: 'walk-in', persons: 1, lang: 'fr' });
    const counter = d.ctx.queue.counters.find((c) => c.services.includes('passport'))!;
    d.ctx.queue.callNext(counter.id, { id: 'screenshots' });
    await staffPage(browser, d, '/board', 'board-landscape', '#counters li');
    await staffPage(browser, d, '/supervisor', 'supervisor-landscape-fr', '#appointments h2', {
      label: 'Code PIN superviseur',
      pin: '3333',
      button: 'Se connecter',
    });
  } finally {
    await browser.close();
    await d.close();
    t.cleanup();
  }
  console.log(`${written.length} screenshots in ${OUT}:`);
  for (const f of written) console.log(`  ${f}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
