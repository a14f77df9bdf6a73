// High contrast on the kiosk (issue 19, item 14): the whole page switches, not only its buttons; every text a visitor
// sees then stands at 7:1 or more against what is behind it (WCAG 1.4.6, enhanced contrast); the volume buttons of the
// speech mode have names in the visitor's language; the next visitor starts in normal contrast. Real daemon, Chromium.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startCheckinRig, type CheckinRig } from '../checkin/rig';
import { backToAttract, onScreen, openKiosk } from '../checkin/page';
import { kioskWords } from '../../renderer/kiosk/words';

let rig: CheckinRig;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(join(process.cwd(), 'test-results'), { recursive: true });
  rig = await startCheckinRig();
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await rig?.close();
});

const send = (cmd: { type: 'ACKNOWLEDGE' | 'CANCEL' }) => rig.daemon.ctx.checkin.send(cmd);

interface Looks {
  pageBackground: string;
  pageText: string;
  /** Visible texts under 7:1 against their background, with their ratio. */
  weak: Array<{ text: string; ratio: number }>;
  texts: number;
}

/** The page's colours as Chromium computed them, and every visible text's contrast against its effective background. */
const looks = (page: Page): Promise<Looks> =>
  page.evaluate(() => {
    const rgba = (c: string): [number, number, number, number] => {
      const m = /rgba?\(([^)]+)\)/.exec(c);
      if (!m) return [0, 0, 0, 0];
      const p = m[1]!
        .split(/[ ,/]+/)
        .filter(Boolean)
        .map(Number);
      return [p[0]!, p[1]!, p[2]!, p[3] ?? 1];
    };
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
    };
    /** The first opaque background from the element up, else the page's. */
    const behind = (el: Element | null): number[] => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgba(getComputedStyle(e).backgroundColor);
        if (c[3] > 0.5) return c;
      }
      return rgba(getComputedStyle(document.documentElement).backgroundColor);
    };
    const weak: Array<{ text: string; ratio: number }> = [];
    let texts = 0;
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const own = Array.from(el.childNodes)
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent ?? '')
        .join('')
        .trim();
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      if (!own || r.width < 2 || r.height < 2 || cs.visibility === 'hidden' || cs.clipPath.startsWith('inset(50%')) continue;
      texts++;
      const a = lum(rgba(cs.color));
      const b = lum(behind(el));
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      if (ratio < 7) weak.push({ text: own.slice(0, 40), ratio: Math.round(ratio * 10) / 10 });
    }
    return {
      pageBackground: getComputedStyle(document.documentElement).backgroundColor,
      pageText: getComputedStyle(document.body).color,
      weak,
      texts,
    };
  });

describe.each(['fr', 'ar'] as const)('high contrast on the kiosk in %s', (lang) => {
  const w = kioskWords(lang);

  it('switches the whole page to 7:1 and more, names the volume buttons, and is off again for the next visitor', async () => {
    await backToAttract(rig.url, send);
    const { page, errors, close } = await openKiosk(browser, rig.url);
    try {
      await onScreen(page, 'attract');
      await page.locator(`button[data-lang="${lang}"]`).click();
      await onScreen(page, 'identify.scan');
      const normal = await looks(page);

      await page.getByRole('button', { name: w.contrast }).click();
      await page.locator('html.high-contrast').waitFor({ state: 'attached' });
      const high = await looks(page);
      // The page itself, not only its buttons: black behind white text.
      expect(high.pageBackground).toBe('rgb(0, 0, 0)');
      expect(high.pageText).toBe('rgb(255, 255, 255)');
      expect(normal.pageBackground).not.toBe(high.pageBackground);
      expect(high.texts).toBeGreaterThan(3);
      expect(high.weak).toEqual([]);

      // The walk-in services screen in high contrast too.
      await page.getByRole('button', { name: w.walkIn }).click();
      await onScreen(page, 'identify.walkIn');
      expect((await looks(page)).weak).toEqual([]);
      await page.screenshot({ path: join(process.cwd(), 'test-results', `kiosk-high-contrast-${lang}.png`) });

      // Speech mode: the volume buttons say what they do, in the visitor's language.
      await page.getByRole('button', { name: w.speech }).click();
      expect(await page.getByRole('button', { name: w.volumeDown }).count()).toBe(1);
      expect(await page.getByRole('button', { name: w.volumeUp }).count()).toBe(1);

      // The visitor leaves: the next one starts in normal contrast, without speech.
      await backToAttract(rig.url, send);
      await onScreen(page, 'attract');
      await page.locator('html:not(.high-contrast)').waitFor({ state: 'attached' });
      expect(await page.getByRole('button', { name: w.volumeDown }).count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
