// The technician's page in Chromium against the real daemon: sign in, all simulated devices green, inject
// paper out (light red, printer refuses to be ready, which is what the check-in flow asks before taking
// money), see it in the device's log, clear it, test print and see the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { sampleConfig } from '../support/daemon';
import { tempDir } from '../support/tmp';
import { startDaemon, type RunningDaemon } from '../../server/daemon';
import { recordIntent, transition } from '../../store/payments';

let daemon: RunningDaemon;
let browser: Browser;
let cleanup: () => void;

beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  const base = sampleConfig({ log: { level: 'info', maxSize: '10m', keep: 2 } });
  // With its log file (not stdout only), so the page's log tail has something to show.
  daemon = await startDaemon({ config: { ...base, dataDir: t.dir, server: { ...base.server, port: 0 } }, quietFileLog: false });
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await daemon?.close();
  cleanup?.();
});

async function signedIn(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${daemon.url}/diagnostics`);
  await page.getByLabel('Technician PIN').fill('4444');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Simulators and faults' }).waitFor();
  return { page, errors };
}

const light = (page: Page, id: string) => page.locator(`tr[data-device="${id}"]`).getAttribute('data-status');

describe('diagnostics page in Chromium', () => {
  it('a wrong PIN is refused with words, and nothing technical is shown', async () => {
    const page = await browser.newPage();
    await page.goto(`${daemon.url}/diagnostics`);
    await page.getByLabel('Technician PIN').fill('9999');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /PIN is not right/ })
      .waitFor();
    expect(await page.getByRole('heading', { name: 'Simulators and faults' }).count()).toBe(0);
    // A supervisor's PIN is right, but not for this page.
    await page.getByLabel('Technician PIN').fill('3333');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /signs in a supervisor; the diagnostics page needs a technician PIN/ })
      .waitFor();
    expect(await page.getByRole('heading', { name: 'Simulators and faults' }).count()).toBe(0);
    await page.close();
  });

  it('technician signs in, sees all simulated devices green, injects paper out, sees red and the refusal, clears it', async () => {
    const { page, errors } = await signedIn();
    for (const id of ['printer', 'terminal', 'scanner']) await expect.poll(() => light(page, id), { timeout: 10_000 }).toBe('ok');
    expect(await page.locator('#devices tr[data-simulated="true"]').count()).toBe(3);
    await page.getByRole('table', { name: 'Self tests' }).waitFor();

    await page.getByRole('button', { name: 'Inject paper-out into printer' }).click();
    await expect.poll(() => light(page, 'printer')).toBe('error');
    expect(await page.getByRole('img', { name: 'printer: Error' }).count()).toBe(1);
    await expect.poll(() => page.locator('#result').textContent()).toMatch(/paper-out.*printer now reports paper-out/);
    // What the check-in flow asks before money is taken:
    expect(await daemon.ctx.hardware.printer.service.checkReady()).toMatchObject({ ok: false, reason: expect.stringMatching(/paper out/) });
    await expect.poll(() => page.getByRole('button', { name: 'Inject paper-out into printer' }).getAttribute('aria-pressed')).toBe('true');

    // The printer's own log lines, live.
    await page.getByLabel('Show log lines of').selectOption('printer');
    await expect.poll(() => page.locator('#log-lines').textContent(), { timeout: 10_000 }).toMatch(/\[printer\] printer paper-out/);
    expect(await page.locator('#log-lines').textContent()).not.toMatch(/\[terminal\]/);

    await page.getByRole('button', { name: 'Clear printer faults' }).click();
    await expect.poll(() => light(page, 'printer')).toBe('ok');
    expect((await daemon.ctx.hardware.printer.service.checkReady()).ok).toBe(true);

    await page.getByRole('button', { name: 'Test print' }).click();
    await page
      .getByRole('img', { name: /^Printed page \d+/ })
      .first()
      .waitFor();
    const size = await page
      .getByRole('img', { name: /^Printed page/ })
      .first()
      .evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]);
    expect(size[0]).toBe(576);
    expect(size[1]).toBeGreaterThan(400);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('terminal fault and the scanner test, from the page alone', async () => {
    const { page } = await signedIn();
    await page.getByRole('button', { name: 'Inject busy into terminal' }).click();
    await expect.poll(() => light(page, 'terminal'), { timeout: 10_000 }).toBe('offline');
    await page.getByRole('button', { name: 'Clear terminal faults' }).click();
    await expect.poll(() => light(page, 'terminal'), { timeout: 10_000 }).toBe('ok');

    await page.getByRole('button', { name: 'Wait for the next scan' }).click();
    await page.waitForTimeout(300);
    daemon.ctx.hardware.scanner.sim!.inject('4006381333931');
    await page.getByRole('definition').filter({ hasText: '34 30 30 36' }).waitFor();
    expect(await page.locator('#scan-result').textContent()).toMatch(/not an appointment code/);
    // The simulator's scan from the page: what the kiosk would make of a damaged appointment code.
    await page.getByLabel('Code to scan with the simulator').fill('RDV1:NOT-A-TOKEN');
    await page.getByRole('button', { name: 'Scan with the simulator' }).click();
    await expect.poll(() => page.locator('#scan-result').textContent()).toMatch(/RDV1:NOT-A-TOKEN.*appointment code refused: malformed/);
    await page.close();
  }, 60_000);

  it('every control has a name and a target of at least 48 px', async () => {
    const { page } = await signedIn();
    await page.getByRole('table', { name: 'Ports found' }).waitFor();
    const bad = await page.$$eval('button, input, select, a', (els) =>
      els
        .filter((e) => (e as HTMLElement).offsetParent !== null)
        .map((e) => {
          const r = e.getBoundingClientRect();
          const name = e.getAttribute('aria-label') || e.textContent?.trim() || (e.id && document.querySelector(`label[for="${e.id}"]`)?.textContent);
          return { what: e.outerHTML.slice(0, 80), name, h: r.height, w: r.width };
        })
        .filter((x) => !x.name || x.h < 48 || x.w < 48),
    );
    expect(bad).toEqual([]);
    await page.close();
  }, 60_000);

  it('lists payments by the short reference the terminal shows, and what the terminal approved when it differs', async () => {
    const paid = await daemon.ctx.payments.service.pay({ amountMinor: 1250, currency: 'EUR', reference: 'e2e' });
    expect(paid.ok).toBe(true);
    const shortRef = paid.outcome === 'refused' ? '' : paid.payment.shortRef!;
    // An approval for another amount, as the service journals it: unknown, with the terminal's figures.
    recordIntent(daemon.ctx.db, {
      id: 'e2e-mismatch-1',
      kioskId: 'K1',
      terminalId: 'other',
      protocol: 'concert',
      amountMinor: 1250,
      currency: 'EUR',
      businessDay: '2026-03-03',
    });
    transition(
      daemon.ctx.db,
      'e2e-mismatch-1',
      'unknown',
      { reason: 'the terminal approved 15.00 EUR, the request was 12.50 EUR', approvedAmountMinor: 1500, approvedCurrency: 'EUR', terminalData: 'AUT4471X09' },
      'service',
    );
    const { page, errors } = await signedIn();
    const row = page.getByRole('table', { name: 'Payments' }).locator('tr').filter({ hasText: shortRef });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/12\.50 EUR/);
    const pending = page.getByRole('list', { name: 'Payments needing reconciliation' }).locator('li').filter({ hasText: '0303-0001' });
    await pending.waitFor();
    expect(await pending.textContent()).toMatch(
      /0303-0001 \(e2e-mismatch-1\) — 12\.50 EUR — terminal approved 15\.00 EUR — unknown.*terminal data: AUT4471X09/,
    );
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
