// Reception check-in at the counter console in Chromium against the real daemon (issue 18 item 5): an agent types a
// visitor's code, records the fee paid on the counter's own terminal and hands over the ticket number; scans another
// visitor's QR with a keyboard-wedge scanner and checks them in as exempt (a reason is required); picks a third from
// today's list by searching its number; and is told, with the ticket number, that a visitor already checked in at the
// kiosk has a ticket. By accessible names, as an agent uses it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { sampleConfig, startTestDaemon } from '../support/daemon';
import { zoneAwayFromMidnight } from '../support/time-zone';
import { tempDir } from '../support/tmp';
import type { RunningDaemon } from '../../server/daemon';
import { issue } from '../appointment/fixtures';
import { codeFromTokenId } from '../../domain/appointment';
import { simulateWedgeKeys } from '../../renderer/lib/wedge';
import { checkIn as kioskCheckIn } from '../../server/appointment/check-in';
import { recordTicketIssued } from '../../store/checkin';
import { axeViolations } from '../checkin/page';

const MIN = 60_000;
let daemon: RunningDaemon;
let browser: Browser;
let cleanup: () => void;
const id = (n: number) => Uint8Array.from([0x60 + n, 1, 1, 2, 3, 5, 8, 13]);
const hex = (n: number) => Buffer.from(id(n)).toString('hex');
const tokens: string[] = [];
let slot = 0;
let timeZone = '';

beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  slot = Date.now() + 10 * MIN;
  for (const [n, appointmentId] of [
    [1, 'R-301'],
    [2, 'R-302'],
    [3, 'R-303'],
    [4, 'R-304'],
  ] as const)
    tokens.push(
      await issue({
        tokenId: id(n),
        appointmentId,
        persons: 1,
        slotStart: new Date(slot + n * MIN),
        notBefore: new Date(slot - 60 * MIN),
        expires: new Date(slot + 30 * MIN),
      }),
    );
  // The slots are listed by the consulate's day: a zone where the next hour stays in today, whatever the hour the test runs.
  timeZone = zoneAwayFromMidnight(60, 60);
  daemon = await startTestDaemon(t.dir, {
    consulate: { ...sampleConfig().consulate, timeZone },
    appointments: { ...sampleConfig().appointments, dayTokens: tokens },
  });
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await daemon?.close();
  cleanup?.();
});

const until = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000, interval: 100 });
const CODE = 'Code du rendez-vous (saisi ou scanné)';

/**
 * A wedge scanner set to QWERTY "types" the QR text, a few milliseconds a key, then Enter: into the code field, or with
 * the focus nowhere in particular (the console's page itself).
 */
async function wedgeScan(page: Page, text: string, into: 'field' | 'page'): Promise<void> {
  if (into === 'field') await page.getByRole('textbox', { name: CODE }).focus();
  else await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const keys = simulateWedgeKeys(text, { scannerLayout: 'us', kioskLayout: 'us' });
  await page.evaluate((ks) => {
    const el = document.activeElement ?? document.body;
    for (const k of ks) el.dispatchEvent(new KeyboardEvent('keydown', { code: k.code, key: k.key, shiftKey: k.shiftKey, bubbles: true, cancelable: true }));
  }, keys);
}

