// The "Post" section of the technician's page in Chromium, on a kiosk of a post (role kiosk) joined to a real hub
// process: the hub link is shown reachable with its clock difference and the kiosk's offline blocks; once the hub
// stops, the section says the hub is unreachable.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { tempDir } from '../support/tmp';
import { startHub, startPostKiosk, type Hub } from '../post/rig';
import type { RunningDaemon } from '../../server/daemon';

let hub: Hub;
let kiosk: RunningDaemon;
let browser: Browser;
let cleanup = () => {};

beforeAll(async () => {
  const t = tempDir('post-diag-e2e-');
  cleanup = t.cleanup;
  hub = await startHub(join(t.dir, 'hub'));
  kiosk = await startPostKiosk(hub, 'K1', join(t.dir, 'K1'));
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await kiosk?.close();
  await hub?.stop();
  cleanup();
});

describe('diagnostics page, post section, in Chromium', () => {
  it('a kiosk shows its hub link, clock and offline blocks, then the hub unreachable', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${kiosk.url}/diagnostics`);
    await page.getByLabel('Technician PIN').fill('4444');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Post' }).waitFor();
    const linkState = () => page.locator('[data-post-link]').getAttribute('data-post-link');
    const again = page.getByRole('button', { name: 'Check the post again' });
    await expect
      .poll(
        async () => {
          await again.click();
          return linkState();
        },
        { timeout: 30_000 },
      )
      .toBe('reachable');
    await expect
      .poll(async () => (await page.locator('#post').textContent()) ?? '', { timeout: 10_000 })
      .toMatch(/Clock difference to the hub.*s \(180 s allowed\)/);
    await expect.poll(() => page.locator('#post tr[data-prefix]').count(), { timeout: 10_000 }).toBeGreaterThan(0);

    await hub.stop();
    await expect
      .poll(
        async () => {
          await again.click();
          return linkState();
        },
        { timeout: 30_000 },
      )
      .toBe('unreachable');
    await page
      .getByRole('list', { name: 'Needs a technician' })
      .filter({ hasText: /does not answer \(unreachable\)/ })
      .waitFor();
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);
});
