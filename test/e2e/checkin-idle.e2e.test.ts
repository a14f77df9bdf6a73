// Idle reset end to end, with a short IDLE_TIMEOUT and the smallest grace the accessibility rule allows
// (20 s): the warning overlay counts down, "Continuer" keeps the visit, and without a touch the visit is
// forgotten and the attract screen returns. axe-core checks the overlay in Arabic and in French.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startCheckinRig, type CheckinRig } from '../checkin/rig';
import { axeViolations, onScreen, openKiosk, view } from '../checkin/page';
import { kioskWords } from '../../renderer/kiosk/words';
import { MIN_IDLE_GRACE } from '../../state/checkin';

const IDLE_TIMEOUT = 1500;
let rig: CheckinRig;
let browser: Browser;

beforeAll(async () => {
  rig = await startCheckinRig({ checkin: { timeouts: { IDLE_TIMEOUT, IDLE_GRACE: MIN_IDLE_GRACE } } });
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await rig?.close();
});

describe('idle reset on the kiosk page', () => {
  it('a daemon refuses an idle grace under 20 s', async () => {
    const { startTestDaemon } = await import('../support/daemon');
    const { tempDir } = await import('../support/tmp');
    const t = tempDir();
    try {
      await expect(startTestDaemon(t.dir, { checkin: { ...rig.daemon.ctx.config.checkin, timeouts: { IDLE_GRACE: 5000 } } })).rejects.toThrow(
        /IDLE_GRACE is 5000 ms/,
      );
    } finally {
      t.cleanup();
    }
  });

  it('Arabic: the warning counts down and "continue" keeps the visit', async () => {
    const w = kioskWords('ar');
    const { page, close } = await openKiosk(browser, rig.url);
    await page.locator('button[data-lang="ar"]').click();
    await page.getByRole('button', { name: w.walkIn }).click();
    await page.locator('button[data-service="passport"]').click();
    await onScreen(page, 'summary');
    await page.getByRole('button', { name: w.more }).click();
    await expect.poll(async () => (await view(rig.url)).visit.persons).toBe(2);

    const overlay = page.locator('.overlay:not([hidden])');
    await overlay.waitFor({ timeout: 10_000 });
    expect(await overlay.getByRole('heading').textContent()).toBe(w.idleTitle);
    const secs = async () => Number(/^(\d+) /.exec((await overlay.locator('.countdown').textContent()) ?? '')?.[1]);
    await expect.poll(secs).toBeLessThanOrEqual(MIN_IDLE_GRACE / 1000);
    const first = await secs();
    expect(first).toBeGreaterThan(10);
    await expect.poll(secs, { timeout: 5000 }).toBeLessThan(first);
    expect(await axeViolations(page)).toEqual([]);

    await overlay.getByRole('button', { name: w.continue }).click();
    await page.locator('.overlay[hidden]').waitFor({ state: 'attached' });
    const v = await view(rig.url);
    expect(v.screen).toMatch(/^summary/);
    expect(v.tags).not.toContain('idleWarning');
    expect(v.visit.services).toEqual(['passport']);
    expect(v.visit.persons).toBe(2);
    rig.daemon.ctx.checkin.send({ type: 'CANCEL' });
    await onScreen(page, 'attract');
    await close();
  });

  it('French: without a touch the visit is forgotten after the grace', async () => {
    const w = kioskWords('fr');
    const { page, close } = await openKiosk(browser, rig.url);
    await page.locator('button[data-lang="fr"]').click();
    await page.getByRole('button', { name: 'Sans rendez-vous' }).click();
    await page.locator('button[data-service="cnie"]').click();
    await onScreen(page, 'summary');
    const overlay = page.locator('.overlay:not([hidden])');
    await overlay.waitFor({ timeout: 10_000 });
    const warnedAt = Date.now();
    expect(await overlay.getByRole('heading').textContent()).toBe('Êtes-vous encore là ?');
    expect(await overlay.locator('.countdown').textContent()).toMatch(new RegExp(`^\\d+ ${w.secondsLeft}$`));
    expect(await axeViolations(page)).toEqual([]);

    // Still the visit a little before the grace ends…
    await page.waitForTimeout(MIN_IDLE_GRACE - 3000 - (Date.now() - warnedAt));
    expect((await view(rig.url)).visit.services).toEqual(['cnie']);
    // …then the attract screen, with the visitor's choices gone.
    await onScreen(page, 'attract', 10_000);
    const v = await view(rig.url);
    expect(v.visit).toMatchObject({ source: null, services: [], quote: null, persons: 1, payment: null, ticket: null });
    expect(await page.locator('.overlay').isHidden()).toBe(true);
    expect(await page.locator('button[data-lang="fr"]').count()).toBe(1);
    await close();
  }, 45_000);
});
