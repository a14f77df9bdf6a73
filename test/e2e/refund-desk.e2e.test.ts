// A supervisor refunds a paid visit on the reports page, in Chromium against the real daemon: the ZVT simulator on
// a real pty (it hands its receipts over, the kiosk prints them), the virtual printer behind a real TCP port. The
// visit is paid through the kiosk's flow; the page asks for the card while the refund waits on the terminal, shows
// the outcome as the terminal gave it, and the refund receipt is read back from the printer: its text from the
// ESC/POS it received, the refund's id from the QR code decoded from the PNG of the paper.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startCheckinRig, type CheckinRig } from '../checkin/rig';
import { paidVisit } from '../checkin/paid-visit';
import { decodePng } from '../printer/decode';
import { getPayment } from '../../store/payments';
import { refundsOf } from '../../store/refunds';

let rig: CheckinRig;
let browser: Browser;

beforeAll(async () => {
  rig = await startCheckinRig({ printsCardReceipt: true });
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await rig?.close();
});

const completeJobs = () => rig.printer.jobs.filter((j) => j.complete);
const jobWith = async (text: string, after: number) => {
  await expect
    .poll(
      () =>
        completeJobs()
          .slice(after)
          .find((j) => j.lines.join('\n').includes(text)),
      { timeout: 15_000 },
    )
    .toBeDefined();
  return completeJobs()
    .slice(after)
    .find((j) => j.lines.join('\n').includes(text))!;
};

/** A supervisor signed in on the reports page, dialogs (the refund's confirmation) accepted. */
async function signIn() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => void d.accept());
  await page.goto(`${rig.url}/reports`);
  await page.getByLabel('Supervisor PIN').fill('3333');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Remboursements' }).waitFor();
  return { page, errors, context };
}

