// Cancelling on a Concert E+ terminal (issue 19, item 3), in Chromium against the real daemon and its Concert
// simulator. Concert has no cancel command: the paying screen has no Cancel button but tells the visitor to press the
// terminal's red key, in their language; what the terminal answers is shown as it is (approved: the ticket; abandoned
// at the terminal: not charged). A payment the kiosk could not know, settled by staff as not charged, tells the
// waiting visitor so, on an error screen with its countdown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { sampleConfig, startTestDaemon } from '../support/daemon';
import { tempDir } from '../support/tmp';
import type { RunningDaemon } from '../../server/daemon';
import { backToAttract, onScreen, openKiosk, view } from '../checkin/page';
import { kioskWords } from '../../renderer/kiosk/words';

let daemon: RunningDaemon;
let browser: Browser;
let cleanup: () => void;

beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  const base = sampleConfig();
  expect(base.devices.terminal.protocol).toBe('concert');
  // The simulated visitor takes 1.5 s at the terminal; a lost answer is given up after 4 s.
  daemon = await startTestDaemon(t.dir, { devices: { ...base.devices, terminal: { ...base.devices.terminal, timers: { answerMs: 4000 } } } });
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await daemon?.close();
  cleanup?.();
});

const sim = () => daemon.ctx.hardware.terminal.simulator!;
const charges = () => sim().log.entries.filter((e) => e.kind === 'charge').length;

async function toPaying(page: Page, lang: string): Promise<void> {
  const w = kioskWords(lang);
  await onScreen(page, 'attract');
  await page.locator(`button[data-lang="${lang}"]`).click();
  await page.getByRole('button', { name: w.walkIn }).click();
  await page.locator('button[data-service="passport"]').click();
  await onScreen(page, 'summary');
  await page.getByRole('button', { name: w.confirmAndPay }).click();
  await onScreen(page, 'paying');
}

describe('cancel on a Concert terminal', () => {
  it('says to press Cancel on the terminal instead of a Cancel button, and an approval gives the ticket', async () => {
    const w = kioskWords('fr');
    await backToAttract(daemon.url, (cmd) => daemon.ctx.checkin.send(cmd));
    sim().setScenario('approve');
    const before = charges();
    const kiosk = await openKiosk(browser, daemon.url);
    try {
      const page = kiosk.page;
      await toPaying(page, 'fr');
      await page.getByText(w.cancelOnTerminal).waitFor();
      expect(await page.getByRole('button', { name: w.cancel, exact: true }).count()).toBe(0);
      // A cancel sent anyway (an old page, a script) is not taken: nothing says "Cancelling…" for a payment that goes on.
      daemon.ctx.checkin.send({ type: 'CANCEL' });
      expect((await view(daemon.url)).screen).toMatch(/^paying\.inProgress/);
      await onScreen(page, 'done', 20_000);
      expect(charges()).toBe(before + 1);
      expect(kiosk.errors).toEqual([]);
    } finally {
      await kiosk.close();
    }
  }, 60_000);

  it('a payment abandoned at the terminal says not charged, in Arabic', async () => {
    const w = kioskWords('ar');
    await backToAttract(daemon.url, (cmd) => daemon.ctx.checkin.send(cmd));
    sim().setScenario('abandon');
    const before = charges();
    const kiosk = await openKiosk(browser, daemon.url);
    try {
      const page = kiosk.page;
      await toPaying(page, 'ar');
      await page.getByText(w.cancelOnTerminal).waitFor();
      await onScreen(page, 'paymentFailed', 20_000);
      await page.getByText(w.problems['payment-aborted']!.what).waitFor();
      expect(charges()).toBe(before);
    } finally {
      sim().setScenario('approve');
      await kiosk.close();
    }
  }, 60_000);

  it('a payment settled by staff as not charged tells the visitor, with a countdown', async () => {
    const w = kioskWords('fr');
    await backToAttract(daemon.url, (cmd) => daemon.ctx.checkin.send(cmd));
    sim().setScenario('answer-lost');
    const kiosk = await openKiosk(browser, daemon.url);
    try {
      const page = kiosk.page;
      await toPaying(page, 'fr');
      await onScreen(page, 'lockedForStaff', 20_000);
      sim().setScenario('approve');

      const login = await fetch(`${daemon.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-kiosk-app': 'diagnostics' },
        body: JSON.stringify({ pin: '4444' }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const headers = { 'content-type': 'application/json', cookie, 'x-kiosk-app': 'diagnostics' };
      const pending = (await (await fetch(`${daemon.url}/api/payments/pending`, { headers })).json()) as { payments: Array<{ id: string }> };
      expect(pending.payments).toHaveLength(1);
      const settle = await fetch(`${daemon.url}/api/payments/${pending.payments[0]!.id}/settle`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ outcome: 'not-charged', reason: 'terminal journal: no transaction at that time' }),
      });
      expect(settle.status).toBe(200);

      await onScreen(page, 'error');
      await page.getByRole('heading', { name: w.problems['payment-not-taken']!.what }).waitFor();
      await page.getByText(w.problems['payment-not-taken']!.todo).waitFor();
      expect(await page.locator('.countdown').textContent()).toMatch(new RegExp(`\\d+ ${w.secondsLeft}`));
      await page.getByRole('button', { name: w.ok }).click();
      await onScreen(page, 'attract');
    } finally {
      sim().setScenario('approve');
      await kiosk.close();
    }
  }, 60_000);
});
