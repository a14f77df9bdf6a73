// Issue 15, item 7: the hub's technician page in Chromium shows each kiosk's devices. Kiosk K1 (a real daemon of
// role kiosk) runs its simulated printer out of paper; the "Post" section of the hub's diagnostics page shows K1's
// device table with the printer's paper out, and how old that report is. The hub is its own process (HTTPS);
// Chromium pins the hub's key as in post-hub.e2e.test.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, trustOnlyKeyOf } from '../support/browser';
import { tempDir } from '../support/tmp';
import { signIn, TECH_PIN } from '../diagnostics/support';
import { startHub, startPostKiosk, type Hub } from '../post/rig';
import type { RunningDaemon } from '../../server/daemon';

let hub: Hub;
let kiosk: RunningDaemon;
let browser: Browser;
let cleanup = () => {};

beforeAll(async () => {
  const t = tempDir('post-devices-e2e-');
  cleanup = t.cleanup;
  hub = await startHub(join(t.dir, 'hub'));
  kiosk = await startPostKiosk(hub, 'K1', join(t.dir, 'K1'));
  browser = await launchChromium([trustOnlyKeyOf(readFileSync(join(hub.dir, 'post', 'hub.pem'), 'utf8'))]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await kiosk?.close();
  await hub?.stop();
  cleanup();
});

describe("hub diagnostics page, each kiosk's devices, in Chromium", () => {
  it("shows kiosk K1's printer out of paper, with the report's age", async () => {
    const tech = await signIn(kiosk, TECH_PIN);
    expect((await tech.post('diagnostics/devices/printer/fault', { fault: 'paper-out' })).status).toBe(200);

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${hub.url}/diagnostics`);
    await page.getByLabel('Technician PIN').fill(TECH_PIN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Post' }).waitFor();
    const devices = page.getByRole('table', { name: 'Devices of kiosk K1' });
    const printerRow = devices.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'printer' }) });
    const again = page.getByRole('button', { name: 'Check the post again' });
    await expect
      .poll(
        async () => {
          await again.click();
          return (await printerRow.count()) ? ((await printerRow.getByRole('cell').allTextContents()).join(' | ') ?? '') : '';
        },
        { timeout: 30_000 },
      )
      .toMatch(/paper out/);
    const cells = (await printerRow.getByRole('cell').allTextContents()).join(' | ');
    expect(cells).toMatch(/escpos/);
    expect(cells).toMatch(/simulated/);
    expect(cells).toMatch(/error/);
    await expect.poll(async () => (await page.getByRole('region', { name: 'Post' }).textContent()) ?? '').toMatch(/K1 devices, reported \d+ s ago/);
    expect(
      await devices
        .getByRole('row')
        .filter({ has: page.getByRole('rowheader', { name: 'terminal' }) })
        .count(),
    ).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it("puts K1's paper out on the counter page at the hub, and takes it off once the roll is in", async () => {
    const tech = await signIn(kiosk, TECH_PIN);
    expect((await tech.post('diagnostics/devices/printer/fault', { fault: 'paper-out' })).status).toBe(200);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${hub.url}/counter`);
    await page.getByLabel('Guichet', { exact: true }).selectOption('1');
    await page.getByLabel('Code PIN', { exact: true }).fill('1111');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { name: 'Guichet 1' }).waitFor();
    const banner = page.getByRole('alert').filter({ hasText: 'Borne K1 :' });
    await banner.filter({ hasText: 'imprimante sans papier' }).waitFor({ timeout: 30_000 });
    expect((await tech.post('diagnostics/devices/printer/fault', { fault: 'clear' })).status).toBe(200);
    await expect.poll(() => banner.count(), { timeout: 30_000 }).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);
});
