// axe-core on every visitor screen, in every shipped visitor language (issue 19, "Done when"): one daemon with simulated
// devices (ZVT terminal over a pty, virtual printer over TCP, serial scanner) offering all of ar, fr, en, es, it, nl and
// de, one Chromium. Each language walks the attract, scan, typed-code, walk-in and summary screens, the idle warning,
// the error screens (an unknown code, a printer not ready before paying), a declined card, paying with its countdown,
// done, the printer waiting for paper, a ticket that did not print, and the out-of-service notice (the page's link to
// the daemon cut, then restored). Every screen is checked in the visitor's language (html lang and dir).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, WebSocketRoute } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startCheckinRig, type CheckinRig } from '../checkin/rig';
import { axeViolations, backToAttract, onScreen, view } from '../checkin/page';
import { kioskWords, VISITOR_LANGUAGES } from '../../renderer/kiosk/words';
import { isRightToLeft } from '../../shared/languages';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/daemon';

// The shipped visitor languages are the i18n/<lang>/visitor.json files: a new one joins this walk by itself.
const SHIPPED = readdirSync(join(ROOT, 'i18n'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && readdirSync(join(ROOT, 'i18n', d.name)).includes('visitor.json'))
  .map((d) => d.name)
  .sort();
// Long enough to look at the idle warning on the summary, short enough not to slow the walk much.
const IDLE_TIMEOUT = 6000;

let rig: CheckinRig;
let browser: Browser;

beforeAll(async () => {
  rig = await startCheckinRig({
    // A PIN that takes long enough for axe to look at the paying screen.
    timing: { pinDelayMs: 3000, pinStepMs: 500 },
    languages: SHIPPED,
    checkin: { timeouts: { IDLE_TIMEOUT } },
  });
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await rig?.close();
});

const send = (cmd: { type: 'ACKNOWLEDGE' | 'CANCEL' }) => rig.daemon.ctx.checkin.send(cmd);

/**
 * The kiosk page in a fresh context whose link to the daemon the test can cut: the WebSocket goes through a route that
 * the test closes, and while cut, the page's reads of the daemon fail as they do when it is down.
 */
async function openCuttableKiosk(): Promise<{ page: Page; errors: string[]; cut(): Promise<void>; restore(): Promise<void>; close(): Promise<void> }> {
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1080, height: 1920 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  let down = false;
  let current: WebSocketRoute | null = null;
  await page.routeWebSocket(/\/api\/ws/, (ws) => {
    if (down) return void ws.close();
    current = ws;
    ws.connectToServer();
  });
  await page.route(/\/api\/(kiosk|checkin)(\?|$)/, (route) => (down ? route.abort('connectionrefused') : route.fallback()));
  await page.goto(`${rig.url}/`);
  await page.locator('#app[data-screen]').waitFor();
  return {
    page,
    errors,
    cut: async () => {
      down = true;
      await current?.close();
    },
    restore: async () => {
      down = false;
    },
    close: () => context.close(),
  };
}

describe('axe-core on every visitor screen in every shipped language', () => {
  it('ships the seven visitor catalogues, all offered by this kiosk', () => {
    expect(SHIPPED).toEqual(['ar', 'de', 'en', 'es', 'fr', 'it', 'nl']);
    expect([...VISITOR_LANGUAGES].sort()).toEqual(SHIPPED);
  });

  for (const lang of SHIPPED) {
    it(`in ${lang}: no violation on any screen`, async () => {
      const w = kioskWords(lang);
      const found: Record<string, string[]> = {};
      const checked: string[] = [];
      const { page, errors, cut, restore, close } = await openCuttableKiosk();
      const check = async (name: string) => {
        if (name !== 'attract')
          expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]), name).toEqual([
            lang,
            isRightToLeft(lang) ? 'rtl' : 'ltr',
          ]);
        const v = await axeViolations(page);
        checked.push(name);
        if (v.length) found[name] = v;
      };
      const start = async () => {
        await backToAttract(rig.url, send);
        await onScreen(page, 'attract');
        await page.locator(`button[data-lang="${lang}"]`).click();
        await onScreen(page, 'identify.scan');
      };
      const toSummary = async () => {
        await start();
        await page.getByRole('button', { name: w.walkIn }).click();
        await onScreen(page, 'identify.walkIn');
        await page.locator('button[data-service="passport"]').click();
        await onScreen(page, 'summary');
        await page.locator('p.wait').waitFor();
      };
      const pay = async () => {
        const button = page.getByRole('button', { name: w.confirmAndPay });
        await expect.poll(() => button.isEnabled(), { timeout: 15_000 }).toBe(true);
        await button.click();
      };
      try {
        // Attract, scan, and the out-of-service notice in the visitor's language.
        await backToAttract(rig.url, send);
        await onScreen(page, 'attract');
        await check('attract');
        await start();
        await check('scan');
        await cut();
        const notice = page.getByRole('alertdialog', { name: w.outOfServiceTitle });
        await notice.waitFor();
        await check('outOfService');
        await restore();
        await notice.waitFor({ state: 'hidden', timeout: 30_000 });

        // A typed code that matches nothing: the error screen (with its countdown).
        await page.getByRole('button', { name: w.typeCode }).click();
        await onScreen(page, 'identify.typeCode');
        await check('typeCode');
        await page.locator('#code').fill('ABC-DEF-GHJ');
        await page.getByRole('button', { name: w.submit }).click();
        await onScreen(page, 'error');
        expect((await view(rig.url)).visit.problem?.code).toMatch(/^appointment-/);
        await page.locator('#app .countdown').waitFor();
        await check('error (appointment)');
        await page.getByRole('button', { name: w.ok }).click();
        await onScreen(page, 'attract');

        // Walk-in tiles, summary, the idle warning over it.
        await start();
        await page.getByRole('button', { name: w.walkIn }).click();
        await onScreen(page, 'identify.walkIn');
        await page.locator('button[data-service="passport"] .fee').waitFor();
        await check('walkIn');
        await page.locator('button[data-service="passport"]').click();
        await onScreen(page, 'summary');
        await page.locator('p.wait').waitFor();
        await check('summary');
        const overlay = page.getByRole('alertdialog', { name: w.idleTitle });
        await overlay.waitFor({ timeout: IDLE_TIMEOUT + 10_000 });
        await check('idleWarning');
        await overlay.getByRole('button', { name: w.continue }).click();
        await overlay.waitFor({ state: 'hidden' });

        // The printer out of paper before any payment: the error screen says no payment was taken.
        rig.printer.setFault('paper-out');
        try {
          await pay();
          await onScreen(page, 'error');
          expect((await view(rig.url)).visit.problem?.code).toBe('printer-unavailable');
          await check('error (printer)');
        } finally {
          rig.printer.clearFaults();
        }
        await page.getByRole('button', { name: w.ok }).click();
        await onScreen(page, 'attract');

        // A declined card, then paying (the terminal's prompt, its picture and the countdown), then done.
        await toSummary();
        rig.terminal.setScenario('decline');
        await pay();
        await onScreen(page, 'paymentFailed', 20_000);
        await check('declined');
        rig.terminal.setScenario('pin-delay');
        await page.getByRole('button', { name: w.tryAnotherCard }).click();
        await page.locator('[data-prompt="enter-pin"]').waitFor({ timeout: 15_000 });
        await page.locator('#app .countdown').waitFor();
        await check('paying');
        await onScreen(page, 'done', 20_000);
        await check('done');
        await page.getByRole('button', { name: w.ok }).click();
        await onScreen(page, 'attract');

        // Paper runs out while the visitor types the PIN: the ticket waits for the printer, then prints.
        await toSummary();
        await pay();
        await page.locator('[data-prompt="enter-pin"]').waitFor({ timeout: 15_000 });
        rig.printer.setFault('paper-out');
        try {
          await page.getByRole('heading', { name: w.printerPaperOutTitle }).waitFor({ timeout: 20_000 });
          await page.locator('#app img.qr').waitFor();
          await check('printerWaiting');
        } finally {
          rig.printer.clearFaults();
        }
        await onScreen(page, 'done', 20_000);
        await page.getByRole('button', { name: w.ok }).click();
        await onScreen(page, 'attract');

        // The printer fails after the payment: the paid ticket on screen, until the visitor says they noted it.
        await toSummary();
        await pay();
        await page.locator('[data-prompt="enter-pin"]').waitFor({ timeout: 15_000 });
        rig.printer.setFault('error');
        try {
          await onScreen(page, 'printFailed', 20_000);
          await page.locator('#app img.qr').waitFor();
          await check('printFailed');
        } finally {
          rig.printer.clearFaults();
        }
        await page.getByRole('button', { name: w.notedNumber }).click();
        await onScreen(page, 'attract');

        expect(checked).toEqual([
          'attract',
          'scan',
          'outOfService',
          'typeCode',
          'error (appointment)',
          'walkIn',
          'summary',
          'idleWarning',
          'error (printer)',
          'declined',
          'paying',
          'done',
          'printerWaiting',
          'printFailed',
        ]);
        expect(found).toEqual({});
        expect(errors).toEqual([]);
      } catch (e) {
        throw new Error(`${String(e)}\nscreens: ${rig.trail.slice(-12).join('\n')}\nviolations so far: ${JSON.stringify(found, null, 1)}`, {
          cause: e,
        });
      } finally {
        rig.terminal.setScenario('approve');
        await close();
        await backToAttract(rig.url, send);
      }
    }, 180_000);
  }
});
