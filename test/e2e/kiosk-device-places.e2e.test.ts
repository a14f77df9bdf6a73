// Configurable device pictures (issue 19 item 13): the config says where this kiosk model's scanner, card terminal and
// printer are around the screen (model.devices), and the pictures point there, their alt texts saying it. Chromium
// against the real daemon with simulated devices: a model with the terminal on the left shows it on the left, in
// Arabic too (the glass's left, not mirrored); `kiosk config check` refuses a misspelt place or device.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startCheckinRig, type CheckinRig } from '../checkin/rig';
import { axeViolations, backToAttract, onScreen, openKiosk } from '../checkin/page';
import { runKiosk, sampleConfig, writeConfig } from '../support/daemon';
import { tempDir } from '../support/tmp';
import { kioskWords } from '../../renderer/kiosk/words';

let rig: CheckinRig;
let browser: Browser;

beforeAll(async () => {
  rig = await startCheckinRig({
    timing: { pinDelayMs: 4000, pinStepMs: 1000 },
    model: { name: 'Vendor K2', devices: { scanner: 'below', terminal: 'left', printer: 'right' } },
  });
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await rig?.close();
});

const send = (cmd: { type: 'ACKNOWLEDGE' | 'CANCEL' }) => rig.daemon.ctx.checkin.send(cmd);

/** The picture's box and its arrow's, found from the picture's accessible name. */
async function sides(picture: Locator): Promise<{ pic: DOMRect; arrow: DOMRect }> {
  return picture.evaluate((svg) => {
    const holder = svg.closest('.device-place')!;
    return {
      pic: holder.querySelector('.device-picture')!.getBoundingClientRect().toJSON() as DOMRect,
      arrow: holder.querySelector('.place-arrow')!.getBoundingClientRect().toJSON() as DOMRect,
    };
  });
}

describe('device pictures that follow the kiosk model', () => {
  it('in Arabic: the scanner below, the terminal on the glass’s left, the printer on its right, said in the alt texts', async () => {
    await backToAttract(rig.url, send);
    rig.terminal.setScenario('pin-delay');
    const ar = kioskWords('ar');
    const { page, errors, close } = await openKiosk(browser, rig.url);
    try {
      await page.locator('button[data-lang="ar"]').click();
      await onScreen(page, 'identify.scan');
      const scanner = page.getByRole('img', { name: `${ar.scannerPicture}. ${ar.devicePlace.below}`, exact: true });
      await scanner.waitFor();
      const s = await sides(scanner);
      expect(s.arrow.top).toBeGreaterThanOrEqual(s.pic.bottom);

      await page.getByRole('button', { name: ar.walkIn }).click();
      await page.locator('button[data-service="passport"]').click();
      await onScreen(page, 'summary');
      const pay = page.getByRole('button', { name: ar.confirmAndPay });
      await expect.poll(() => pay.isEnabled(), { timeout: 15_000 }).toBe(true);
      await pay.click();
      await page.locator('[data-prompt="enter-pin"]').waitFor({ timeout: 15_000 });
      const terminal = page.getByRole('img', { name: `${ar.terminalPicture}. ${ar.devicePlace.left}`, exact: true });
      expect(await terminal.isVisible()).toBe(true);
      // The glass's left in a right-to-left page: the arrow is left of the picture and points left.
      const t = await sides(terminal);
      expect(t.arrow.right).toBeLessThanOrEqual(t.pic.left);
      expect(await axeViolations(page)).toEqual([]);

      await onScreen(page, 'done', 20_000);
      const printer = page.getByRole('img', { name: `${ar.printerPicture}. ${ar.devicePlace.right}`, exact: true });
      expect(await printer.isVisible()).toBe(true);
      const p = await sides(printer);
      expect(p.arrow.left).toBeGreaterThanOrEqual(p.pic.right);
      expect(errors).toEqual([]);
    } finally {
      rig.terminal.setScenario('approve');
      await close();
      await backToAttract(rig.url, send);
    }
  }, 90_000);

  it('in French: the same places in French words', async () => {
    const fr = kioskWords('fr');
    const { page, close } = await openKiosk(browser, rig.url);
    try {
      await page.locator('button[data-lang="fr"]').click();
      await onScreen(page, 'identify.scan');
      await page.getByRole('img', { name: `${fr.scannerPicture}. ${fr.devicePlace.below}`, exact: true }).waitFor();
    } finally {
      await close();
      await backToAttract(rig.url, send);
    }
  });

  it('`kiosk config check` refuses a misspelt place or device, naming the field, and accepts a right one', async () => {
    const t = tempDir();
    try {
      const base = sampleConfig();
      const config = (devices: Record<string, string>) => ({ ...base, model: { name: 'Vendor K2', devices } });
      const typo = runKiosk(['config', 'check', writeConfig(t.dir, config({ terminal: 'lefft' }), 'typo.json')]);
      expect(await typo.exited).toBe(2);
      expect(typo.stderr()).toMatch(/model\.devices\.terminal: expected one of "left"\|"right"\|"above"\|"below"; got "lefft"/);
      const device = runKiosk(['config', 'check', writeConfig(t.dir, config({ scaner: 'left' }), 'device.json')]);
      expect(await device.exited).toBe(2);
      expect(device.stderr()).toMatch(/model\.devices\.scaner: unknown key/);
      const good = runKiosk(['config', 'check', writeConfig(t.dir, config({ terminal: 'left', printer: 'below' }), 'good.json')]);
      expect(await good.exited, good.stderr()).toBe(0);
    } finally {
      t.cleanup();
    }
  }, 60_000);
});
