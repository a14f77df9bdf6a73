// The host country's language (issue 19, item 8): a kiosk whose config names Italian offers it beside Arabic and
// French, and a visitor who picks it reads Italian on every step, the connection pill included, with no code for
// Italian anywhere: only i18n/it/visitor.json. In Chromium against the real daemon with the sample's simulated devices.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startTestDaemon } from '../support/daemon';
import { tempDir } from '../support/tmp';
import { onScreen, openKiosk } from '../checkin/page';
import { kioskWords } from '../../renderer/kiosk/words';
import type { RunningDaemon } from '../../server/daemon';

let daemon: RunningDaemon;
let browser: Browser;
let cleanup: () => void;

beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  daemon = await startTestDaemon(t.dir, { languages: ['it', 'ar', 'fr'] });
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await daemon?.close();
  cleanup?.();
});

describe('a kiosk configured with Italian', () => {
  it('offers Italian first and shows the visit in Italian', async () => {
    const it_ = kioskWords('it');
    // The words come from the Italian catalogue, not from English or French.
    expect(it_.scanTitle).toBe('Scansioni il codice QR del suo appuntamento');
    const { page, errors, close } = await openKiosk(browser, daemon.url);
    try {
      await onScreen(page, 'attract');
      expect(await page.locator('.languages button').evaluateAll((b) => b.map((x) => x.getAttribute('data-lang')))).toEqual(['it', 'ar', 'fr']);
      await page.locator('span[lang="it"]', { hasText: it_.welcome }).first().waitFor();
      await page.getByRole('button', { name: 'Italiano' }).click();
      await onScreen(page, 'identify.scan');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('it');
      await page.getByRole('heading', { level: 1, name: it_.scanTitle }).waitFor();
      await page.locator('.link[data-state="online"]', { hasText: it_.link.online }).waitFor();
      await page.getByRole('button', { name: it_.walkIn }).click();
      await onScreen(page, 'identify.walkIn');
      await page.getByRole('heading', { level: 1, name: it_.walkInTitle }).waitFor();
      await page.getByRole('button', { name: it_.back }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
