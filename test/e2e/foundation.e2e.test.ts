import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
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

async function open(path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${daemon.url}${path}`);
  return { page, errors };
}

describe('the kiosk page in Chromium', () => {
  it('shows the attract screen in Arabic, right to left, with a named button per language', async () => {
    const { page, errors } = await open('/');
    await page.getByRole('button', { name: 'Français' }).waitFor();
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl']);
    await expect.poll(() => page.getByText('القنصلية العامة للمملكة المغربية بباريس').count()).toBe(1);
    for (const name of ['العربية', 'Français', 'English', 'Español']) expect(await page.getByRole('button', { name }).count()).toBe(1);
    // Every control has an accessible name.
    const unnamed = await page.$$eval('button, a, input, select', (els) => els.filter((e) => !(e.getAttribute('aria-label') || e.textContent?.trim())).length);
    expect(unnamed).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('switches to French left to right and offers the services from the daemon to walk-ins', async () => {
    const { page } = await open('/');
    await page.getByRole('button', { name: 'Français' }).click();
    await page.getByRole('heading', { name: /Scannez le QR code/ }).waitFor();
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['fr', 'ltr']);
    await page.getByRole('button', { name: 'Sans rendez-vous' }).click();
    const services = page.getByRole('group', { name: 'Choisissez un service' }).getByRole('button');
    await services.first().waitFor();
    // A tile is named by its service; its fee is its description, not part of its name.
    expect(await page.getByRole('group', { name: 'Choisissez un service' }).getByRole('button', { name: 'Passeport', exact: true }).count()).toBe(1);
    expect(await services.count()).toBe(daemon.ctx.config.services.length);
    await page.getByRole('button', { name: 'Retour' }).click();
    await page.getByRole('heading', { name: /Scannez le QR code/ }).waitFor();
    await page.close();
  });
});

describe('the diagnostics page in Chromium', () => {
  it('lists every device with a status light that changes live over the WebSocket', async () => {
    const { page, errors } = await open('/diagnostics');
    const row = page.locator('tr[data-device="printer"]');
    await row.waitFor();
    expect(await page.locator('tbody tr').count()).toBe(3);
    await expect.poll(() => row.getAttribute('data-status')).toBe('ok');
    await page.locator('.link[data-state="online"]').waitFor();
    // A real fault in the virtual printer, read back by the driver's status query.
    daemon.ctx.hardware.printer.sim?.setFault('paper-out');
    await daemon.ctx.hardware.printer.service.status();
    await expect.poll(() => row.getAttribute('data-status')).toBe('error');
    expect(await row.textContent()).toContain('paper out');
    expect(await page.getByRole('img', { name: 'printer: Error' }).count()).toBe(1);
    daemon.ctx.hardware.printer.sim?.loadPaper();
    await daemon.ctx.hardware.printer.service.status();
    await expect.poll(() => row.getAttribute('data-status')).toBe('ok');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('counter and board pages load from the daemon without errors', async () => {
    for (const path of ['/counter', '/board']) {
      const { page, errors } = await open(path);
      await page.locator('.link[data-state="online"]').waitFor();
      // The signed-out counter asks /api/auth/me and gets 401: expected, and logged by Chromium as a failed load.
      expect(
        errors.filter((e) => !/status of 401/.test(e)),
        path,
      ).toEqual([]);
      await page.close();
    }
  });
});
