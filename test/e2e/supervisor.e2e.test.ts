// The supervisor's live view (issue 18 item 4) in Chromium against the real daemon and journal: a supervisor signs
// in on /supervisor, sees the waiting tickets (and one issued meanwhile, pushed live), moves one to another service,
// cancels another with a reason, reopens a no-show, pauses a service and sees the kiosk's walk-in tile closed, changes
// the services a counter calls; every control is found by its accessible name, every action is in the journal with her id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startTestDaemon } from '../support/daemon';
import { tempDir } from '../support/tmp';
import type { RunningDaemon } from '../../server/daemon';
import { axeViolations, backToAttract, onScreen, openKiosk } from '../checkin/page';
import { kioskWords } from '../../renderer/kiosk/words';
import { recentEvents } from '../../store/events';

let daemon: RunningDaemon;
let browser: Browser;
let cleanup: () => void;

beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  daemon = await startTestDaemon(t.dir);
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await daemon?.close();
  cleanup?.();
});

function ticket(service: string) {
  const r = daemon.ctx.queue.issueTicket({ service, kind: 'walk-in', persons: 1, lang: 'fr' });
  if (!r.ok) throw new Error(r.detail);
  return r.ticket;
}

async function signIn(): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // The page asks who is signed in before anyone is: that 401 is the browser's console line, not an error of the page.
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 401/.test(m.text())) errors.push(m.text());
  });
  await page.goto(`${daemon.url}/supervisor`);
  await page.getByLabel('Code PIN superviseur').fill('3333');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { name: 'Tickets en attente' }).waitFor();
  return { page, errors, close: () => context.close() };
}

