// Paper runs out during a paid visit (issue 19, item 2), in Chromium against the real daemon, a ZVT terminal over a
// pty and the virtual printer over TCP. Within seconds (not after the printer's wait for paper) the kiosk says so in
// the visitor's language with the number and QR, and the counter is alerted; the ticket stays queued and prints when
// a roll is loaded, the flow goes on to the receipt and the alert clears by itself. The technician's test print says
// "paper out" at once instead of waiting for paper.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startCheckinRig, type CheckinRig } from '../checkin/rig';
import { backToAttract, onScreen, openKiosk, view } from '../checkin/page';
import { kioskWords } from '../../renderer/kiosk/words';

let rig: CheckinRig;
let browser: Browser;

beforeAll(async () => {
  rig = await startCheckinRig({ timing: { pinDelayMs: 1500, pinStepMs: 300 } });
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await rig?.close();
});

describe('paper runs out during a paid visit', () => {
  for (const lang of ['ar', 'fr'] as const) {
    it(`says so within seconds in ${lang}, shows the number, alerts the counter, and prints when paper is back`, async () => {
      const w = kioskWords(lang);
      await backToAttract(rig.url, (cmd) => rig.daemon.ctx.checkin.send(cmd));
      const kiosk = await openKiosk(browser, rig.url);
      const counterContext = await browser.newContext();
      const counter = await counterContext.newPage();
      try {
        const page = kiosk.page;
        await onScreen(page, 'attract');
        await page.locator(`button[data-lang="${lang}"]`).click();
        await page.getByRole('button', { name: w.walkIn }).click();
        await page.locator('button[data-service="passport"]').click();
        await onScreen(page, 'summary');
        rig.terminal.setScenario('pin-delay');
        await page.getByRole('button', { name: w.confirmAndPay }).click();
        await page.locator('[data-prompt="enter-pin"]').waitFor({ timeout: 15_000 });
        // The roll runs out while the visitor types the PIN: the payment goes through, the ticket cannot print.
        rig.printer.setFault('paper-out');
        await onScreen(page, 'printing', 20_000);
        // Seconds, not the printer's two-minute wait for paper.
        await page.getByRole('heading', { name: w.printerPaperOutTitle }).waitFor({ timeout: 5_000 });
        expect((await view(rig.url)).screen).toBe('printing.ticket.waiting');
        await page.getByText(w.printerWaitingTicket).waitFor();
        const number = (await page.locator('.ticket-number').getAttribute('data-ticket'))!;
        await page.getByRole('img', { name: `${w.yourNumber} ${number}` }).waitFor();
        expect(rig.payments().filter((p) => p.state === 'approved')).toHaveLength(rig.payments().length);

        // The counter is told, and is not offered a reprint that would print the ticket twice.
        await counter.goto(`${rig.url}/counter`);
        await counter.selectOption('#login-counter', '1');
        await counter.fill('#login-pin', '1111');
        await counter.click('button[type=submit]');
        const banner = counter.locator('[data-unprinted]');
        await banner.waitFor();
        expect(await banner.textContent()).toContain(`Ticket ${number}`);
        expect(await banner.textContent()).toMatch(/ticket en attente de l’imprimante/);
        expect(await counter.getByRole('button', { name: new RegExp(`^Réimprimer le ticket ${number}`) }).count()).toBe(0);

        // A new roll: the queued ticket prints, then the receipt, and the counter's alert goes by itself.
        const printedBefore = rig.printer.jobs.length;
        rig.printer.loadPaper();
        await onScreen(page, 'done', 20_000);
        await expect.poll(() => rig.printer.jobs.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(printedBefore + 2);
        expect(rig.printer.jobs.some((j) => j.lines.join('\n').includes(number))).toBe(true);
        await banner.waitFor({ state: 'detached', timeout: 10_000 });
        expect(rig.events('checkin.unprinted-cleared').at(-1)!.payload).toEqual({ by: 'printer', done: 'printed' });
        expect(kiosk.errors).toEqual([]);
      } finally {
        rig.printer.clearFaults();
        rig.terminal.setScenario('approve');
        await counterContext.close();
        await kiosk.close();
      }
    }, 90_000);
  }

  it("the technician's test print says paper out at once", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await page.goto(`${rig.url}/diagnostics`);
      await page.getByLabel('Technician PIN').fill('4444');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Simulators and faults' }).waitFor();
      rig.printer.setFault('paper-out');
      const t0 = Date.now();
      await page.getByRole('button', { name: 'Test print' }).click();
      await expect.poll(() => page.locator('#result').textContent(), { timeout: 5_000 }).toMatch(/test page not printed: printer not ready: paper out/);
      expect(Date.now() - t0).toBeLessThan(5_000);
      // Nothing stays queued behind it: with paper back, the next test print comes out.
      rig.printer.loadPaper();
      await page.getByRole('button', { name: 'Test print' }).click();
      await expect.poll(() => page.locator('#result').textContent(), { timeout: 10_000 }).toMatch(/test page printed/);
    } finally {
      rig.printer.clearFaults();
      await page.close();
    }
  }, 60_000);
});
