// The supervisor's page in Chromium against the real daemon and its simulated Concert terminal: sign in,
// close the day with the totals typed from the terminal's report (one payment too many on the terminal),
// see the difference named, download the CSV and the PDF, and check the figures against the simulator's log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startTestDaemon } from '../support/daemon';
import { tempDir } from '../support/tmp';
import type { RunningDaemon } from '../../server/daemon';
import { actualTexts, readPdf } from '../reports/read-pdf';

let daemon: RunningDaemon;
let browser: Browser;
let cleanup: () => void;

beforeAll(async () => {
  const t = tempDir('reports-e2e-');
  cleanup = t.cleanup;
  daemon = await startTestDaemon(t.dir);
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await daemon?.close();
  cleanup?.();
});

describe('reports page in Chromium', () => {
  it('a supervisor closes the day with totals entered, sees the difference, downloads CSV and PDF', async () => {
    const { ctx } = daemon;
    await ctx.payments.ready;
    const sim = ctx.hardware.terminal.simulator!;
    expect((await ctx.payments.service.pay({ amountMinor: 1250, currency: 'EUR', reference: 'ET-E2E-1' })).ok).toBe(true);
    sim.setScenario('decline');
    expect((await ctx.payments.service.pay({ amountMinor: 3000, currency: 'EUR', reference: 'ET-E2E-2' })).ok).toBe(false);
    sim.setScenario('approve');
    expect((await ctx.payments.service.pay({ amountMinor: 100, currency: 'EUR', reference: 'diagnostics test', isTest: true })).ok).toBe(true);
    const log = sim.log.entries;
    expect(sim.log.netMinor()).toBe(1350);
    // The day's queue (issue 18): amina serves one ticket, another is cancelled by a supervisor, a third still waits.
    const issue = () => {
      const r = ctx.queue.issueTicket({ service: 'registration', kind: 'walk-in', persons: 1, lang: 'fr' });
      if (!r.ok) throw new Error(r.detail);
      return r.ticket.id;
    };
    issue();
    const cancelled = issue();
    issue();
    expect(ctx.queue.callNext('1', { id: 'amina' }).ok).toBe(true);
    expect(ctx.queue.finish('1', { id: 'amina' }).ok).toBe(true);
    expect(ctx.queue.cancel(cancelled, { id: 'nadia' }, 'visit refunded in full').ok).toBe(true);

    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('dialog', (d) => void d.accept());
    await page.goto(`${daemon.url}/reports`);
    // A technician's PIN is refused for this page.
    await page.getByLabel('Supervisor PIN').fill('4444');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /reports need a supervisor PIN/ })
      .waitFor();
    await page.getByLabel('Supervisor PIN').fill('3333');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Day close' }).waitFor();
    const card = page.locator('article[data-terminal="terminal"]');
    await card.getByText(/Journal: 13\.50 EUR in 2 approved payments, of which 1 test/).waitFor();

    // The terminal's printed report shows one more payment than the journal has.
    await card.getByLabel('Terminal total').fill('18.50');
    await card.getByLabel('Number of payments on the terminal').fill('3');
    const lines = [...log.map((e) => `${(e.amountMinor / 100).toFixed(2)} ${e.reference}`), '5.00 X999'].join('\n');
    await card.getByLabel(/Payments on the terminal, one a line/).fill(lines);
    await card.getByRole('button', { name: 'Close the day' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /closed for terminal terminal: differences/ })
      .waitFor();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 15_000 }).toMatch(/day-close report printed/);
    const diffs = card.getByRole('table', { name: 'Differences' });
    await diffs.getByText(/terminal charged 5\.00 EUR \(no\. X999\) but the journal has no approved payment/).waitFor();
    expect(await diffs.locator('tbody tr').count()).toBe(1);
    // Locked: the form is gone, the verdict stays.
    expect(await card.getByRole('button', { name: 'Close the day' }).count()).toBe(0);

    const [csvDl] = await Promise.all([page.waitForEvent('download'), card.getByRole('link', { name: 'Download CSV' }).click()]);
    const csv = readFileSync((await csvDl.path())!, 'utf8');
    expect(csv).toMatch(/^\ufeffsection,business_day,terminal/);
    for (const e of log) expect(csv).toContain(e.reference!);
    expect(csv).toContain('difference,');
    expect(csv).toMatch(/summary,[^\r\n]*,differences,,,,5,EUR,"?terminal 18\.5 in 3; journal 13\.5 in 2/);

    const [pdfDl] = await Promise.all([page.waitForEvent('download'), card.getByRole('link', { name: 'Download PDF' }).click()]);
    const pdfBytes = readFileSync((await pdfDl.path())!);
    const pdf = readPdf(pdfBytes);
    expect(pdf.text).toContain('Result: DIFFERENCES');
    expect(pdf.text).toContain('18.50 EUR in 3 payment(s)');
    expect(pdf.text).toContain('13.50 EUR in 2 payment(s)');
    for (const e of log) expect(pdf.text).toContain(e.reference!);
    // The consulate's Arabic name is set in the embedded Noto Sans Arabic, its text kept as the line's ActualText
    // (issue 19 item 11: the old writer put "?" for each Arabic letter).
    expect(pdf.fonts.filter((f) => f.embedded).map((f) => f.name.replace(/^[A-Z]{6}\+/, ''))).toContain('NotoSansArabic-Regular');
    expect(actualTexts(pdfBytes)).toContain(ctx.config.consulate.name.ar);

    // The stored close matches the simulator's own log for the journal side.
    const close = daemon.ctx.db.prepare('SELECT journal_total_minor AS j, journal_count AS n, terminal_total_minor AS t FROM day_closes').get() as {
      j: number;
      n: number;
      t: number;
    };
    expect(close).toEqual({ j: sim.log.netMinor(), n: log.filter((e) => e.kind === 'charge').length, t: 1850 });

    // A correction is a new entry under the locked close.
    await card.getByLabel('Correction note').fill('5.00 X999 was a refund keyed by hand at the terminal');
    await card.getByRole('button', { name: 'Add correction' }).click();
    await card
      .getByRole('table', { name: 'Corrections' })
      .getByText(/refund keyed by hand/)
      .waitFor();

    // The post's day (issue 15): this daemon's own journal is one row, closed with differences, and nothing else
    // keeps the day from being complete.
    await page.locator(`#post-day tr[data-kiosk="${ctx.config.kioskId}"]`).getByText('closed with differences').waitFor();
    expect(await page.locator('#post-day').getAttribute('data-complete')).toBe('true');

    // The activity part shows the fees of the day, without the test payment, and per kiosk.
    await page.locator('#fees').getByText('12.50 EUR').first().waitFor();
    await page.locator('#kiosks').getByText('12.50 EUR').first().waitFor();
    const [statsDl] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).last().click()]);
    expect(readFileSync((await statsDl.path())!, 'utf8')).toContain('test-payments,');
    expect(await page.locator('svg.chart').count()).toBeGreaterThanOrEqual(2);
    // Each agent's work and how the tickets ended (issue 18).
    const agents = page.getByRole('table', { name: 'Agents' });
    await agents.getByRole('row').filter({ hasText: 'amina' }).waitFor();
    expect((await agents.getByRole('row').filter({ hasText: 'amina' }).getByRole('cell').allInnerTexts()).slice(0, 7)).toEqual([
      'amina',
      '1',
      '0',
      '1',
      '0',
      '0',
      '0',
    ]);
    expect((await agents.getByRole('row').filter({ hasText: 'nadia' }).getByRole('cell').allInnerTexts()).slice(0, 7)).toEqual([
      'nadia',
      '0',
      '0',
      '0',
      '0',
      '0',
      '1',
    ]);
    const outcomes = page.getByRole('table', { name: 'Ticket outcomes' });
    expect((await outcomes.innerText()).split('\n')).toContain(['registration', '3', '1', '0', '1', '0', '1', '0'].join('\t'));
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});
