// The technician's page in French and Arabic (issue 19, item 9), in Chromium against the real daemon: ?lang=ar opens
// it in Arabic, right to left, its controls named in Arabic; the language picker switches it (the technician stays
// signed in) and is remembered on this browser; without either it is English, as the other e2e tests read it.
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
  const t = tempDir();
  cleanup = t.cleanup;
  daemon = await startTestDaemon(t.dir);
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await daemon?.close();
  cleanup?.();
});

describe('diagnostics page languages', () => {
  it('Arabic from ?lang=ar, right to left; French from the picker, kept signed in and remembered; English by default', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const warnings: string[] = [];
    page.on('console', (m) => {
      if (/^i18n:/.test(m.text())) warnings.push(m.text());
    });
    try {
      await page.goto(`${daemon.url}/diagnostics?lang=ar`);
      expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir, document.title])).toEqual(['ar', 'rtl', 'التشخيص']);
      await page.getByLabel('الرمز السري للتقني').fill('4444');
      await page.getByRole('button', { name: 'دخول', exact: true }).click();
      await page.getByRole('heading', { name: 'المحاكيات والأعطال' }).waitFor();
      await page.getByRole('button', { name: 'إحداث العطل paper-out في printer' }).waitFor();
      await page.getByRole('table', { name: 'الاختبارات الذاتية' }).waitFor();
      // A device's light in Arabic words.
      await page.getByRole('img', { name: 'printer: سليم' }).waitFor();

      // The picker: French, the page reloads in it and the technician is still signed in.
      await page.getByLabel('اللغة').selectOption('fr');
      await page.getByRole('heading', { name: 'Simulateurs et pannes' }).waitFor();
      expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['fr', 'ltr']);
      await page.getByRole('button', { name: 'Impression de test' }).click();
      await expect.poll(() => page.getByRole('list', { name: 'Pages imprimées' }).count(), { timeout: 20_000 }).toBe(1);

      // Remembered on this browser: no ?lang= and still French.
      await page.goto(`${daemon.url}/diagnostics`);
      await page.getByRole('heading', { name: 'Simulateurs et pannes' }).waitFor();
      expect(warnings).toEqual([]);
    } finally {
      await context.close();
    }
    // A new browser profile, no ?lang=: English, as before the catalogues.
    const fresh = await browser.newPage();
    try {
      await fresh.goto(`${daemon.url}/diagnostics`);
      await fresh.getByLabel('Technician PIN').waitFor();
      expect(await fresh.evaluate(() => [document.documentElement.lang, document.documentElement.dir, document.title])).toEqual(['en', 'ltr', 'Diagnostics']);
    } finally {
      await fresh.close();
    }
  }, 90_000);
});
