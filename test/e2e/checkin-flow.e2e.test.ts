// The visitor's check-in end to end: Chromium on the kiosk page, the real daemon, a ZVT terminal simulator
// across a real pty pair, the virtual printer on a real TCP port, and a serial scanner on a second pty.
// Each test checks what the visitor sees against what the devices and the journal say happened.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startCheckinRig, type CheckinRig } from '../checkin/rig';
import { appointmentQr } from '../checkin/tokens';
import { backToAttract, onScreen, openKiosk, view } from '../checkin/page';
import { decodePng } from '../printer/decode';

let rig: CheckinRig;
let browser: Browser;

beforeAll(async () => {
  rig = await startCheckinRig();
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await rig?.close();
});

const charges = () => rig.terminal.log.entries.filter((e) => e.kind === 'charge');
const completeJobs = () => rig.printer.jobs.filter((j) => j.complete);
const send = (cmd: { type: 'ACKNOWLEDGE' | 'CANCEL' }) => rig.daemon.ctx.checkin.send(cmd);

let firstQr = '';
let firstCheckInAt = 0;

describe('check-in in Chromium against the daemon and simulated devices', () => {
  it('(a) appointment in Arabic: scanned QR, fee, terminal prompts and countdown, ticket and receipt printed', async () => {
    rig.terminal.setScenario('pin-delay');
    const { page, errors, close } = await openKiosk(browser, rig.url);
    await page.locator('button[data-lang="ar"]').click();
    await onScreen(page, 'identify.scan');
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl']);

    firstQr = await appointmentQr({ services: ['passport'], persons: 1 });
    firstCheckInAt = Date.now();
    await rig.scan(firstQr);
    await onScreen(page, 'summary');
    // Passport: 860 MAD at 0.093 EUR = 79.98 EUR.
    await expect.poll(() => page.locator('[data-total]').getAttribute('data-total')).toBe('7998');
    expect(await page.locator('.total').textContent()).toMatch(/79[.,]98/);

    const jobsBefore = completeJobs().length;
    // The terminal's intermediate statuses reach the screen as prompts. Each shows for a fraction of a second: the page
    // records every one it renders (polling from the test missed a 200 ms prompt on a busy machine).
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seenPrompts: string[] }).seenPrompts = seen;
      const note = () => {
        const p = document.querySelector('[data-prompt]')?.getAttribute('data-prompt');
        if (p && seen.at(-1) !== p) seen.push(p);
      };
      new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-prompt'] });
    });
    await page.getByRole('button', { name: 'تأكيد والدفع' }).click();
    await onScreen(page, 'paying');
    await page.locator('.countdown').waitFor();
    expect(await page.locator('.countdown').textContent()).toMatch(/^\d+ ثانية متبقية$/);
    await onScreen(page, 'done');
    const seen = await page.evaluate(() => (window as unknown as { seenPrompts: string[] }).seenPrompts);
    expect(seen, rig.trail.join('\n')).toEqual(expect.arrayContaining(['insert-card', 'enter-pin']));
    const number = (await page.locator('.ticket-number').textContent())?.trim() ?? '';
    expect(number).toMatch(/^C-\d{3}$/);

    const v = await view(rig.url);
    expect(v.visit.ticketPrinted && v.visit.receiptPrinted).toBe(true);
    const payments = rig.payments();
    expect(payments.map((p) => p.state)).toEqual(['approved']);
    expect(payments[0]!.amount_minor).toBe(7998);
    expect(charges()).toHaveLength(1);
    expect(charges()[0]!.amountMinor).toBe(7998);

    // The virtual printer received a ticket (its QR is the ticket id) and a receipt with the eTimbre reference.
    const jobs = completeJobs().slice(jobsBefore);
    expect(jobs).toHaveLength(2);
    const [ticket, receipt] = jobs as [(typeof jobs)[0], (typeof jobs)[0]];
    expect(ticket.lines.join('\n')).toContain(number);
    expect(decodePng(ticket.png).qr).toBe(v.visit.ticket!.id);
    // An Arabic receipt draws its label-and-value lines as raster bands: check it through the journal.
    expect(receipt.rasterBands).toBeGreaterThanOrEqual(6);
    const printed = rig.daemon.ctx.db.prepare('SELECT kind, subject, state, printer FROM print_jobs ORDER BY rowid').all() as Array<{
      kind: string;
      subject: string;
      state: string;
      printer: string;
    }>;
    expect(printed.slice(-2)).toEqual([
      { kind: 'ticket', subject: v.visit.ticket!.id, state: 'confirmed', printer: expect.stringMatching(/^tcp:\/\/127\.0\.0\.1:\d+$/) },
      { kind: 'receipt', subject: v.visit.etimbreReference, state: 'confirmed', printer: expect.stringMatching(/^tcp:/) },
    ]);
    expect(errors).toEqual([]);

    await page.getByRole('button', { name: 'حسنا' }).click();
    await onScreen(page, 'attract');
    await close();
  }, 40_000);

  it('(g) the same QR scanned again is refused as already used, with the first check-in time', async () => {
    expect(firstQr).not.toBe('');
    const { page, close } = await openKiosk(browser, rig.url);
    await onScreen(page, 'attract');
    // Scanned straight from the attract screen: the flow starts in the first language (Arabic).
    await rig.scan(firstQr);
    await onScreen(page, 'error');
    const v = await view(rig.url);
    expect(v.visit.problem?.code).toBe('appointment-already-used');
    const hhmm = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' }).format(new Date(firstCheckInAt));
    const text = await page.locator('.what').textContent();
    expect(text).toContain('تم تسجيل هذا الموعد سابقا');
    // The first check-in happened within the last minute: its time (or the minute after) is shown.
    const next = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' }).format(new Date(firstCheckInAt + 60_000));
    expect([hhmm, next]).toContain(String(v.visit.problem?.detail.usedAt));
    expect(text).toContain(String(v.visit.problem?.detail.usedAt));
    expect(rig.payments()).toHaveLength(1);
    await page.getByRole('button', { name: 'حسنا' }).click();
    await onScreen(page, 'attract');
    await close();
  });

  it('(b) walk-in in French for a free service: ticket printed, no payment row', async () => {
    const paymentsBefore = rig.payments().length;
    const jobsBefore = completeJobs().length;
    const { page, errors, close } = await openKiosk(browser, rig.url);
    await page.locator('button[data-lang="fr"]').click();
    await onScreen(page, 'identify.scan');
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['fr', 'ltr']);
    await page.getByRole('button', { name: 'Sans rendez-vous' }).click();
    await onScreen(page, 'identify.walkIn');
    await page.locator('button[data-service="information"]').click();
    await onScreen(page, 'summary');
    expect(await page.locator('.total').textContent()).toBe('Gratuit');
    // Issue 19 item 5: a free service shows no "0,00 €", no persons picker, and sends nobody looking for a receipt.
    expect(await page.locator('table.fees tbody').innerText()).not.toContain('0,00');
    expect(await page.getByRole('group', { name: 'Nombre de personnes' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Confirmer et prendre un ticket' }).click();
    await onScreen(page, 'done');
    expect(await page.locator('main').innerText()).toContain('Prenez votre ticket. Votre numéro s’affichera à l’écran.');
    expect(await page.locator('main').innerText()).not.toContain('reçu');
    const number = (await page.locator('.ticket-number').textContent())?.trim() ?? '';
    expect(number).toMatch(/^F-\d{3}$/);
    expect(rig.payments()).toHaveLength(paymentsBefore);
    const jobs = completeJobs().slice(jobsBefore);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.lines.join('\n')).toContain(number);
    expect(errors).toEqual([]);
    await page.getByRole('button', { name: 'D’accord' }).click();
    await onScreen(page, 'attract');
    await close();
  });

  it('(c) a declined card, then a second card approved: one declined and one approved row, one charge', async () => {
    const paymentsBefore = rig.payments().length;
    const chargesBefore = charges().length;
    rig.terminal.setScenario('decline');
    const { page, close } = await openKiosk(browser, rig.url);
    await page.locator('button[data-lang="fr"]').click();
    await page.getByRole('button', { name: 'Sans rendez-vous' }).click();
    await page.locator('button[data-service="registration"]').click();
    await onScreen(page, 'summary');
    await page.getByRole('button', { name: 'Confirmer et payer' }).click();
    await onScreen(page, 'paymentFailed', 20_000);
    expect(await page.locator('.what').textContent()).toBe('La carte a été refusée.');
    rig.terminal.setScenario('approve');
    await page.getByRole('button', { name: 'Essayer une autre carte' }).click();
    await onScreen(page, 'done', 20_000);
    const rows = rig.payments().slice(paymentsBefore);
    expect(rows.map((r) => r.state)).toEqual(['declined', 'approved']);
    expect(new Set(rows.map((r) => r.id)).size).toBe(2);
    expect(charges().length - chargesBefore).toBe(1);
    // The French receipt carries the eTimbre reference and the terminal's authorisation code as text.
    const v = await view(rig.url);
    const receipt = completeJobs().at(-1)!.lines.join('\n');
    expect(receipt).toContain(v.visit.etimbreReference!);
    expect(receipt).toContain(charges().at(-1)!.authCode!);
    await page.getByRole('button', { name: 'D’accord' }).click();
    await onScreen(page, 'attract');
    await close();
  }, 40_000);

  it('(d) paper out before payment: the printer-unavailable error, and no payment row', async () => {
    const paymentsBefore = rig.payments().length;
    const chargesBefore = charges().length;
    rig.printer.setFault('paper-out');
    try {
      const { page, close } = await openKiosk(browser, rig.url);
      await page.locator('button[data-lang="fr"]').click();
      await page.getByRole('button', { name: 'Sans rendez-vous' }).click();
      await page.locator('button[data-service="passport"]').click();
      await onScreen(page, 'summary');
      await page.getByRole('button', { name: 'Confirmer et payer' }).click();
      await onScreen(page, 'error');
      expect((await view(rig.url)).visit.problem?.code).toBe('printer-unavailable');
      expect(await page.locator('.what').textContent()).toBe('L’imprimante de tickets ne fonctionne pas. Aucun paiement n’a été pris.');
      expect(rig.payments()).toHaveLength(paymentsBefore);
      expect(charges()).toHaveLength(chargesBefore);
      await page.getByRole('button', { name: 'D’accord' }).click();
      await onScreen(page, 'attract');
      await close();
    } finally {
      rig.printer.loadPaper();
    }
  });

  it('(e) a page reload during the payment shows the same payment, which completes; charged once', async () => {
    const paymentsBefore = rig.payments().length;
    const chargesBefore = charges().length;
    rig.terminal.setScenario('pin-delay');
    const first = await openKiosk(browser, rig.url);
    const page = first.page;
    await page.locator('button[data-lang="fr"]').click();
    await page.getByRole('button', { name: 'Sans rendez-vous' }).click();
    await page.locator('button[data-service="cnie"]').click();
    await onScreen(page, 'summary');
    await page.getByRole('button', { name: 'Confirmer et payer' }).click();
    await page.locator('[data-prompt="enter-pin"]').waitFor({ timeout: 15_000 });
    const before = await view(rig.url);
    expect(before.screen).toMatch(/^paying/);

    await page.reload();
    await onScreen(page, 'paying');
    const after = await view(rig.url);
    expect(after.visit.etimbreReference).toBe(before.visit.etimbreReference);
    expect(after.visit.payment?.attempt).toBe(before.visit.payment?.attempt);
    await page.locator('.countdown').waitFor();
    expect(await page.locator('.amount').textContent()).toMatch(/9[.,]77/);

    await onScreen(page, 'done', 20_000);
    expect(
      rig
        .payments()
        .slice(paymentsBefore)
        .map((p) => p.state),
    ).toEqual(['approved']);
    expect(charges().length - chargesBefore).toBe(1);
    expect(first.errors).toEqual([]);
    await first.close();
    await backToAttract(rig.url, send);
  }, 40_000);
});
