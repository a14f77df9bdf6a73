// The counter console in Chromium against the real daemon (issue 19, item 15): on every signed-in state (idle, a
// ticket called, paused, a kiosk alert, a ticket that did not print) axe finds no violation, with its experimental
// label-content-name-mismatch rule switched on (names match the words shown) and colour contrast (the paused mark);
// a disabled button says why in text; an agent acknowledges a kiosk alert for every counter to see; a right PIN at
// a counter not the agent's is told apart from a wrong PIN.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startTestDaemon } from '../support/daemon';
import { tempDir } from '../support/tmp';
import type { RunningDaemon } from '../../server/daemon';
import { backToAttract, view } from '../checkin/page';

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

const act = (e: object) => daemon.ctx.checkin.send(e as never);
async function until(what: string, pred: () => Promise<boolean>): Promise<void> {
  await expect.poll(pred, { timeout: 15_000, message: what }).toBe(true);
}

/** A free walk-in ticket from the kiosk (information: no payment), printed by the simulated printer unless broken. */
async function freeTicket(): Promise<void> {
  await backToAttract(daemon.url, (cmd) => act(cmd));
  const steps: Array<[object, string]> = [
    [{ type: 'TOUCH' }, 'language'],
    [{ type: 'SELECT_LANGUAGE', language: 'fr' }, 'identify.scan'],
    [{ type: 'WALK_IN' }, 'identify.walkIn'],
    [{ type: 'SELECT_SERVICE', service: 'information' }, 'summary'],
  ];
  for (const [e, next] of steps) {
    act(e);
    await until(next, async () => (await view(daemon.url)).screen.startsWith(next));
  }
  act({ type: 'CONFIRM' });
  await until('the ticket', async () => /^(done|printFailed)/.test((await view(daemon.url)).screen));
}

/** axe with label-content-name-mismatch (experimental, off by default) switched on. */
async function violations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ path: 'node_modules/axe-core/axe.min.js' });
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as { axe: { run(c: unknown, o: unknown): Promise<{ violations: Array<{ id: string; nodes: Array<{ html: string }> }> }> } }
    ).axe;
    const r = await axe.run(document, { rules: { 'label-content-name-mismatch': { enabled: true } }, resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`);
  });
}

async function signIn(page: Page, counter: string, pin: string): Promise<void> {
  await page.selectOption('#login-counter', counter);
  await page.fill('#login-pin', pin);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

describe('the counter console', () => {
  it('tells a right PIN at the wrong counter apart from a wrong PIN', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    try {
      await page.goto(`${daemon.url}/counter`);
      await signIn(page, '3', '0000');
      await expect.poll(() => page.locator('#message').textContent(), { timeout: 15_000 }).toMatch(/^Code PIN incorrect/);
      // Amina's PIN is right, for counters 1 and 2.
      await signIn(page, '3', '1111');
      await expect
        .poll(() => page.locator('#message').textContent(), { timeout: 15_000 })
        .toMatch(/^Code PIN correct, mais pas pour ce guichet.*counter 1, 2, not at counter 3/);
      expect(await page.locator('#act-call-next').count()).toBe(0);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('has no axe violation on any signed-in state, and says why a button is disabled', async () => {
    await freeTicket();
    await freeTicket();
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    try {
      await page.goto(`${daemon.url}/counter`);
      await signIn(page, '1', '1111');
      await page.locator('#act-call-next').waitFor();
      await page.locator('#waiting tbody tr').first().waitFor();
      // Idle: nothing to finish, and the page says so in words tied to the button.
      expect(await page.getByRole('button', { name: 'Terminer' }).isDisabled()).toBe(true);
      expect(await page.locator('#why-finish').textContent()).toBe('aucun ticket en cours');
      expect(await page.getByRole('button', { name: 'Terminer' }).getAttribute('aria-describedby')).toBe('why-finish');
      expect(await violations(page)).toEqual([]);

      // A ticket called.
      await page.getByRole('button', { name: 'Appeler le suivant' }).click();
      await page.locator('#current-state').waitFor();
      await page.locator('#why-call').waitFor();
      expect(await page.locator('#why-call-next').textContent()).toMatch(/terminez d’abord le ticket en cours/);
      expect(await violations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Terminer' }).click();

      // Paused: the mark is readable (contrast), and calling says why it cannot.
      await page.getByRole('button', { name: 'Pause', exact: true }).click();
      await page.getByRole('status').filter({ hasText: 'En pause' }).waitFor();
      expect(await page.locator('#why-call').textContent()).toMatch(/guichet en pause/);
      expect(await violations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Reprendre' }).click();

      // A visitor calls for staff at the kiosk.
      await backToAttract(daemon.url, (cmd) => act(cmd));
      act({ type: 'TOUCH' });
      act({ type: 'CALL_STAFF' });
      await page.locator('#kiosk-alert').waitFor();
      expect(await violations(page)).toEqual([]);
      // An agent says they are on the way: every counter sees who, and it is journaled.
      await page.getByRole('button', { name: 'J’y vais' }).click();
      const taken = page.locator('#kiosk-alert [data-acknowledged]');
      await taken.waitFor();
      expect(await taken.textContent()).toMatch(/pris en charge par \S+/);
      expect(await page.getByRole('button', { name: 'J’y vais' }).count()).toBe(0);
      expect(daemon.ctx.db.prepare("SELECT count(*) AS n FROM events WHERE kind = 'checkin.alert-acknowledged'").get()).toEqual({ n: 1 });
      expect(await violations(page)).toEqual([]);
      act({ type: 'CONTINUE' });
      await backToAttract(daemon.url, (cmd) => act(cmd));

      // A ticket that could not print (the roll ran out in it): its banner and button.
      const sim = daemon.ctx.hardware.printer.sim!;
      sim.paperOutAfter(2);
      await backToAttract(daemon.url, (cmd) => act(cmd));
      const steps: Array<[object, string]> = [
        [{ type: 'TOUCH' }, 'language'],
        [{ type: 'SELECT_LANGUAGE', language: 'fr' }, 'identify.scan'],
        [{ type: 'WALK_IN' }, 'identify.walkIn'],
        [{ type: 'SELECT_SERVICE', service: 'information' }, 'summary'],
        [{ type: 'CONFIRM' }, 'printing.ticket.waiting'],
      ];
      for (const [e, next] of steps) {
        act(e);
        await until(next, async () => (await view(daemon.url)).screen.startsWith(next));
      }
      const banner = page.locator('[data-unprinted]');
      await banner.waitFor();
      await page.getByRole('button', { name: /^Le visiteur a son numéro / }).waitFor();
      expect(await violations(page)).toEqual([]);
      sim.loadPaper();
      await banner.waitFor({ state: 'detached' });
    } finally {
      await backToAttract(daemon.url, (cmd) => act(cmd));
      await context.close();
    }
  }, 90_000);
});
