// The board's announcement plays in Chromium (issue 19 item 12): a call is spoken in each language of the post, in
// order, from the daemon's WAV (not the browser's voices, which this Chromium does not have), each clip to its end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
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
  // A lobby board plays without anyone touching it (the kiosk shell and the board's Chromium are started this way).
  browser = await launchChromium(['--autoplay-policy=no-user-gesture-required']);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await daemon?.close();
  cleanup?.();
});

describe('the board’s spoken call', () => {
  it('plays the daemon’s clip of the call in French then Arabic, each to its end', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const clips: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/board/speech')) clips.push(new URL(r.url()).searchParams.get('lang')!);
    });
    await page.goto(`${daemon.url}/board`);
    await page.locator('#counters li').first().waitFor();
    const r = daemon.ctx.queue.issueTicket({ service: 'passport', kind: 'walk-in', persons: 1, lang: 'fr' });
    if (!r.ok) throw new Error(r.detail);
    const counter = daemon.ctx.queue.counters.find((c) => c.services.includes('passport'))!;
    expect(daemon.ctx.queue.callNext(counter.id, { id: 'test:board' })).toMatchObject({ ok: true });

    const log = page.locator('#announce-log li');
    await expect
      .poll(
        () => log.evaluateAll((els) => els.map((el) => [el.textContent, (el as HTMLElement).dataset.played ?? '', (el as HTMLElement).dataset.error ?? ''])),
        { timeout: 20_000 },
      )
      .toEqual([
        [`Ticket ${r.ticket.prefix} ${r.ticket.number}, guichet ${counter.name}`, 'clip', ''],
        [`التذكرة ${r.ticket.prefix} ${r.ticket.number}، الشباك ${counter.name}`, 'clip', ''],
      ]);
    expect(clips).toEqual(['fr', 'ar']);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
