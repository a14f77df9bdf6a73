// Issue 15: what the visitor reads at a kiosk of a post (role kiosk) when the post level gets in the way, in
// Chromium against a real hub process and kiosk daemons with simulated devices.
// - A ticket printed from the kiosk's offline block (the hub is down) says, in the visitor's language, that it
//   was issued offline and that the number is valid.
// - A kiosk whose clock is minutes off the hub's refuses at the start of the visit, before any claim or payment,
//   with its own words (not the queue's "paused"), sends the visitor to staff and alerts staff with the difference.
// The kiosk's clock is set off by faking Date in this process (the kiosk daemon runs here; the hub, its own
// process, keeps the real time) only while the kiosk starts and measures it: the refusal is kept until its next
// measure, minutes later.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { tempDir } from '../support/tmp';
import { onScreen, openKiosk, view } from '../checkin/page';
import { sampleConfig } from '../support/daemon';
import { startVisitDaemon } from '../../bench/visit-driver';
import { joinKiosk, startHub, startPostKiosk, until, type Hub } from '../post/rig';
import type { RunningDaemon } from '../../server/daemon';

const MIN = 60_000;
let hub: Hub;
let dir = '';
const kiosks: RunningDaemon[] = [];
let browser: Browser;
let cleanup = () => {};

beforeAll(async () => {
  const t = tempDir('post-wording-e2e-');
  ({ dir, cleanup } = t);
  hub = await startHub(join(dir, 'hub'));
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  vi.useRealTimers();
  await browser?.close();
  for (const k of kiosks) await k.close();
  await hub?.stop();
  cleanup();
});

const events = (k: RunningDaemon, kind: string) =>
  (k.ctx.db.prepare('SELECT payload FROM events WHERE kind = ? ORDER BY id').all(kind) as Array<{ payload: string }>).map(
    (r) => JSON.parse(r.payload) as Record<string, unknown>,
  );

describe('the visitor at a kiosk of a post, in Chromium', () => {
  it('a ticket from the offline block says, in the visitor language, that it was issued offline and the number is valid', async () => {
    const k2 = await startPostKiosk(hub, 'K2', join(dir, 'K2'));
    kiosks.push(k2);
    await hub.stop();
    try {
      await offlineVisit(k2);
    } finally {
      await hub.restart();
    }
  }, 120_000);

  async function offlineVisit(k2: RunningDaemon) {
    const { page, errors, close } = await openKiosk(browser, k2.url);
    await page.getByRole('button', { name: 'Français' }).click();
    await page.getByRole('button', { name: 'Sans rendez-vous' }).click();
    await page.getByRole('button', { name: 'Renseignements' }).click();
    await page.getByRole('button', { name: 'Confirmer et prendre un ticket' }).click();
    await onScreen(page, 'done');
    const mark = page.getByRole('status').filter({ hasText: 'Ticket délivré hors connexion : votre numéro est bien valable. Gardez votre ticket.' });
    await mark.waitFor();
    const v = await view(k2.url);
    expect(v.visit.ticket).toMatchObject({ offline: true });
    expect(await page.locator('.ticket-number').textContent()).toBe(v.visit.ticket!.number);
    // The kiosk journaled it as an offline ticket, to upload when the hub is back.
    const offline = k2.ctx.db.prepare('SELECT count(*) AS n FROM kiosk_offline_tickets WHERE uploaded_at IS NULL').get() as { n: number };
    expect(offline.n).toBe(1);
    expect(errors).toEqual([]);
    await page.getByRole('button', { name: 'D’accord' }).click();
    await onScreen(page, 'attract');
    await close();
  }

  it('a kiosk whose clock is 10 minutes off refuses at the start, before any claim or payment, says to ask staff, and alerts them', async () => {
    const k1Dir = join(dir, 'K1');
    await joinKiosk(hub, 'K1', k1Dir);
    // The kiosk's clock 10 minutes behind the hub's while it starts and takes its first measure.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(Date.now() - 10 * MIN);
    let k1: RunningDaemon;
    try {
      k1 = await startVisitDaemon(k1Dir, { role: 'kiosk', kioskId: 'K1', post: sampleConfig().post });
      kiosks.push(k1);
      await until('K1 to find its clock off the hub’s', () => events(k1, 'post.clock-off').length > 0, 60_000);
    } finally {
      vi.useRealTimers();
    }

    const { page, errors, close } = await openKiosk(browser, k1.url);
    await page.getByRole('button', { name: 'English' }).click();
    await onScreen(page, 'error');
    const alert = page.getByRole('alert');
    await alert.getByRole('heading', { name: 'This kiosk cannot give tickets right now. No payment was taken.' }).waitFor();
    await alert.getByText('Please ask a member of staff at the reception desk: they have been told.').waitFor();
    const v = await view(k1.url);
    expect(v.visit.problem).toMatchObject({ code: 'numbers-clock' });

    // Staff are alerted with the difference (journaled, shipped to the hub); nothing was paid or issued.
    const [alerted] = events(k1, 'checkin.staff-alert');
    expect(alerted).toMatchObject({ reason: 'numbers-clock', detail: { maxSkewSeconds: sampleConfig().post.maxClockSkewSeconds } });
    const skew = (alerted!.detail as { skewSeconds: number }).skewSeconds;
    expect(skew).toBeGreaterThan(9 * 60);
    expect(skew).toBeLessThan(11 * 60);
    expect(k1.ctx.db.prepare('SELECT count(*) AS n FROM payments').get()).toEqual({ n: 0 });
    expect(events(k1, 'checkin.ticket-issued')).toEqual([]);
    expect(errors).toEqual([]);
    await page.getByRole('button', { name: 'OK' }).click();
    await onScreen(page, 'attract');
    await close();
  }, 120_000);
});
