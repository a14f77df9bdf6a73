// The card receipt end to end without a browser: a paid visit at a kiosk whose ZVT terminal is a simulator on a
// real pty and whose printer is the virtual printer behind a real TCP port. The terminal's copies are collected,
// journaled masked, the customer copy is printed under the consular receipt (decoded from the ESC/POS the
// printer received), and staff reprint it from the diagnostics API.
import { afterEach, describe, expect, it } from 'vitest';
import { startCheckinRig, type CheckinRig } from './rig';
import { paidVisit } from './paid-visit';
import { cardReceiptsFor } from '../../store/card-receipts';
import { DUPLICATE_TITLE } from '../../server/diagnostics/card-receipt';

let rig: CheckinRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const receiptJob = (r: CheckinRig) => r.printer.jobs.find((j) => j.lines.some((l) => /Reçu de paiement/.test(l)));

describe('the card receipt printed by the kiosk', () => {
  for (const form of ['blocks', 'lines'] as const) {
    it(`collects the copies (${form}), journals them masked and prints the visitor's under the consular receipt`, async () => {
      rig = await startCheckinRig({ printsCardReceipt: true, printTexts: form });
      const id = await paidVisit(rig);
      const stored = cardReceiptsFor(rig.daemon.ctx.db, id);
      expect(stored.map((s) => s.copy)).toEqual(form === 'blocks' ? ['merchant', 'customer'] : ['unspecified', 'unspecified']);
      const all = stored.flatMap((s) => s.lines ?? []);
      expect(all.some((l) => /\*{6}\d{4}/.test(l))).toBe(true);
      expect(all.join('\n')).not.toMatch(/\d{13}/);

      const job = receiptJob(rig);
      expect(job, rig.printer.jobs.map((j) => j.lines.join('\n')).join('\n---\n')).toBeDefined();
      const text = job!.lines.join('\n');
      expect(text).toContain('CUSTOMER COPY');
      // Text blocks say which copy is the merchant's: the visitor never gets it. Print lines cannot say.
      if (form === 'blocks') expect(text).not.toContain('MERCHANT COPY');
      expect(text).toMatch(/Mastercard 541333\*{6}4111/);
      expect(job!.complete).toBe(true);

      // Staff reprint it from the diagnostics page.
      const login = await fetch(`${rig.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ pin: '4444' }),
      });
      const tech = login.headers.get('set-cookie')!.split(';')[0]!;
      const journal = (await (await fetch(`${rig.url}/api/diagnostics/journal`, { headers: { cookie: tech } })).json()) as {
        payments: Array<{ id: string; cardReceipt?: boolean }>;
      };
      expect(journal.payments.find((p) => p.id === id)?.cardReceipt).toBe(true);
      const before = rig.printer.jobs.length;
      const res = await fetch(`${rig.url}/api/diagnostics/payments/${id}/card-receipt/print`, { method: 'POST', headers: { cookie: tech } });
      expect(await res.json()).toMatchObject({ ok: true });
      expect(rig.printer.jobs.length).toBe(before + 1);
      const copy = rig.printer.jobs.at(-1)!.lines.join('\n');
      expect(copy).toContain(DUPLICATE_TITLE.slice(0, 9));
      expect(copy).toContain('CUSTOMER COPY');
      expect(rig.events('payment.card-receipt-reprinted')).toMatchObject([{ subject: id, payload: { printed: true } }]);

      const none = await fetch(`${rig.url}/api/diagnostics/payments/no-such-payment/card-receipt/print`, { method: 'POST', headers: { cookie: tech } });
      expect(none.status).toBe(404);
    }, 90_000);
  }

  it('prints nothing of the terminal when the terminal prints its own receipt (the default)', async () => {
    rig = await startCheckinRig({ printTexts: 'blocks' });
    const id = await paidVisit(rig);
    expect(cardReceiptsFor(rig.daemon.ctx.db, id)).toEqual([]);
    const text = receiptJob(rig)!.lines.join('\n');
    expect(text).not.toContain('CUSTOMER COPY');
    expect(text).not.toContain('SIMULATED TERMINAL');
  }, 90_000);
});