describe('reception check-in at the counter', () => {
  it('checks visitors in by typed code, wedge scan and the day’s list, records the fee, and refuses one already checked in', async () => {
    // R-303 checked in at the kiosk, which gave it a ticket (as the kiosk flow journals it).
    const k = await kioskCheckIn(daemon.ctx.db, tokens[2]!, daemon.ctx.appointments, {
      consulate: 'FR-PAR',
      services: new Set(['passport']),
      kioskId: daemon.ctx.config.kioskId,
      at: new Date(),
    });
    expect(k.ok).toBe(true);
    recordTicketIssued(daemon.ctx.db, 'kiosk-ticket', { number: 'C-099', etimbreReference: null, source: 'appointment', tokenId: hex(3) });

    // bypassCSP: axe is injected into the page to check the desk with an appointment shown.
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(`${daemon.url}/counter`);
      // Counter 2 serves passports (the sample config): the visitors checked in here join its waiting list.
      await page.selectOption('#login-counter', '2');
      await page.fill('#login-pin', '1111');
      await page.getByRole('button', { name: 'Se connecter' }).click();
      const desk = page.getByRole('region', { name: 'Accueil d’un visiteur' });
      await desk.waitFor();
      const day = desk.getByRole('table', { name: 'Rendez-vous du jour' });
      await until(() => day.locator('tbody tr').count()).toBe(4);
      const status = (a: string) => day.locator(`tr[data-appointment="${a}"] td.status`).textContent();
      expect(await status('R-303')).toBe('arrivé');
      // Slot times in the consulate's zone (the browser here runs in UTC, the consulate never does in this test).
      const hhmm = (at: number) => new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit', timeZone }).format(new Date(at));
      expect(await day.locator('tr[data-appointment="R-301"] td').first().textContent()).toBe(hhmm(slot + MIN));

      // 1. A typed code: the appointment and its fee (passport: 860 MAD × 0.093 = 79.98 EUR), paid at the counter.
      await desk.getByRole('textbox', { name: CODE }).fill(codeFromTokenId(id(1)).toLowerCase());
      await desk.getByRole('textbox', { name: CODE }).press('Enter');
      await until(() => desk.locator('#reception-appointment').textContent()).toBe(`R-301 · ${codeFromTokenId(id(1))}`);
      expect(await desk.locator('#reception-fee').textContent()).toBe('79.98 EUR');
      expect(await axeViolations(page)).toEqual([]);
      const paidName = 'Payé au guichet, enregistrer';
      await desk.getByRole('button', { name: paidName }).click();
      await until(() => desk.locator('#reception-message').textContent()).toMatch(/^Saisissez la référence du paiement/);
      await desk.getByRole('textbox', { name: 'Référence du paiement (terminal du guichet)' }).fill('TPE-445566');
      await desk.getByRole('button', { name: paidName }).click();
      await until(() => desk.locator('#reception-number').textContent()).toMatch(/^C/);
      const first = (await desk.locator('#reception-number').textContent())!;
      expect(await desk.getByRole('status').textContent()).toContain('donnez ce numéro au visiteur');
      await until(() => status('R-301')).toBe('arrivé');

      // 2. A QR scanned with the wedge scanner: exempt needs a reason.
      await wedgeScan(page, tokens[1]!, 'field');
      await until(() => desk.locator('#reception-appointment').textContent()).toMatch(/^R-302 /);
      const exemptName = 'Exonéré, enregistrer';
      await desk.getByRole('button', { name: exemptName }).click();
      await until(() => desk.locator('#reception-message').textContent()).toMatch(/^Indiquez le motif de l’exonération/);
      expect(await desk.locator('#reception-number').count()).toBe(0);
      await desk.getByRole('textbox', { name: 'Motif de l’exonération' }).fill('passeport de service');
      await desk.getByRole('button', { name: exemptName }).click();
      await until(() => desk.locator('#reception-number').textContent()).toMatch(/^C/);
      const second = (await desk.locator('#reception-number').textContent())!;
      expect(second).not.toBe(first);

      // 3. From today's list, searched by number.
      await desk.getByRole('searchbox', { name: 'Chercher dans la liste du jour (n° ou code)' }).fill('304');
      await until(() => day.locator('tbody tr').count()).toBe(1);
      await day.getByRole('button', { name: 'Choisir R-304' }).click();
      await until(() => desk.locator('#reception-appointment').textContent()).toMatch(/^R-304 /);
      await desk.getByRole('textbox', { name: 'Référence du paiement (terminal du guichet)' }).fill('TPE-445567');
      await desk.getByRole('button', { name: paidName }).click();
      await until(() => desk.locator('#reception-number').textContent()).not.toBe(second);

      // 4. Already checked in at the kiosk: refused with the ticket the visitor has. Scanned with the focus on the page:
      // the QR's letters are not taken for the console's shortcuts (N would call the next visitor, P pause the counter).
      expect(tokens[2]).toMatch(/[NSFXTHP]/);
      await wedgeScan(page, tokens[2]!, 'page');
      await until(() => desk.locator('#reception-message').textContent()).toMatch(/^Déjà enregistré — .*ticket C-099/);

      expect(await desk.getByRole('textbox', { name: CODE }).inputValue()).toBe(tokens[2]);
      // The tickets are in the queue in the appointment lane, issued by the agent; the fees are recorded as the counter's.
      const rows = daemon.ctx.db
        .prepare("SELECT t.label, t.kind, e.actor FROM queue_tickets t JOIN queue_ticket_events e ON e.ticket_id = t.id AND e.kind = 'issued' ORDER BY t.label")
        .all();
      expect(rows).toHaveLength(3);
      expect(rows.every((r) => (r as { kind: string; actor: string }).kind === 'appointment' && (r as { actor: string }).actor === 'amina')).toBe(true);
      expect(daemon.ctx.db.prepare('SELECT fee_kind, reference, exempt_reason FROM counter_checkins ORDER BY at').all()).toEqual([
        { fee_kind: 'paid', reference: 'TPE-445566', exempt_reason: null },
        { fee_kind: 'exempt', reference: null, exempt_reason: 'passeport de service' },
        { fee_kind: 'paid', reference: 'TPE-445567', exempt_reason: null },
      ]);
      // The counter's waiting list shows the new tickets.
      await until(() => page.locator('#waiting tbody tr').count()).toBe(3);
      expect(daemon.ctx.db.prepare("SELECT count(*) AS n FROM queue_ticket_events WHERE kind <> 'issued'").get()).toEqual({ n: 0 });
      expect(await page.getByText('En pause', { exact: true }).count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
