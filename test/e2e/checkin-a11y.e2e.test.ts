// axe-core on every kiosk screen a visitor can reach, in Arabic (right to left) and in French, against the
// real daemon and simulated devices (ZVT terminal over a pty, virtual printer over TCP, serial scanner).
// The idle overlay is checked in checkin-idle.e2e.test.ts, where the idle timer is short.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startCheckinRig, type CheckinRig } from '../checkin/rig';
import { appointmentQr } from '../checkin/tokens';
import { axeViolations, backToAttract, onScreen, openKiosk, view } from '../checkin/page';
import { kioskWords } from '../../renderer/kiosk/words';

let rig: CheckinRig;
let browser: Browser;

beforeAll(async () => {
  // A PIN that takes long enough for axe to look at the paying screen.
  rig = await startCheckinRig({ timing: { pinDelayMs: 5000, pinStepMs: 1000 } });
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await rig?.close();
});

const send = (cmd: { type: 'ACKNOWLEDGE' | 'CANCEL' }) => rig.daemon.ctx.checkin.send(cmd);

describe.each(['ar', 'fr'] as const)('accessibility of the kiosk screens in %s', (lang) => {
  const w = kioskWords(lang);
  const found: Record<string, string[]> = {};
  const checked: string[] = [];
  const check = async (page: Page, name: string) => {
    // The page's lang and dir follow the visitor's language on every screen after the attract screen.
    if (name !== 'attract')
      expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]), name).toEqual([lang, lang === 'ar' ? 'rtl' : 'ltr']);
    const v = await axeViolations(page);
    checked.push(name);
    if (v.length) found[name] = v;
  };
  const start = async (page: Page) => {
    await backToAttract(rig.url, send);
    await onScreen(page, 'attract');
    await page.locator(`button[data-lang="${lang}"]`).click();
    await onScreen(page, 'identify.scan');
  };

  it('attract, scan, staff call, typed code and its error', async () => {
    await backToAttract(rig.url, send);
    const { page, close } = await openKiosk(browser, rig.url);
    await onScreen(page, 'attract');
    await check(page, 'attract');
    await start(page);
    await check(page, 'scan');
    await page.getByRole('button', { name: w.contrast }).click();
    await page.locator('html.high-contrast').waitFor({ state: 'attached' });
    await check(page, 'scan (high contrast)');
    await page.getByRole('button', { name: w.contrast }).click();

    await page.getByRole('button', { name: w.callStaff }).click();
    await page.locator('.overlay:not([hidden])').waitFor();
    await check(page, 'staffCall');
    await page.locator('.overlay').getByRole('button', { name: w.continue }).click();
    await page.locator('.overlay[hidden]').waitFor({ state: 'attached' });

    await page.getByRole('button', { name: w.typeCode }).click();
    await onScreen(page, 'identify.typeCode');
    await check(page, 'typeCode');
    await page.locator('#code').fill('ABC-DEF-GHJ');
    await page.getByRole('button', { name: w.submit }).click();
    await onScreen(page, 'error');
    expect((await view(rig.url)).visit.problem?.code).toMatch(/^appointment-/);
    await check(page, 'error');
    await page.getByRole('button', { name: w.ok }).click();
    await onScreen(page, 'attract');
    await close();
  });

  it('walk-in services, summary, payment failed, paying, done', async () => {
    const { page, close } = await openKiosk(browser, rig.url);
    await start(page);
    await page.getByRole('button', { name: w.walkIn }).click();
    await onScreen(page, 'identify.walkIn');
    await check(page, 'walkIn');
    await page.locator('button[data-service="passport"]').click();
    await onScreen(page, 'summary');
    await page.getByRole('button', { name: w.more }).click();
    await expect.poll(async () => (await view(rig.url)).visit.persons).toBe(2);
    await check(page, 'summary');

    rig.terminal.setScenario('decline');
    await page.getByRole('button', { name: w.confirmAndPay }).click();
    await onScreen(page, 'paymentFailed', 20_000);
    await check(page, 'paymentFailed');

    rig.terminal.setScenario('pin-delay');
    await page.getByRole('button', { name: w.tryAnotherCard }).click();
    await page.locator('[data-prompt="enter-pin"]').waitFor({ timeout: 15_000 });
    await check(page, 'paying');
    await onScreen(page, 'done', 20_000);
    await check(page, 'done');
    await page.getByRole('button', { name: w.ok }).click();
    await onScreen(page, 'attract');
    await close();
  }, 40_000);

  it('appointment summary, and the ticket shown on screen when printing failed', async () => {
    const { page, close } = await openKiosk(browser, rig.url);
    await start(page);
    await rig.scan(await appointmentQr({ services: ['cnie'], persons: 1 }));
    await onScreen(page, 'summary');
    await check(page, 'summary (appointment)');

    rig.terminal.setScenario('pin-delay');
    await page.getByRole('button', { name: w.confirmAndPay }).click();
    await page.locator('[data-prompt="enter-pin"]').waitFor({ timeout: 15_000 });
    // The printer fails after the payment started: the paid visitor gets the number and QR on screen.
    rig.printer.setFault('error');
    try {
      await onScreen(page, 'printFailed', 20_000);
      await page.locator('img.qr').waitFor();
      await check(page, 'printFailed');
    } finally {
      rig.printer.clearFaults();
    }
    await page.getByRole('button', { name: w.notedNumber }).click();
    await onScreen(page, 'attract');
    await close();
    await backToAttract(rig.url, send);
  }, 40_000);

  it('has no axe violations on any of them', () => {
    expect(checked).toEqual(
      expect.arrayContaining([
        'attract',
        'scan',
        'scan (high contrast)',
        'staffCall',
        'typeCode',
        'error',
        'walkIn',
        'summary',
        'paymentFailed',
        'paying',
        'done',
        'summary (appointment)',
        'printFailed',
      ]),
    );
    expect(found).toEqual({});
  });
});
