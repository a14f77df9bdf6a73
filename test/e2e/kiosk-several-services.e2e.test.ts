// A visit of several services (issue 18 item 8) in Chromium against the real daemon, by accessible names: a walk-in
// visitor adds a second service on the kiosk's summary, sees each fee and the total, takes one back and adds it again,
// pays once (ZVT simulator on a pty); at the counter, finishing the first service sends the same number on to the
// second service's queue, where the same counter (it serves both) finds it waiting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startCheckinRig, type CheckinRig } from '../checkin/rig';
import { axeViolations, backToAttract, onScreen, openKiosk } from '../checkin/page';
import { fill, kioskWords } from '../../renderer/kiosk/words';

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

const until = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000, interval: 100 });

describe('a visit of several services', () => {
  it('a walk-in adds a service, pays the total once, and the counter routes the ticket to the next service', async () => {
    await backToAttract(rig.url, (cmd) => rig.daemon.ctx.checkin.send(cmd));
    const { page, errors, close } = await openKiosk(browser, rig.url);
    const staff = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const fr = kioskWords('fr');
      await page.locator('button[data-lang="fr"]').click();
      await page.getByRole('button', { name: fr.walkIn }).click();
      await page.getByRole('button', { name: 'Passeport', exact: true }).click();
      await onScreen(page, 'summary');
      const fees = page.getByRole('table', { name: fr.summaryTitle });
      const add = page.getByRole('group', { name: fr.addServiceTitle });
      await page.getByRole('button', { name: fr.addServiceTitle }).click();
      await add.getByRole('button', { name: fill(fr.addService, { service: 'Carte nationale (CNIE)' }) }).click();
      await until(() => fees.locator('tbody tr').count()).toBe(2);
      expect(await fees.locator('tbody tr').allTextContents()).toEqual([
        expect.stringContaining('Passeport'),
        expect.stringContaining('Carte nationale (CNIE)'),
      ]);
      expect(await fees.locator('[data-total]').textContent()).toMatch(/^89,75\s€$/);
      expect(await page.getByText(fr.routeNote).count()).toBe(1);
      // The choices opened, with the fee lines' remove buttons: no accessibility violation.
      await page.getByRole('button', { name: fr.addServiceTitle }).click();
      expect(await page.getByRole('button', { name: fr.addServiceTitle }).getAttribute('aria-expanded')).toBe('true');
      expect(await axeViolations(page)).toEqual([]);
      // Taken back, then added again: the total follows.
      await page.getByRole('button', { name: fill(fr.removeService, { service: 'Carte nationale (CNIE)' }) }).click();
      await until(() => fees.locator('tbody tr').count()).toBe(1);
      expect(await fees.locator('[data-total]').textContent()).toMatch(/^79,98\s€$/);
      await page.getByRole('button', { name: fr.addServiceTitle }).click();
      await add.getByRole('button', { name: fill(fr.addService, { service: 'Carte nationale (CNIE)' }) }).click();
      await until(() => fees.locator('tbody tr').count()).toBe(2);

      await page.getByRole('button', { name: fr.confirmAndPay }).click();
      await onScreen(page, 'done', 40_000);
      expect(rig.payments()).toEqual([expect.objectContaining({ state: 'approved', amount_minor: 8975 })]);
      const ticket = rig.daemon.ctx.checkin.view().visit.ticket!;
      expect(errors).toEqual([]);

      // Counter 2 serves passports and CNIE: it calls the visitor for the passport, finishes, and finds the same number
      // waiting again, now for the CNIE.
      const counter = await staff.newPage();
      await counter.goto(`${rig.url}/counter`);
      await counter.selectOption('#login-counter', '2');
      await counter.fill('#login-pin', '1111');
      await counter.getByRole('button', { name: 'Se connecter' }).click();
      await counter.getByRole('button', { name: 'Appeler le suivant' }).click();
      await until(() => counter.locator('#current-state').count()).toBe(1);
      expect(rig.daemon.ctx.queue.ticketDetail(ticket.id)).toMatchObject({ ok: true, detail: { ticket: { state: 'called', service: 'passport' } } });
      // The agent sees where Finish sends the visitor; after the CNIE, nowhere.
      expect(await counter.locator('#current-next').textContent()).toMatch(/^Ensuite : Carte nationale \(CNIE\)/);
      await counter.getByRole('button', { name: 'Terminer' }).click();
      const row = counter.locator(`#waiting [data-ticket="${ticket.id}"]`);
      await row.waitFor();
      expect(await row.textContent()).toContain(ticket.number);
      expect(rig.daemon.ctx.queue.ticketDetail(ticket.id)).toMatchObject({ ok: true, detail: { ticket: { state: 'waiting', service: 'cnie' } } });
      const moves = rig.events('queue.ticket.transferred').filter((e) => e.subject === ticket.id);
      expect(moves).toEqual([
        { subject: ticket.id, payload: expect.objectContaining({ from: 'passport', to: 'cnie', route: true, actor: 'amina', counter: '2' }) },
      ]);
    } finally {
      await staff.close();
      await close();
    }
  }, 120_000);

  it('a service that cannot be had today is named on the summary before paying, and the visit keeps the others', async () => {
    // Its own kiosk: one CNIE walk-in a day, already given.
    const capped = await startCheckinRig({ checkin: { walkIns: { open: true, perService: { cnie: 1 } } } });
    const { page, errors, close } = await openKiosk(browser, capped.url);
    try {
      expect(capped.daemon.ctx.queue.issueTicket({ service: 'cnie', kind: 'walk-in', persons: 1, lang: 'fr' }).ok).toBe(true);
      const fr = kioskWords('fr');
      await page.locator('button[data-lang="fr"]').click();
      await page.getByRole('button', { name: fr.walkIn }).click();
      await page.getByRole('button', { name: 'Passeport', exact: true }).click();
      await onScreen(page, 'summary');
      await page.getByRole('button', { name: fr.addServiceTitle }).click();
      await page
        .getByRole('group', { name: fr.addServiceTitle })
        .getByRole('button', { name: fill(fr.addService, { service: 'Carte nationale (CNIE)' }) })
        .click();
      const alert = page.getByRole('alert').filter({ hasText: fill(fr.serviceNotAdded, { service: 'Carte nationale (CNIE)' }) });
      await alert.waitFor();
      expect(await alert.textContent()).toContain(fr.problems['walk-in-service-limit']!.what);
      const fees = page.getByRole('table', { name: fr.summaryTitle });
      expect(await fees.locator('tbody tr').allTextContents()).toEqual([expect.stringContaining('Passeport')]);
      expect(capped.payments()).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await close();
      await capped.close();
    }
  }, 120_000);
});