describe('the refund desk on the reports page', () => {
  it('a supervisor refunds part of a paid visit, sees the outcome, the refund receipt is printed and reprinted; a decline is shown as such', async () => {
    const pid = await paidVisit(rig);
    const payment = getPayment(rig.daemon.ctx.db, pid)!;
    const paidMinor = payment.approvedAmountMinor ?? payment.amountMinor;
    const half = Math.floor(paidMinor / 2);
    const halfText = (half / 100).toFixed(2).replace('.', ',');

    const { page, errors, context } = await signIn();
    const row = page.locator(`#refunds tr[data-payment="${pid}"]`);
    await row.waitFor();
    expect(await row.locator('[data-left]').getAttribute('data-left')).toBe(String(paidMinor));
    // Every text the outcome line shows, in order: the card instruction lasts only while the terminal waits.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      const el = document.getElementById('refund-status')!;
      new MutationObserver(() => seen.push(`${el.dataset.outcome ?? ''}|${el.textContent ?? ''}`)).observe(el, {
        childList: true,
        characterData: true,
        subtree: true,
        attributes: true,
      });
    });

    // A part of the payment: a refund (06 31), the card presented again.
    const jobsBefore = completeJobs().length;
    await page.getByRole('button', { name: `Rembourser le paiement ${pid}` }).click();
    const form = page.getByRole('form', { name: `Rembourser le paiement ${pid}` });
    await form.getByLabel(/Montant à rembourser/).fill(halfText);
    await form.getByLabel('Motif du remboursement').fill('service non rendu : bureau fermé');
    await form.getByRole('button', { name: 'Confirmer le remboursement' }).click();
    const status = page.locator('#refund-status');
    await page.locator('#refund-status[data-outcome="refunded"]').waitFor({ timeout: 30_000 });
    expect(await status.textContent()).toMatch(
      new RegExp(`Remboursé : ${halfText.replace(',', '.')} EUR rendus sur la carte\\. Reçu de remboursement imprimé\\.`),
    );
    const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    expect(seen).toContainEqual(expect.stringMatching(/^waiting\|Présentez la carte du visiteur sur le terminal/));

    const [refund] = refundsOf(rig.daemon.ctx.db, pid);
    expect(refund).toMatchObject({ method: 'refund', state: 'refunded', amountMinor: half, requestedBy: expect.stringMatching(/\(/) });
    expect(rig.terminal.log.entries.filter((e) => e.kind === 'refund').map((e) => e.amountMinor)).toEqual([half]);
    const line = page.locator(`tr[data-refund="${refund!.id}"]`);
    await line.getByText('remboursé', { exact: true }).waitFor();
    await line.getByText('imprimé', { exact: true }).waitFor();

    // The refund receipt as the printer got it, and the refund's id from the QR on the paper's image.
    const receipt = await jobWith('REÇU DE REMBOURSEMENT', jobsBefore);
    const text = receipt.lines.join('\n');
    expect(text).toMatch(new RegExp(`Montant remboursé +${halfText} EUR`));
    expect(text).toMatch(new RegExp(`Réf\\. eTimbre +${payment.reference}`));
    expect(text).toMatch(/Carte +\d{6}\*{6}\d{4}/);
    expect(text).toContain('service non rendu : bureau fermé');
    expect(text).toContain('REFUND APPROVED');
    expect(text).not.toMatch(/\d{13}/);
    expect(receipt.rasterBands).toBeGreaterThanOrEqual(2);
    expect(decodePng(receipt.png).qr).toBe(refund!.id);

    // Reprinted from the list, as a duplicate; the card receipt of the payment too.
    const n = completeJobs().length;
    await line.getByRole('button', { name: `Réimprimer le reçu du remboursement ${refund!.id}` }).click();
    const copy = await jobWith('DUPLICATA', n);
    expect(decodePng(copy.png).qr).toBe(refund!.id);
    const m = completeJobs().length;
    await row.getByRole('button', { name: `Réimprimer le reçu carte du paiement ${pid}` }).click();
    expect((await jobWith('CUSTOMER COPY', m)).lines.join('\n')).toContain('DUPLICATA — REÇU CARTE');

    // The rest, declined by the terminal: said so, nothing printed, nothing refunded.
    rig.terminal.setScenario('decline');
    const k = completeJobs().length;
    await row.getByRole('button', { name: `Rembourser le paiement ${pid}` }).click();
    await form.getByLabel('Motif du remboursement').fill('double paiement');
    await form.getByRole('button', { name: 'Confirmer le remboursement' }).click();
    await page.locator('#refund-status[data-outcome="declined"]').waitFor({ timeout: 30_000 });
    expect(await status.textContent()).toMatch(/^Refusé par le terminal : .+\. Rien n'a été rendu\.$/);
    expect(refundsOf(rig.daemon.ctx.db, pid).map((r) => r.state)).toEqual(['refunded', 'declined']);
    expect(completeJobs().length).toBe(k);
    rig.terminal.setScenario('approve');
    await page.locator('#refunds').screenshot({ path: 'test-results/refund-desk-fr.png' });

    // In Arabic the desk turns right to left.
    await page.locator('#refund-lang').selectOption('ar');
    await page.getByRole('heading', { name: 'الاسترجاع' }).waitFor();
    expect(await page.locator('#refunds').evaluate((el) => [el.getAttribute('lang'), el.getAttribute('dir')])).toEqual(['ar', 'rtl']);
    await page.getByRole('button', { name: `استرجاع الأداء ${pid}` }).waitFor();
    await page.locator('#refunds').screenshot({ path: 'test-results/refund-desk-ar.png' });
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('the whole of a payment of the day is reversed without the card; the receipt says the eTimbre reference is void', async () => {
    const pid = await paidVisit(rig);
    const payment = getPayment(rig.daemon.ctx.db, pid)!;
    const { page, errors, context } = await signIn();
    const row = page.locator(`#refunds tr[data-payment="${pid}"]`);
    await row.waitFor();
    const before = completeJobs().length;
    await row.getByRole('button', { name: `Rembourser le paiement ${pid}` }).click();
    const form = page.getByRole('form', { name: `Rembourser le paiement ${pid}` });
    // The amount is the whole payment already.
    await form.getByLabel('Motif du remboursement').fill('frais payés par erreur');
    await form.getByRole('button', { name: 'Confirmer le remboursement' }).click();
    await page.locator('#refund-status[data-outcome="refunded"]').waitFor({ timeout: 30_000 });
    expect(refundsOf(rig.daemon.ctx.db, pid)).toMatchObject([{ method: 'reversal', state: 'refunded', amountMinor: payment.amountMinor }]);
    expect(rig.terminal.log.entries.filter((e) => e.kind === 'reversal' && e.reverses === payment.receiptNo)).toHaveLength(1);
    const receipt = await jobWith("REÇU D'ANNULATION", before);
    expect(receipt.lines.join('\n')).toContain('Paiement entièrement remboursé : eTimbre annulé');
    expect(decodePng(receipt.png).qr).toBe(refundsOf(rig.daemon.ctx.db, pid)[0]!.id);
    // Nothing is left to refund: no Refund button any more.
    await row.locator('[data-left="0"]').waitFor();
    expect(await row.getByRole('button', { name: `Rembourser le paiement ${pid}` }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
