// Terminal readiness before the visitor commits (issue 17 part 4), in Chromium: the kiosk page against the real
// daemon, a ZVT terminal simulator across a real pty pair. The terminal is switched off while a visitor walks in:
// the summary shows why Pay is unavailable, in the visitor's language, with Pay disabled; switched on again, Pay
// becomes enabled on the same page without a reload, and the payment goes through.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startCheckinRig, type CheckinRig } from '../checkin/rig';
import { backToAttract, onScreen, openKiosk, view } from '../checkin/page';

let rig: CheckinRig;
let browser: Browser;

beforeAll(async () => {
  rig = await startCheckinRig({ checkin: { terminalRecheckMs: 500 } });
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await rig?.close();
});

async function terminalReady(want: boolean): Promise<void> {
  await expect.poll(async () => (await view(rig.url)).terminal.ready, { timeout: 20_000 }).toBe(want);
}

describe('Pay only when the terminal answered its last status check', () => {
  for (const [lang, why, pay] of [
    ['es', 'El terminal de pago no responde en este momento', 'Confirmar y pagar'],
    ['fr', 'Le terminal de paiement ne répond pas pour le moment', 'Confirmer et payer'],
  ] as const) {
    it(`(${lang}) terminal off: Pay disabled with the reason; terminal on: Pay enabled without reload`, async () => {
      await terminalReady(true);
      const before = rig.payments().length;
      await rig.powerOff();
      const { page, errors, close } = await openKiosk(browser, rig.url);
      try {
        await page.locator(`button[data-lang="${lang}"]`).click();
        await onScreen(page, 'identify.scan');
        await page.locator('button', { hasText: lang === 'fr' ? 'Sans rendez-vous' : 'Sin cita' }).click();
        await page.locator('button[data-service="cnie"]').click();
        await onScreen(page, 'summary');

        const notice = page.locator('#terminal-not-ready');
        await expect.poll(() => notice.textContent(), { timeout: 20_000 }).toContain(why);
        const payButton = page.locator('.actions button.primary');
        expect(await payButton.isDisabled()).toBe(true);
        expect(await payButton.getAttribute('aria-describedby')).toBe('terminal-not-ready');
        expect(await payButton.getAttribute('data-blocked')).toBe('offline');
        // Walking away is offered next to waiting.
        expect(await page.locator('.actions button').count()).toBe(3);
        // A click on the disabled button sends nothing: nothing is journaled.
        await payButton.click({ force: true });
        expect(rig.payments().length).toBe(before);

        rig.powerOn();
        // Same page, no reload: the daemon re-checks the terminal and pushes the view.
        await expect.poll(() => payButton.isDisabled(), { timeout: 20_000 }).toBe(false);
        expect(await notice.count()).toBe(0);
        expect(await payButton.textContent()).toBe(pay);
        await payButton.click();
        await onScreen(page, 'done', 30_000);
        expect(
          rig
            .payments()
            .slice(before)
            .map((p) => p.state),
        ).toEqual(['approved']);
        expect(errors).toEqual([]);
      } finally {
        await close();
        await backToAttract(rig.url, (cmd) => rig.daemon.ctx.checkin.send(cmd));
      }
    }, 90_000);
  }
});
