// The daemon unreachable (issue 19, item 4): the kiosk page says it is out of service in the visitor's language, its
// buttons cannot be used, and it recovers by itself when the daemon is back on the same address. Real daemon (stopped
// and started again on its port and journal), Chromium.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { sampleConfig } from '../support/daemon';
import { freePort } from '../support/ports';
import { tempDir } from '../support/tmp';
import { onScreen, openKiosk, view } from '../checkin/page';
import { startDaemon, type RunningDaemon } from '../../server/daemon';
import { kioskWords } from '../../renderer/kiosk/words';

let daemon: RunningDaemon | null = null;
let browser: Browser;
let cleanup: () => void;
let dir = '';
let port = 0;

async function start(): Promise<RunningDaemon> {
  const base = sampleConfig({ log: { level: 'warn', maxSize: '10m', keep: 2 } });
  return startDaemon({ config: { ...base, dataDir: dir, server: { ...base.server, port } }, quietFileLog: true });
}

beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  dir = t.dir;
  port = await freePort();
  mkdirSync(join(process.cwd(), 'test-results'), { recursive: true });
  daemon = await start();
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await daemon?.close();
  cleanup?.();
});

describe('the kiosk page while its daemon is unreachable', () => {
  it('says it is out of service in the visitor’s language, blocks its buttons, and comes back by itself', async () => {
    const fr = kioskWords('fr');
    const { page, close } = await openKiosk(browser, `http://127.0.0.1:${port}`);
    try {
      await onScreen(page, 'attract');
      await page.locator('button[data-lang="fr"]').click();
      await onScreen(page, 'identify.scan');
      const notice = page.getByRole('alertdialog', { name: fr.outOfServiceTitle });
      expect(await notice.count()).toBe(0);

      await daemon!.close();
      daemon = null;
      await notice.waitFor();
      expect(await notice.textContent()).toContain(fr.outOfServiceText);
      await page.screenshot({ path: join(process.cwd(), 'test-results', 'kiosk-out-of-service-fr.png') });
      // Nothing under the notice can be used: the page, the toolbar and the dialogs are inert.
      const walkIn = page.getByRole('button', { name: fr.walkIn });
      expect(await walkIn.evaluate((b) => b.closest('[inert]') !== null)).toBe(true);
      expect(await page.locator('.toolbar').evaluate((t) => (t as HTMLElement).inert)).toBe(true);

      // Back on the same port and journal: the page reconnects (its retry waits at most 15 s) and is usable again.
      daemon = await start();
      await notice.waitFor({ state: 'hidden', timeout: 40_000 });
      // The restarted daemon starts a new visit (nothing was paid): the page follows it, though the new daemon counts
      // its views from 1 again, and its buttons work again.
      expect((await view(`http://127.0.0.1:${port}`)).screen).toMatch(/^attract/);
      await onScreen(page, 'attract');
      expect(await page.locator('#app').evaluate((a) => (a as HTMLElement).inert)).toBe(false);
      await page.locator('button[data-lang="fr"]').click();
      await onScreen(page, 'identify.scan');
      await walkIn.click();
      await onScreen(page, 'identify.walkIn');
    } finally {
      await close();
    }
  }, 90_000);
});
