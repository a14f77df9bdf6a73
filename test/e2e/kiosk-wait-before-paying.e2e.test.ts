// The wait told before paying (issue 18, item 2): the summary says how many people wait for the chosen service and
// about how long, in the visitor's language, from the same count and estimate the printed ticket and the board give.
// Real daemon (its queue in the journal), real Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startCheckinRig, type CheckinRig } from '../checkin/rig';
import { backToAttract, onScreen, openKiosk } from '../checkin/page';
import { kioskWords, waitAheadText } from '../../renderer/kiosk/words';

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

/** Walk-in tickets already waiting for `service`, issued at the counter as reception would. */
function waiting(service: string, n: number): void {
  for (let i = 0; i < n; i++) {
    const r = rig.daemon.ctx.queue.issueTicket({ service, kind: 'walk-in', persons: 1, lang: 'fr' }, { id: 'reception' });
    if (!r.ok) throw new Error(`could not issue a waiting ticket: ${r.detail}`);
  }
}

describe('the wait before paying', () => {
  it('tells a French walk-in the people ahead and the estimate, and the ticket keeps the same estimate', async () => {
    await backToAttract(rig.url, (cmd) => rig.daemon.ctx.checkin.send(cmd));
    waiting('registration', 3);
    const told = rig.daemon.ctx.queue.waitFor('registration')!;
    expect(told.ahead).toBe(3);
    const { page, errors, close } = await openKiosk(browser, rig.url);
    try {
      const fr = kioskWords('fr');
      await page.locator('button[data-lang="fr"]').click();
      await page.getByRole('button', { name: fr.walkIn }).click();
      await page.locator('button[data-service="registration"]').click();
      await onScreen(page, 'summary');
      const line = page.getByRole('status').filter({ hasText: 'personnes attendent avant vous' });
      await line.waitFor();
      const m = Math.max(1, told.estimatedWaitMinutes);
      expect(await line.innerText()).toBe(`3 personnes attendent avant vous\nAttente estimée : environ ${m} ${m === 1 ? 'minute' : 'minutes'}`);
      await page.getByRole('button', { name: fr.confirmAndPay }).click();
      await onScreen(page, 'done', 20_000);
      expect(rig.daemon.ctx.checkin.view().visit.ticket?.estimatedWaitMinutes).toBe(told.estimatedWaitMinutes);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('speaks Arabic plurals, and says when no one is waiting', async () => {
    await backToAttract(rig.url, (cmd) => rig.daemon.ctx.checkin.send(cmd));
    const { page, errors, close } = await openKiosk(browser, rig.url);
    try {
      const ar = kioskWords('ar');
      await page.locator('button[data-lang="ar"]').click();
      await page.getByRole('button', { name: ar.walkIn }).click();
      // Four are waiting for registration now (three, and the first test's visitor): Arabic's "few" form.
      await page.locator('button[data-service="registration"]').click();
      await onScreen(page, 'summary');
      await page.getByRole('status').filter({ hasText: 'أشخاص ينتظرون قبلك' }).waitFor();
      expect(await page.locator('p.wait').getAttribute('data-ahead')).toBe('4');
      expect(await page.locator('p.wait').innerText()).toContain('4 أشخاص ينتظرون قبلك');
      // Back to the choice of service: nobody waits for a passport.
      await page.getByRole('button', { name: ar.back }).click();
      await onScreen(page, 'identify.walkIn');
      await page.locator('button[data-service="passport"]').click();
      await onScreen(page, 'summary');
      await page
        .getByRole('status')
        .filter({ hasText: waitAheadText(ar, 'ar', 0) })
        .waitFor();
      expect(await page.locator('p.wait').innerText()).toBe(waitAheadText(ar, 'ar', 0));
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
