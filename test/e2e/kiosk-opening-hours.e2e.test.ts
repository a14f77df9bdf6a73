// Opening hours (issue 18, item 1): on a day the post is closed, a walk-in is told so before anything is paid, in the
// visitor's language, with when walk-in tickets are issued again. Real daemon and journal, real Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startCheckinRig, type CheckinRig } from '../checkin/rig';
import { backToAttract, onScreen, openKiosk } from '../checkin/page';
import { kioskWords } from '../../renderer/kiosk/words';
import { businessDay } from '../../domain/queue/business-day';
import type { OpeningHoursConfig } from '../../server/checkin/config';

let rig: CheckinRig;
let browser: Browser;
const TZ = 'Europe/Paris';
const today = businessDay(new Date(), TZ);
const allDay = ['00:00-23:59'];
const hours: OpeningHoursConfig = {
  weekly: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
  waitMarginMinutes: 0,
  closedDays: [{ date: today, name: 'Test holiday' }],
  services: {},
};

beforeAll(async () => {
  rig = await startCheckinRig({ checkin: { hours } });
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await rig?.close();
});

describe('opening hours at the kiosk', () => {
  it('tells a walk-in on a closed day that tickets resume tomorrow, before any payment', async () => {
    expect(rig.daemon.ctx.config.consulate.timeZone).toBe(TZ);
    await backToAttract(rig.url, (cmd) => rig.daemon.ctx.checkin.send(cmd));
    const paymentsBefore = rig.payments().length;
    const ticketsBefore = rig.events('checkin.ticket-issued').length;
    const { page, errors, close } = await openKiosk(browser, rig.url);
    try {
      const fr = kioskWords('fr');
      await page.locator('button[data-lang="fr"]').click();
      await page.getByRole('button', { name: fr.walkIn }).click();
      await onScreen(page, 'identify.walkIn');
      // The tile says it before anyone touches it.
      const tile = page.locator('button[data-service="registration"]');
      await tile.locator('.closed-note').waitFor();
      expect(await tile.getAttribute('data-closed')).toBe('closed-day');
      expect(await tile.locator('.closed-note').innerText()).toMatch(/^Fermé · reprend le \S+ \d+ \S+ à 00:00$/);
      await tile.click();
      await onScreen(page, 'error');
      const text = await page.locator('main').innerText();
      expect(text).toContain('Le consulat est fermé aujourd’hui.');
      // Tomorrow at 00:00, in French: the weekday and date of the day after the closed one.
      const [y, m, d] = today.split('-').map(Number) as [number, number, number];
      const tomorrow = new Intl.DateTimeFormat('fr', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long' }).format(
        new Date(Date.UTC(y, m - 1, d + 1)),
      );
      expect(text).toContain(`Les tickets sans rendez-vous reprennent le ${tomorrow}`);
      expect(text).toContain('00:00');
      expect(rig.payments()).toHaveLength(paymentsBefore);
      expect(rig.events('checkin.ticket-issued')).toHaveLength(ticketsBefore);
      expect(rig.daemon.ctx.checkin.view().visit.problem?.code).toBe('walk-in-closed-day');
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('says it in Arabic too', async () => {
    await backToAttract(rig.url, (cmd) => rig.daemon.ctx.checkin.send(cmd));
    const { page, errors, close } = await openKiosk(browser, rig.url);
    try {
      const ar = kioskWords('ar');
      await page.locator('button[data-lang="ar"]').click();
      await page.getByRole('button', { name: ar.walkIn }).click();
      await page.locator('button[data-service="passport"]').click();
      await onScreen(page, 'error');
      const text = await page.locator('main').innerText();
      expect(text).toContain('القنصلية مغلقة اليوم.');
      expect(text).toContain('تستأنف التذاكر بدون موعد يوم');
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
