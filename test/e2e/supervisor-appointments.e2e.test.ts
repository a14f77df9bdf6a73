// Today's appointments on /supervisor (issue 18 item 6), in Chromium against the real daemon: the booking system's
// feed dropped in the feed folder is listed (expected, late, cancelled), a visitor checking in at the kiosk turns
// "expected" into "arrived" without a reload, and a refused feed is shown with why. Controls by accessible name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { sampleConfig, startTestDaemon } from '../support/daemon';
import { tempDir } from '../support/tmp';
import type { RunningDaemon } from '../../server/daemon';
import { KID_A, issue, signer } from '../appointment/fixtures';
import { signFeed } from '../../domain/appointment/day-feed';
import { businessDay } from '../../domain/queue/business-day';
import { axeViolations } from '../checkin/page';

const MIN = 60_000;
let daemon: RunningDaemon;
let browser: Browser;
let cleanup: () => void;
let feeds: string;
const id = (n: number) => Uint8Array.from([0x30 + n, 1, 2, 3, 4, 5, 6, 7]);
const hex = (n: number) => Buffer.from(id(n)).toString('hex');
const token = (n: number, inMin: number, appointmentId: string) => {
  const slot = Date.now() + inMin * MIN;
  return issue({ tokenId: id(n), appointmentId, slotStart: new Date(slot), notBefore: new Date(slot - 60 * MIN), expires: new Date(slot + 30 * MIN) });
};

beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  feeds = join(t.dir, 'feeds');
  mkdirSync(feeds);
  const data = join(t.dir, 'data');
  mkdirSync(data);
  daemon = await startTestDaemon(data, { appointments: { ...sampleConfig().appointments, feed: { folder: feeds, pollSeconds: 1 } } });
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await daemon?.close();
  cleanup?.();
});

describe("today's appointments on the supervisor page", () => {
  it('lists the feed, turns a check-in into "arrived" live, and says why a feed was refused', async () => {
    const day = businessDay(new Date(), 'Europe/Paris');
    const tokens = [await token(1, 30, 'R-101'), await token(2, -5, 'R-102'), await token(3, 45, 'R-103')];
    writeFileSync(
      join(feeds, 'today.rdvfeed'),
      await signFeed({ consulate: 'FR-PAR', day, sequence: 5, issuedAt: new Date().toISOString(), tokens, revoked: [hex(3)] }, signer(KID_A)),
    );

    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(`${daemon.url}/supervisor`);
      await page.getByLabel('Code PIN superviseur').fill('3333');
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.getByRole('heading', { name: 'Rendez-vous du jour' }).waitFor();
      // The feed may land just after the page's first read: "check now" reads the sources again.
      await expect
        .poll(async () => {
          if (await page.getByText(/^Aucune liste de rendez-vous/).isVisible()) await page.getByRole('button', { name: 'Vérifier maintenant' }).click();
          return page.locator('#feed-state').textContent();
        })
        .toMatch(/^Liste de rendez-vous n° 5, reçue à \d\d:\d\d \(folder:today\.rdvfeed\) : 3 rendez-vous\.$/);
      const table = page.getByRole('table', { name: 'Rendez-vous du jour par heure' });
      const status = (a: string) => table.locator(`tr[data-appointment="${a}"] td.status`).textContent();
      expect(await status('R-101')).toBe('attendu');
      expect(await status('R-102')).toBe('en retard');
      expect(await status('R-103')).toBe('annulé');
      await page.getByRole('img', { name: '1 attendu, 1 en retard, 0 arrivé, 0 absent, 1 annulé' }).waitFor();

      // The visitor of R-101 checks in (the kiosk's claim, then its ticket, which pokes the page): no reload needed.
      daemon.ctx.db
        .prepare('INSERT INTO appointment_tokens_used (token_id, kiosk_id, used_at) VALUES (?, ?, ?)')
        .run(hex(1), 'PAR-K1', new Date().toISOString());
      daemon.ctx.queue.issueTicket({ service: 'passport', kind: 'appointment', persons: 1, lang: 'fr', slot: new Date() });
      await expect.poll(() => status('R-101')).toBe('arrivé');
      expect(await table.locator('tr[data-appointment="R-101"] td').last().textContent()).toMatch(/^\d\d:\d\d · PAR-K1$/);

      // A forged feed (its signature broken) is refused and the page says why; the list in force stays.
      writeFileSync(join(feeds, 'forged.rdvfeed'), 'RDVFEED1:AAAA');
      await page.getByRole('button', { name: 'Vérifier maintenant' }).click();
      await page
        .locator('#feed-refused')
        .getByText(/^Dernière liste refusée à \d\d:\d\d : /)
        .waitFor();
      expect(await status('R-102')).toBe('en retard');
      expect(await axeViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);
});
