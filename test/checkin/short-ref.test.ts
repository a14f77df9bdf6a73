// A visitor's payment carries a short reference that a person can find in three places: the journal (beside
// the payment id), the terminal's own journal (Concert private field), and the printed receipt; the
// technician's pending-payments and journal views show it too (issue 12, item 3).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon } from '../support/daemon';
import { tempDir } from '../support/tmp';
import type { RunningDaemon } from '../../server/daemon';
import type { CheckinView } from '../../shared/checkin-api';

let daemon: RunningDaemon;
let cleanup: () => void;
beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  daemon = await startTestDaemon(t.dir); // Paris sample: simulated Concert terminal and printer
});
afterAll(async () => {
  await daemon.close();
  cleanup();
});

const view = async () => (await (await fetch(`${daemon.url}/api/checkin`)).json()) as CheckinView;
const act = (body: object) =>
  fetch(`${daemon.url}/api/checkin/event`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
async function until(pred: (v: CheckinView) => boolean, ms = 20_000): Promise<CheckinView> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await view();
    if (pred(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the short payment reference', () => {
  it('is journaled beside the id, sent to the terminal, printed on the receipt and listed for the technician', async () => {
    for (const e of [{ type: 'TOUCH' }, { type: 'SELECT_LANGUAGE', language: 'fr' }, { type: 'WALK_IN' }, { type: 'SELECT_SERVICE', service: 'cnie' }])
      await act(e);
    await until((v) => v.screen.startsWith('summary') && v.terminal.ready === true);
    await act({ type: 'CONFIRM' });
    const done = await until((v) => v.screen.startsWith('done'));
    expect(done.screen).toBe('done');

    const row = daemon.ctx.db.prepare("SELECT id, short_ref, short_ref_day FROM payments WHERE state = 'approved'").get() as {
      id: string;
      short_ref: string;
      short_ref_day: string;
    };
    expect(row.short_ref).toMatch(/^\d{4}-\d{4}$/);
    expect(row.short_ref.length).toBeLessThanOrEqual(10);
    const intent = daemon.ctx.db.prepare("SELECT payload FROM events WHERE kind = 'payment.intent' AND subject = ?").get(row.id) as { payload: string };
    expect(JSON.parse(intent.payload)).toMatchObject({ shortRef: row.short_ref });

    const charges = daemon.ctx.hardware.terminal.simulator?.log.entries ?? [];
    expect(charges).toMatchObject([{ kind: 'charge', reference: row.short_ref }]);

    const receipt = daemon.ctx.hardware.printer.sim?.jobs.find((j) => j.lines.some((l) => /Reçu de paiement/.test(l)));
    expect(
      receipt?.lines.some((l) => new RegExp(`^Réf\\. terminal +${row.short_ref}$`).test(l)),
      receipt?.lines.join('\n'),
    ).toBe(true);

    const login = await fetch(`${daemon.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pin: '4444' }),
    });
    const tech = login.headers.get('set-cookie')!.split(';')[0]!;
    const journal = (await (await fetch(`${daemon.url}/api/diagnostics/journal`, { headers: { cookie: tech } })).json()) as {
      payments: Array<{ id: string; shortRef: string | null }>;
    };
    expect(journal.payments.find((p) => p.id === row.id)?.shortRef).toBe(row.short_ref);
    const csv = await (await fetch(`${daemon.url}/api/diagnostics/journal/payments.csv`, { headers: { cookie: tech } })).text();
    expect(csv.split('\r\n')[0]).toMatch(/shortRef/);
    expect(csv).toContain(row.short_ref);
  }, 40_000);
});
