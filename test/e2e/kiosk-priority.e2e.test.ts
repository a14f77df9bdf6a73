// Priority visitors (issue 18 item 3) in Chromium against the real daemon: a walk-in visitor asks for priority on the
// kiosk's summary (by accessible names, in French), the ticket is ordinary until an agent at a counter confirms the
// request; then the ticket is a priority ticket of the calling order and the confirmation is journaled with who.
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

const until = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000, interval: 100 });

describe('a priority request', () => {
  it('a visitor asks for priority at the kiosk and an agent confirms it at the counter', async () => {
    await backToAttract(rig.url, (cmd) => rig.daemon.ctx.checkin.send(cmd));
    // Someone already waits for the same service.
    const before = rig.daemon.ctx.queue.issueTicket({ service: 'information', kind: 'walk-in', persons: 1, lang: 'fr' }, { id: 'reception' });
    if (!before.ok) throw new Error(before.detail);
    const { page, errors, close } = await openKiosk(browser, rig.url);
    const staff = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const fr = kioskWords('fr');
      await page.locator('button[data-lang="fr"]').click();
      await page.getByRole('button', { name: fr.walkIn }).click();
      await page.locator('button[data-service="information"]').click();
      await onScreen(page, 'summary');
      const group = page.getByRole('group', { name: fr.priorityTitle });
      expect(await group.getByRole('button', { name: fr.priorityNone }).getAttribute('aria-pressed')).toBe('true');
      await group.getByRole('button', { name: fr.priorities.pregnant }).click();
      await until(() => group.getByRole('button', { name: fr.priorities.pregnant }).getAttribute('aria-pressed')).toBe('true');
      await page.getByRole('button', { name: fr.confirmFree }).click();
      await onScreen(page, 'done', 20_000);
      const ticketId = rig.daemon.ctx.checkin.view().visit.ticket!.id;
      const label = rig.daemon.ctx.queue.ticketDetail(ticketId);
      if (!label.ok) throw new Error(label.detail);
      const t = label.detail.ticket;
      // Staff-confirmed (the default): asked, not yet given.
      expect(t).toMatchObject({ priority: null, priorityRequest: 'pregnant' });
      expect(errors).toEqual([]);

      const counter = await staff.newPage();
      await counter.goto(`${rig.url}/counter`);
      await counter.selectOption('#login-counter', '1');
      await counter.fill('#login-pin', '1111');
      await counter.getByRole('button', { name: 'Se connecter' }).click();
      const requests = counter.getByRole('table', { name: /^Demandes de priorité \(1\)/ });
      await requests.waitFor();
      expect(await requests.locator(`[data-priority-request="${t.id}"]`).textContent()).toContain('Enceinte');
      // Before the word the ticket is ordinary: its row offers to flag it, it shows no priority.
      const row = counter.locator(`#waiting [data-ticket="${t.id}"]`);
      expect(await row.getByRole('combobox', { name: `Marquer ${t.label} prioritaire` }).count()).toBe(1);

      await counter.getByRole('button', { name: `Confirmer ${t.label}` }).click();
      await until(() => requests.count()).toBe(0);
      // Now a priority visitor in the calling order (the N:1 rule of queue.order.priority places them).
      await until(() => row.textContent()).toContain('Enceinte');
      expect(rig.daemon.ctx.queue.ticketDetail(t.id)).toMatchObject({ ok: true, detail: { ticket: { priority: 'pregnant', priorityRequest: null } } });
      const event = rig.daemon.ctx.db.prepare("SELECT actor, counter, detail FROM queue_ticket_events WHERE ticket_id = ? AND kind = 'priority'").get(t.id) as {
        actor: string;
        counter: string;
        detail: string;
      };
      expect([event.actor, event.counter]).toEqual(['amina', '1']);
      expect(JSON.parse(event.detail)).toMatchObject({ decision: 'confirmed', priority: 'pregnant', requested: 'pregnant' });
    } finally {
      await staff.close();
      await close();
    }
  }, 90_000);
});
