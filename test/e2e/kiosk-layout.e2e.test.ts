// The kiosk's layout aids (issue 19 item 13) in Chromium against the real daemon, by accessible names: the step
// indicator marks the current step on every screen of a walk-in visit (and runs right to left in Arabic), each walk-in
// service tile carries its fee, the device to use is pictured with its alt text (the QR scanner, the card terminal
// while paying), and the pages write in the Noto faces served from the built assets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startCheckinRig, type CheckinRig } from '../checkin/rig';
import { axeViolations, backToAttract, onScreen, openKiosk } from '../checkin/page';
import { kioskWords, type KioskWords } from '../../renderer/kiosk/words';

let rig: CheckinRig;
let browser: Browser;

beforeAll(async () => {
  // A PIN that takes long enough to look at the paying screen.
  rig = await startCheckinRig({ timing: { pinDelayMs: 4000, pinStepMs: 1000 } });
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await rig?.close();
});

const send = (cmd: { type: 'ACKNOWLEDGE' | 'CANCEL' }) => rig.daemon.ctx.checkin.send(cmd);
const until = <T>(fn: () => Promise<T> | T, timeout = 15_000) => expect.poll(fn, { timeout, interval: 100 });

/** The label of the step the indicator marks as current (aria-current="step"), found by the indicator's name. */
const currentStep = (page: Page, w: KioskWords) =>
  page.getByRole('navigation', { name: w.stepsLabel }).locator('[aria-current="step"]').textContent({ timeout: 5_000 });

/** The font families the page has loaded (FontFace status "loaded"). */
const loadedFonts = (page: Page) =>
  page.evaluate(async () => {
    await document.fonts.ready;
    return [...new Set([...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family.replace(/["']/g, '')))].sort();
  });

describe('the kiosk layout aids', () => {
  it('a paid walk-in visit in French: the current step on each screen, the fees on the tiles, the pictured devices, the Noto faces', async () => {
    await backToAttract(rig.url, send);
    rig.terminal.setScenario('pin-delay');
    const { page, errors, close } = await openKiosk(browser, rig.url);
    const fr = kioskWords('fr');
    try {
      await page.locator('button[data-lang="fr"]').click();
      await onScreen(page, 'identify.scan');
      expect(await currentStep(page, fr)).toContain(fr.steps.identify);
      await page.getByRole('img', { name: fr.scannerPicture }).waitFor();

      await page.getByRole('button', { name: fr.walkIn }).click();
      await onScreen(page, 'identify.walkIn');
      expect(await currentStep(page, fr)).toContain(fr.steps.identify);
      // The tile keeps the service's name; its fee is on it, as the summary writes it, and is its description.
      const passport = page.getByRole('button', { name: 'Passeport', exact: true });
      await until(() => passport.locator('.fee').textContent()).toMatch(/^79,98\s€$/);
      const described = await passport.evaluate((b) => document.getElementById(b.getAttribute('aria-describedby') ?? '')?.textContent);
      expect(described).toMatch(/^79,98\s€$/);
      expect(await page.getByRole('button', { name: 'Renseignements', exact: true }).locator('.fee').textContent()).toBe(fr.free);
      expect(await axeViolations(page)).toEqual([]);

      await passport.click();
      await onScreen(page, 'summary');
      expect(await currentStep(page, fr)).toContain(fr.steps.summary);
      expect(await page.getByRole('table', { name: fr.summaryTitle }).locator('[data-total]').textContent()).toMatch(/^79,98\s€$/);
      await until(() => page.getByRole('button', { name: fr.confirmAndPay }).isEnabled()).toBe(true);
      await page.getByRole('button', { name: fr.confirmAndPay }).click();

      await page.locator('[data-prompt="enter-pin"]').waitFor({ timeout: 15_000 });
      expect(await currentStep(page, fr)).toContain(fr.steps.payment);
      expect(await page.getByRole('img', { name: fr.terminalPicture }).isVisible()).toBe(true);
      expect(await axeViolations(page)).toEqual([]);

      await onScreen(page, 'done', 30_000);
      expect(await currentStep(page, fr)).toContain(fr.steps.ticket);
      // The consulate's Arabic name was on the start screen: both faces were needed, and came from the built assets.
      expect(await loadedFonts(page)).toEqual(expect.arrayContaining(['Noto Sans', 'Noto Sans Arabic']));
      const fontUrls = await page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .map((e) => e.name)
          .filter((n) => /\.woff2?$/.test(n)),
      );
      expect(fontUrls.length).toBeGreaterThan(0);
      for (const u of fontUrls) expect(u.startsWith(`${rig.url}/assets/noto-sans`)).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 90_000);

  it('in Arabic the steps run right to left, the language step marked first, and a free visit has no payment step', async () => {
    await backToAttract(rig.url, send);
    const { page, errors, close } = await openKiosk(browser, rig.url);
    const ar = kioskWords('ar');
    try {
      await onScreen(page, 'attract');
      await page.locator('button[data-lang="ar"]').click();
      await onScreen(page, 'identify.scan');
      await page.getByRole('img', { name: ar.scannerPicture }).waitFor();
      const steps = page.getByRole('navigation', { name: ar.stepsLabel }).getByRole('listitem');
      expect(await steps.allTextContents()).toEqual([
        expect.stringContaining(ar.steps.language),
        expect.stringContaining(ar.steps.identify),
        expect.stringContaining(ar.steps.summary),
        expect.stringContaining(ar.steps.payment),
        expect.stringContaining(ar.steps.ticket),
      ]);
      // Right to left: the first step is drawn at the right, each next one further left.
      const xs = await steps.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().x));
      expect(xs).toEqual([...xs].sort((a, b) => b - a));
      expect(xs[0]).toBeGreaterThan(xs[4]!);
      expect(await currentStep(page, ar)).toContain(ar.steps.identify);
      expect(await loadedFonts(page)).toEqual(expect.arrayContaining(['Noto Sans Arabic']));

      await page.getByRole('button', { name: ar.walkIn }).click();
      await onScreen(page, 'identify.walkIn');
      const info = page.getByRole('button', { name: 'استعلامات', exact: true });
      await until(() => info.locator('.fee').textContent()).toBe(ar.free);
      await info.click();
      await onScreen(page, 'summary');
      expect(await currentStep(page, ar)).toContain(ar.steps.summary);
      // Nothing to pay: the payment step is not on the way.
      expect(await steps.allTextContents()).toEqual([
        expect.stringContaining(ar.steps.language),
        expect.stringContaining(ar.steps.identify),
        expect.stringContaining(ar.steps.summary),
        expect.stringContaining(ar.steps.ticket),
      ]);
      expect(await axeViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 90_000);
});
