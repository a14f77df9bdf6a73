// Back to the choice of language (issue 19, item 6): whoever comes next reads the kiosk's first language in the
// toolbar and on the page, not the language the previous person chose before pressing Back. Real daemon, Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startCheckinRig, type CheckinRig } from '../checkin/rig';
import { backToAttract, onScreen, openKiosk } from '../checkin/page';
import { kioskWords } from '../../renderer/kiosk/words';

let rig: CheckinRig;
let browser: Browser;

beforeAll(async () => {
  rig = await startCheckinRig();
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await rig?.close();
});

describe('Back to the choice of language', () => {
  it('shows the first language again, toolbar included', async () => {
    await backToAttract(rig.url, (cmd) => rig.daemon.ctx.checkin.send(cmd));
    const { page, errors, close } = await openKiosk(browser, rig.url);
    try {
      const first = rig.daemon.ctx.config.languages[0]!;
      const es = kioskWords('es');
      await onScreen(page, 'attract');
      await page.locator('button[data-lang="es"]').click();
      await onScreen(page, 'identify.scan');
      expect(await page.getByRole('button', { name: es.callStaff }).count()).toBe(1);
      await page.getByRole('button', { name: es.back }).click();
      await onScreen(page, 'language');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(first);
      expect(await page.getByRole('button', { name: kioskWords(first).callStaff }).count()).toBe(1);
      expect(await page.getByRole('button', { name: es.callStaff }).count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
