// Error screens a visitor can act on (issue 19, item 5), in Chromium against the real daemon, a ZVT terminal over a
// pty and a serial scanner: the ways on that the text names are buttons (take a walk-in ticket, scan again), the
// screen shows how long before it returns to the start, a web address scanned is "not a consulate appointment", and a
// payment nobody refused is not titled "declined".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startCheckinRig, type CheckinRig } from '../checkin/rig';
import { backToAttract, onScreen, openKiosk } from '../checkin/page';
import { kioskWords } from '../../renderer/kiosk/words';
import { codeFromTokenId } from '../../domain/appointment/typed-code';

let rig: CheckinRig;
let browser: Browser;
const fr = kioskWords('fr');

beforeAll(async () => {
  rig = await startCheckinRig({ timing: { pinDelayMs: 300, pinStepMs: 100 } });
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await rig?.close();
});

async function startVisit(page: Page): Promise<void> {
  await backToAttract(rig.url, (cmd) => rig.daemon.ctx.checkin.send(cmd));
  await onScreen(page, 'attract');
  await page.locator('button[data-lang="fr"]').click();
  await onScreen(page, 'identify.scan');
}

describe('error screens in French', () => {
  it('a scanned web address is not a consulate appointment: scan again or OK, with a countdown', async () => {
    const { page, close } = await openKiosk(browser, rig.url);
    try {
      await startVisit(page);
      await rig.scan('https://rdv.example.org/booking?id=4411');
      await onScreen(page, 'error');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(fr.problems['appointment-malformed']!.what);
      expect(await page.getByRole('button', { name: fr.retry }).count()).toBe(1);
      expect(await page.getByRole('button', { name: fr.walkInTicket }).count()).toBe(0);
      await expect.poll(() => page.locator('.countdown').textContent()).toMatch(new RegExp(`^\\d+ ${fr.secondsLeft}$`));
      await page.getByRole('button', { name: fr.retry }).click();
      await onScreen(page, 'identify.scan');
    } finally {
      await close();
    }
  });

  it('a code that matches no appointment today offers the walk-in ticket it speaks of', async () => {
    const { page, close } = await openKiosk(browser, rig.url);
    try {
      await startVisit(page);
      await rig.scan(codeFromTokenId(Uint8Array.from([0xde, 0xad, 0xbe, 0xef, 0x42])));
      await onScreen(page, 'error');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(fr.problems['appointment-not-found']!.what);
      await page.getByRole('button', { name: fr.walkInTicket }).click();
      await onScreen(page, 'identify.walkIn');
    } finally {
      await close();
    }
  });

  it('titles an abandoned payment "not completed" and a refused card "declined"', async () => {
    const { page, close } = await openKiosk(browser, rig.url);
    try {
      for (const [scenario, title] of [
        ['abandon', fr.paymentNotDoneTitle],
        ['decline', fr.declinedTitle],
      ] as const) {
        expect(rig.terminal.setScenario(scenario)).toEqual({ ok: true });
        await startVisit(page);
        await page.getByRole('button', { name: fr.walkIn }).click();
        await onScreen(page, 'identify.walkIn');
        await page.getByRole('button', { name: 'Passeport', exact: true }).click();
        await onScreen(page, 'summary');
        await page.getByRole('button', { name: fr.confirmAndPay }).click();
        await onScreen(page, 'paymentFailed', 30_000);
        expect(await page.getByRole('heading', { level: 1 }).textContent(), scenario).toBe(title);
      }
    } finally {
      rig.terminal.setScenario('approve');
      await close();
    }
  }, 90_000);
});