describe('the supervisor’s live view', () => {
  it('a supervisor moves a ticket, cancels another with a reason, pauses a service (the kiosk tile closes) and changes a counter’s services', async () => {
    const a = ticket('registration');
    const c = ticket('passport');
    const { page, errors, close } = await signIn();
    try {
      const waiting = page.getByRole('table', { name: 'Tickets en attente, du plus ancien au plus récent' });
      await waiting.getByRole('rowheader', { name: a.label }).waitFor();
      await waiting.getByRole('rowheader', { name: c.label }).waitFor();
      await page
        .locator('#longest-wait')
        .getByText(/^Plus longue attente : \d+ min/)
        .waitFor();

      // Live: a ticket issued at the kiosk meanwhile shows without a reload.
      const b = ticket('cnie');
      await waiting.getByRole('rowheader', { name: b.label }).waitFor();
      const cnie = page.getByRole('table', { name: 'Attente par service' }).locator('tr[data-service="cnie"] td[data-waiting]');
      await expect.poll(() => cnie.textContent()).toBe('1');

      // Move A to marriage: same number, another service.
      await page.getByLabel(`Service de destination pour ${a.label}`).selectOption('marriage');
      await page.getByRole('button', { name: `Déplacer ${a.label}`, exact: true }).click();
      await page.locator('#status').getByText(`${a.label} déplacé vers Acte de mariage.`).waitFor();
      await expect.poll(() => waiting.locator(`tr[data-ticket="${a.id}"] td`).first().textContent()).toBe('Acte de mariage');
      expect(recentEvents(daemon.ctx.db, { subject: a.id })[0]).toMatchObject({
        kind: 'queue.ticket.transferred',
        payload: { from: 'registration', to: 'marriage', actor: 'sofia' },
      });

      // Cancel C with a reason.
      await page.getByRole('button', { name: `Annuler ${c.label}`, exact: true }).click();
      const form = page.getByRole('form', { name: `Annulation du ticket ${c.label}` });
      await form.getByLabel(`Motif de l’annulation de ${c.label}`).fill('visiteur parti');
      await form.getByRole('button', { name: 'Confirmer l’annulation' }).click();
      await page.locator('#status').getByText(`${c.label} annulé.`).waitFor();
      await waiting.getByRole('rowheader', { name: c.label }).waitFor({ state: 'detached' });
      expect(daemon.ctx.queue.ticketDetail(c.id)).toMatchObject({ ok: true, detail: { ticket: { state: 'cancelled' } } });
      expect(recentEvents(daemon.ctx.db, { subject: c.id })[0]).toMatchObject({
        kind: 'queue.ticket.cancelled',
        payload: { actor: 'sofia', reason: 'visiteur parti' },
      });

      // A no-show at counter 1 shows live among the day's no-shows; reopened, it waits again with its number.
      const d = ticket('anthropometric');
      const q = daemon.ctx.queue;
      expect(q.callTicket('1', d.id, { id: 'amina' })).toMatchObject({ ok: true });
      q.recall('1', { id: 'amina' });
      q.recall('1', { id: 'amina' });
      expect(q.noShow('1', { id: 'amina' })).toMatchObject({ ok: true });
      const noShows = page.getByRole('table', { name: 'Tickets absents du jour' });
      await noShows.getByRole('rowheader', { name: d.label }).waitFor();
      await page.getByRole('button', { name: `Rouvrir ${d.label}`, exact: true }).click();
      await page.locator('#status').getByText(`${d.label} remis en attente.`).waitFor();
      await waiting.getByRole('rowheader', { name: d.label }).waitFor();
      await noShows.getByRole('rowheader', { name: d.label }).waitFor({ state: 'detached' });
      expect(recentEvents(daemon.ctx.db, { subject: d.id })[0]).toMatchObject({ kind: 'queue.ticket.reopened', payload: { actor: 'sofia' } });

      // Pause "Renseignements": the kiosk's walk-in tile says closed.
      await page.getByRole('button', { name: 'Mettre en pause le service Renseignements' }).click();
      await page.getByRole('button', { name: 'Reprendre le service Renseignements' }).waitFor();
      await backToAttract(daemon.url, (cmd) => daemon.ctx.checkin.send(cmd));
      const kiosk = await openKiosk(browser, daemon.url);
      try {
        const fr = kioskWords('fr');
        await kiosk.page.locator('button[data-lang="fr"]').click();
        await kiosk.page.getByRole('button', { name: fr.walkIn }).click();
        await onScreen(kiosk.page, 'identify.walkIn');
        const tile = kiosk.page.locator('button[data-service="information"]');
        await expect.poll(() => tile.getAttribute('data-closed')).toBe('paused');
        expect(await tile.locator('.closed-note').innerText()).toBe(fr.serviceClosedNoNext);
        expect(await kiosk.page.locator('button[data-service="passport"]').getAttribute('data-closed')).toBeNull();
        // Resumed: the tile opens again on the screen the visitor is looking at.
        await page.getByRole('button', { name: 'Reprendre le service Renseignements' }).click();
        await expect.poll(() => tile.getAttribute('data-closed')).toBeNull();
        expect(kiosk.errors).toEqual([]);
      } finally {
        await kiosk.close();
        await backToAttract(daemon.url, (cmd) => daemon.ctx.checkin.send(cmd));
      }

      // Counter 3 calls "Renseignements" too from now on.
      const services3 = page.getByRole('form', { name: 'Services du guichet 3' });
      await services3.getByRole('checkbox', { name: 'Renseignements', exact: true }).check();
      await page.getByRole('button', { name: 'Enregistrer les services du guichet 3' }).click();
      await page.locator('#status').getByText('Services du guichet 3 enregistrés.').waitFor();
      await page.locator('tr[data-counter="3"]').getByText('modifié par sofia').waitFor();
      expect(daemon.ctx.queue.counter('3')?.services).toEqual(['passport', 'passport-minor', 'passport-loss', 'marriage', 'information']);
      expect(recentEvents(daemon.ctx.db, { kindPrefix: 'queue.counter.services' })[0]).toMatchObject({ payload: { counter: '3', actor: 'sofia' } });

      expect(await axeViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('speaks English and Arabic (right to left) when chosen', async () => {
    const { page, close } = await signIn();
    try {
      await page.getByLabel('Langue').selectOption('en');
      await page.getByRole('heading', { name: 'Waiting tickets' }).waitFor();
      await page.getByRole('button', { name: 'Pause service Information' }).waitFor();
      await page.getByLabel('Language').selectOption('ar');
      await page.getByRole('heading', { name: 'التذاكر في الانتظار' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    } finally {
      await page.evaluate(() => localStorage.removeItem('supervisor-lang'));
      await close();
    }
  });
});
