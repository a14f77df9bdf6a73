// Helpers for driving the kiosk page in Chromium: open it, wait for a screen of the flow, read the view.
import { expect } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { CheckinView } from '../../shared/checkin-api';

export interface OpenPage {
  page: Page;
  /** Page errors and console errors seen so far. */
  errors: string[];
  close(): Promise<void>;
}

/** A fresh browser context per visitor (bypassCSP only so that axe-core can be injected). */
export async function openKiosk(browser: Browser, url: string): Promise<OpenPage> {
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1080, height: 1920 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${url}/`);
  await page.locator('#app[data-screen]').waitFor();
  return { page, errors, close: () => context.close() };
}

/** Waits until the page shows a screen whose dotted path starts with `prefix` ("summary", "paying.inProgress"). */
export async function onScreen(page: Page, prefix: string, timeout = 15_000): Promise<void> {
  await page.locator(`#app[data-screen^="${prefix}"]`).waitFor({ timeout });
}

export async function view(url: string): Promise<CheckinView> {
  const r = await fetch(`${url}/api/checkin`);
  expect(r.status).toBe(200);
  return (await r.json()) as CheckinView;
}

/** Brings the flow back to the attract screen from a screen that offers a way out. */
export async function backToAttract(url: string, send: (cmd: { type: 'ACKNOWLEDGE' | 'CANCEL' }) => void): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const v = await view(url);
    if (v.screen.startsWith('attract')) return;
    send({ type: v.screen.startsWith('done') || v.screen.startsWith('error') || v.screen.startsWith('printFailed') ? 'ACKNOWLEDGE' : 'CANCEL' });
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the kiosk did not return to the attract screen: ${(await view(url)).screen}`);
}

/** axe-core in the page; returns the violations as short readable lines. */
export async function axeViolations(page: Page): Promise<string[]> {
  const has = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe !== 'undefined');
  if (!has) await page.addScriptTag({ path: 'node_modules/axe-core/axe.min.js' });
  const result = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run(
            ctx: unknown,
            opts: unknown,
          ): Promise<{ violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: unknown[]; failureSummary?: string }> }> }>;
        };
      }
    ).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join(' | ')}`,
  );
}
