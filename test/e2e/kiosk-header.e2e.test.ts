// The consulate's header on every visitor screen (issue 19 item 13), in Chromium against the real daemon: the name from
// the config in the visitor's language (French, Arabic right to left; English, which the config does not name it in,
// gets the French name marked as French), beside the emblem the config names, within the page's banner landmark; the
// start screen keeps the emblem alone (its body shows every name). On a portrait 1080×1920 screen the header sits at
// the top of the glass, above the screen's content and out of the reach zone. Without an emblem: the name alone.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { sampleConfig, startTestDaemon } from '../support/daemon';
import { tempDir } from '../support/tmp';
import { axeViolations, onScreen, openKiosk } from '../checkin/page';
import { kioskWords } from '../../renderer/kiosk/words';
import type { RunningDaemon } from '../../server/daemon';

const EMBLEM = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40"><circle cx="20" cy="20" r="18" fill="#c1272d"/></svg>';
const NAMES = sampleConfig().consulate.name;

let withEmblem: RunningDaemon;
let plain: RunningDaemon;
let browser: Browser;
let cleanup: () => void;

beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  const file = join(t.dir, 'emblem.svg');
  writeFileSync(file, EMBLEM);
  const base = sampleConfig();
  withEmblem = await startTestDaemon(join(t.dir, 'a'), { languages: ['ar', 'fr', 'en'], consulate: { ...base.consulate, emblem: file } });
  plain = await startTestDaemon(join(t.dir, 'b'));
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await withEmblem?.close();
  await plain?.close();
  cleanup?.();
});

const header = (page: Page) => page.getByRole('banner').locator('.consulate-header');

/** The header's box and the top of the screen's content (the first element in <main>). */
const boxes = (page: Page) =>
  page.evaluate(() => {
    const hd = document.querySelector('.consulate-header')!.getBoundingClientRect();
    const first = document.querySelector('#app > *')!.getBoundingClientRect();
    const bar = document.querySelector('.toolbar')!.getBoundingClientRect();
    return { top: hd.top, bottom: hd.bottom, contentTop: first.top, toolbarBottom: bar.bottom };
  });

describe('the consulate’s header on the kiosk', () => {
  it('shows the name in the visitor’s language beside the emblem on every screen, above the content', async () => {
    const { page, errors, close } = await openKiosk(browser, withEmblem.url);
    try {
      await onScreen(page, 'attract');
      // The start screen: the emblem, no second copy of the names its body shows.
      await header(page).locator('img.emblem').waitFor();
      expect(await header(page).locator('.consulate-title').count()).toBe(0);
      expect(await header(page).locator('img.emblem').getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
      expect(
        await header(page)
          .locator('img.emblem')
          .evaluate((i) => (i as HTMLImageElement).naturalWidth),
      ).toBeGreaterThan(0);

      for (const [lang, nameLang] of [
        ['fr', 'fr'],
        ['ar', 'ar'],
        ['en', 'fr'],
      ] as const) {
        const w = kioskWords(lang);
        await page.evaluate(() => fetch('/api/checkin/event', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"CANCEL"}' }));
        await onScreen(page, 'attract');
        await page.locator(`button[data-lang="${lang}"]`).click();
        for (const [screen, next] of [
          ['identify.scan', w.walkIn],
          ['identify.walkIn', null],
        ] as const) {
          await onScreen(page, screen);
          const title = header(page).locator('.consulate-title');
          await expect.poll(() => title.textContent()).toBe(NAMES[nameLang]);
          expect(await title.getAttribute('lang')).toBe(nameLang);
          expect(await title.getAttribute('dir')).toBe(nameLang === 'ar' ? 'rtl' : 'ltr');
          expect(await header(page).locator('img.emblem').isVisible()).toBe(true);
          // Under the toolbar, above the screen's content, in the top tenth of the portrait glass.
          const b = await boxes(page);
          expect(b.top).toBeGreaterThanOrEqual(b.toolbarBottom);
          expect(b.bottom).toBeLessThanOrEqual(b.contentTop);
          expect(b.bottom).toBeLessThan(1920 / 10);
          if (next) await page.getByRole('button', { name: next }).click();
        }
        if (lang === 'ar') expect(await axeViolations(page)).toEqual([]);
        await page.locator('button[data-service="passport"]').click();
        await onScreen(page, 'summary');
        expect(await header(page).locator('.consulate-title').textContent()).toBe(NAMES[nameLang]);
        expect((await boxes(page)).bottom).toBeLessThanOrEqual((await boxes(page)).contentTop);
      }
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 90_000);

  it('without an emblem in the config: the name alone', async () => {
    const { page, errors, close } = await openKiosk(browser, plain.url);
    try {
      await onScreen(page, 'attract');
      await page.locator('button[data-lang="ar"]').click();
      await onScreen(page, 'identify.scan');
      await expect.poll(() => header(page).locator('.consulate-title').textContent()).toBe(NAMES.ar);
      expect(await header(page).locator('img').count()).toBe(0);
      expect(await axeViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 60_000);
});
