// A payment whose answer is lost locks the kiosk; the counters see why; the technician settles it from the
// terminal's journal and the kiosk returns to the attract screen by itself.
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
  const base = (await import('../support/daemon')).sampleConfig();
  daemon = await startTestDaemon(t.dir, {
    devices: { ...base.devices, terminal: { ...base.devices.terminal, scenario: 'answer-lost', timers: { answerMs: 1500 } } },
  });
});
afterAll(async () => {
  await daemon.close();
  cleanup();
});

const view = async () => (await (await fetch(`${daemon.url}/api/checkin`)).json()) as CheckinView;
const act = (body: object) =>
  fetch(`${daemon.url}/api/checkin/event`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
async function until(pred: (v: CheckinView) => boolean, ms = 15_000): Promise<CheckinView> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await view();
    if (pred(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}
async function login(body: object): Promise<string> {
  const res = await fetch(`${daemon.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

describe('a payment with a lost answer', () => {
  it('locks the kiosk, tells the counters, and prints the ticket once settled as charged', async () => {
    for (const e of [{ type: 'TOUCH' }, { type: 'SELECT_LANGUAGE', language: 'fr' }, { type: 'WALK_IN' }, { type: 'SELECT_SERVICE', service: 'cnie' }])
      await act(e);
    await until((v) => v.screen.startsWith('summary') && v.terminal.ready === true);
    await act({ type: 'CONFIRM' });
    const locked = await until((v) => v.screen.startsWith('lockedForStaff'));
    expect(locked.screen).toMatch(/^lockedForStaff/);
    expect(locked.visit.lockReason).toBe('payment-unknown');

    // The simulator charged it: the terminal's own log is what staff read.
    const charged = daemon.ctx.hardware.terminal.simulator?.log.entries.filter((e) => e.kind === 'charge') ?? [];
    expect(charged).toHaveLength(1);

    const staff = await login({ counter: '1', pin: '1111' });
    const alert = (await (await fetch(`${daemon.url}/api/checkin/alerts`, { headers: { cookie: staff } })).json()) as {
      needsStaff: boolean;
      reason: string;
      canResolve: boolean;
    };
    expect(alert).toMatchObject({ needsStaff: true, reason: 'payment-unknown', canResolve: false });
    expect(
      (
        await fetch(`${daemon.url}/api/checkin/resolve`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: staff },
          body: JSON.stringify({ reason: 'tried too early' }),
        })
      ).status,
    ).toBe(409);

    const tech = await login({ pin: '4444' });
    const pending = (await (await fetch(`${daemon.url}/api/payments/pending`, { headers: { cookie: tech } })).json()) as {
      payments: Array<{ id: string; state: string }>;
    };
    expect(pending.payments.map((p) => p.state)).toEqual(['unknown']);
    const settle = await fetch(`${daemon.url}/api/payments/${pending.payments[0]!.id}/settle`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: tech },
      body: JSON.stringify({ outcome: 'approved', authCode: charged[0]!.authCode ?? 'TERMINAL', reason: 'terminal journal: approved' }),
    });
    expect(settle.status).toBe(200);
    // Settled as approved: the visitor paid, so the kiosk prints the ticket and receipt it owes them.
    const printed = await until((v) => v.screen.startsWith('done'));
    expect(printed.screen).toBe('done');
    expect(printed.visit.ticket?.number).toMatch(/^B-\d{3}$/);
    expect(daemon.ctx.hardware.printer.sim?.jobs.length).toBe(2);
    await act({ type: 'ACKNOWLEDGE' });
    const back = await until((v) => v.screen.startsWith('attract'));
    expect(back.screen).toBe('attract');
    const after = (await (await fetch(`${daemon.url}/api/checkin/alerts`, { headers: { cookie: staff } })).json()) as { needsStaff: boolean };
    expect(after.needsStaff).toBe(false);
  }, 40_000);
});
