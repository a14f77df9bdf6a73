// Times on the technician's page (issue 19, item 16), in Chromium running as a US browser in New York against a
// Paris consulate's daemon: the log tail and the journal read the consulate's time (Europe/Paris) in its convention
// (dd/mm/yyyy, 24 h), not UTC and not the browser's US format.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { sampleConfig } from '../support/daemon';
import { tempDir } from '../support/tmp';
import { startDaemon, type RunningDaemon } from '../../server/daemon';

let daemon: RunningDaemon;
let browser: Browser;
let cleanup: () => void;

beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  const base = sampleConfig({ log: { level: 'info', maxSize: '10m', keep: 2 } });
  expect(base.consulate.timeZone).toBe('Europe/Paris');
  daemon = await startDaemon({ config: { ...base, dataDir: t.dir, server: { ...base.server, port: 0 } }, quietFileLog: false });
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await daemon?.close();
  cleanup?.();
});

/** The wall clock in Paris at `at`, as the page should write it. */
const paris = (at: Date, o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hourCycle: 'h23', ...o }).format(at);

describe('staff times', () => {
  it("the technician's log tail and journal read the consulate's time and convention", async () => {
    const context = await browser.newContext({ locale: 'en-US', timezoneId: 'America/New_York', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    try {
      await page.goto(`${daemon.url}/diagnostics`);
      await page.getByLabel('Technician PIN').fill('4444');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Simulators and faults' }).waitFor();
      const before = new Date();
      await page.getByRole('button', { name: 'Inject paper-out into printer' }).click();
      await page.getByLabel('Show log lines of').selectOption('printer');
      await expect.poll(() => page.locator('#log-lines').textContent(), { timeout: 10_000 }).toMatch(/\[printer\] printer paper-out/);
      const after = new Date();
      const line = (await page.locator('#log-lines').textContent())!.split('\n').find((l) => /\[printer\] printer paper-out/.test(l))!;
      // HH:MM:SS,mmm in Paris: the minute of the injection (or the next one, at a minute's turn).
      const shown = /^(\d{2}:\d{2}):\d{2},\d{3} /.exec(line)?.[1];
      expect([paris(before, { hour: '2-digit', minute: '2-digit' }), paris(after, { hour: '2-digit', minute: '2-digit' })]).toContain(shown);

      await page.getByRole('button', { name: 'Clear printer faults' }).click();
      await page.getByRole('button', { name: 'Refresh journal' }).click();
      const cell = page.locator('#journal tbody tr td:first-child').first();
      await cell.waitFor();
      const text = (await cell.textContent())!;
      expect(text).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/);
      expect(text.slice(0, 10)).toBe(paris(after, { day: '2-digit', month: '2-digit', year: 'numeric' }));
    } finally {
      await context.close();
    }
  }, 60_000);
});
