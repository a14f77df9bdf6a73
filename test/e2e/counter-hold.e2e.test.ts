// Hold and recall at the counter console in Chromium against the real daemon (issue 18 item 7): an agent puts the
// visitor being served on hold with a reason, calls the next visitor meanwhile, then calls the held visitor back with
// the same number; the lobby board shows and announces the call back. By accessible names, as an agent uses it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startTestDaemon } from '../support/daemon';
import { tempDir } from '../support/tmp';
import type { RunningDaemon } from '../../server/daemon';

let daemon: RunningDaemon;
let browser: Browser;
let cleanup: () => void;

beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  daemon = await startTestDaemon(t.dir);
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await daemon?.close();
  cleanup?.();
});

const until = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000, interval: 100 });

describe('hold and recall at the counter', () => {
  it('an agent holds the ticket being served, serves the next one, and recalls the held one with its number', async () => {
    const queue = daemon.ctx.queue;
    const first = queue.issueTicket({ service: 'information', kind: 'walk-in', persons: 1, lang: 'fr' });
    const second = queue.issueTicket({ service: 'information', kind: 'walk-in', persons: 1, lang: 'fr' });
    if (!first.ok || !second.ok) throw new Error('no tickets');
    const a = first.ticket;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const board = await context.newPage();
    try {
      await board.goto(`${daemon.url}/board`);
      await board.locator('#counters li').first().waitFor();
      await page.goto(`${daemon.url}/counter`);
      await page.selectOption('#login-counter', '1');
      await page.fill('#login-pin', '1111');
      await page.getByRole('button', { name: 'Se connecter' }).click();

      await page.getByRole('button', { name: `Appeler ${a.label}` }).click();
      await until(() => page.locator('#current-number').textContent()).toBe(a.label);
      await page.getByRole('button', { name: 'Commencer' }).click();
      await until(() => page.locator('#current-state').textContent()).toMatch(/^En cours/);

      // No reason, no hold: the page says so and nothing changes.
      await page.getByRole('button', { name: 'Mettre en attente' }).click();
      await until(() => page.locator('#message').textContent()).toMatch(/^Dites pourquoi le visiteur est mis en attente/);
      expect(await page.locator('#current-number').textContent()).toBe(a.label);

      await page.getByRole('textbox', { name: 'Motif de l’attente' }).fill('va chercher son acte de naissance');
      await page.getByRole('button', { name: 'Mettre en attente' }).click();
      const held = page.getByRole('table', { name: /^En attente d’un document \(1\)/ });
      await held.waitFor();
      expect(await held.locator(`[data-held="${a.id}"]`).textContent()).toContain('va chercher son acte de naissance');
      expect(await page.locator('#current-number').textContent()).toMatch(/Aucun ticket/);
      // Out of the waiting list and its count: only the second visitor waits.
      await until(() => page.locator('#waiting-title').textContent()).toMatch(/\(1\)$/);
      expect(await page.locator(`#waiting [data-ticket="${a.id}"]`).count()).toBe(0);

      // The counter serves someone else; recalling waits until it is free, and says why.
      await page.getByRole('button', { name: 'Appeler le suivant' }).click();
      await until(() => page.locator('#current-number').textContent()).toBe(second.ticket.label);
      const recall = page.getByRole('button', { name: `Rappeler ${a.label}` });
      expect(await recall.isDisabled()).toBe(true);
      expect(await page.locator('#why-recall-held').textContent()).toMatch(/terminez d’abord le ticket en cours/);
      await page.getByRole('button', { name: 'Terminer' }).click();
      await until(() => recall.isEnabled()).toBe(true);

      const announcedBefore = await board.locator('#announce-log li').count();
      await recall.click();
      await until(() => page.locator('#current-number').textContent()).toBe(a.label);
      expect(await page.locator('#current-state').textContent()).toMatch(/^Appelé · rappels : 0/);
      expect(await page.getByRole('table', { name: /^En attente d’un document/ }).count()).toBe(0);
      // The board shows the same number called again to counter 1, and announces it.
      await until(() => board.locator('#now-number').textContent()).toBe(a.label);
      await until(() => board.locator('#announce-log li').count()).toBeGreaterThan(announcedBefore);
      expect(await board.locator('#announce-log li').last().textContent()).toContain(String(a.number));

      const kinds = daemon.ctx.db.prepare('SELECT kind, actor FROM queue_ticket_events WHERE ticket_id = ? ORDER BY id').all(a.id);
      expect(kinds).toEqual([
        { kind: 'issued', actor: 'kiosk:' + daemon.ctx.config.kioskId },
        { kind: 'called', actor: 'amina' },
        { kind: 'started', actor: 'amina' },
        { kind: 'held', actor: 'amina' },
        { kind: 'called', actor: 'amina' },
      ]);
    } finally {
      await context.close();
    }
  }, 90_000);
});
