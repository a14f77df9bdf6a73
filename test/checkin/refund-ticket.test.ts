// The daemon's wiring of issue 17's "the ticket of a fully refunded visit is cancelled": a paid walk-in visit at a
// kiosk whose ZVT terminal is a simulator on a real pty, then a supervisor's refund through the HTTP API. The ticket
// leaves the board's count and the journal says why; the terminal reversed the payment once.
import { afterEach, describe, expect, it } from 'vitest';
import { startCheckinRig, type CheckinRig } from './rig';
import type { CheckinView } from '../../shared/checkin-api';
import type { BoardView } from '../../shared/queue-api';
import { getTicket } from '../../store/queue';

let rig: CheckinRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function paidVisit(r: CheckinRig): Promise<string> {
  const act = (body: object) =>
    fetch(`${r.url}/api/checkin/event`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const until = async (pred: (v: CheckinView) => boolean, ms = 30_000) => {
    const end = Date.now() + ms;
    for (;;) {
      const v = (await (await fetch(`${r.url}/api/checkin`)).json()) as CheckinView;
      if (pred(v)) return v;
      if (Date.now() > end) throw new Error(`screen ${v.screen}; trail:\n${r.trail.join('\n')}`);
      await new Promise((res) => setTimeout(res, 100));
    }
  };
  for (const e of [{ type: 'TOUCH' }, { type: 'SELECT_LANGUAGE', language: 'fr' }, { type: 'WALK_IN' }, { type: 'SELECT_SERVICE', service: 'cnie' }])
    await act(e);
  await until((v) => v.screen.startsWith('summary') && v.terminal.ready === true);
  await act({ type: 'CONFIRM' });
  await until((v) => v.screen.startsWith('done'));
  const paid = r.payments().filter((p) => p.state === 'approved');
  expect(paid).toHaveLength(1);
  return paid[0]!.id;
}

describe("a visit refunded in full at the daemon's API", () => {
  it('cancels its queue ticket: off the board, journaled with the supervisor and the reason', async () => {
    rig = await startCheckinRig({ timing: { pinDelayMs: 200, pinStepMs: 100 } });
    const paymentId = await paidVisit(rig);
    const [issued] = rig.events('checkin.ticket-issued');
    const ticketId = issued!.subject!;
    const waiting = async () =>
      ((await (await fetch(`${rig!.url}/api/queue/board`)).json()) as BoardView).waiting.find((w) => w.service === 'cnie')?.count ?? 0;
    expect(await waiting()).toBe(1);

    const login = await fetch(`${rig.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pin: '3333' }),
    });
    const supervisor = login.headers.get('set-cookie')!.split(';')[0]!;
    const res = await fetch(`${rig.url}/api/payments/${paymentId}/refund`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: supervisor },
      body: JSON.stringify({ reason: 'service not delivered: office closed' }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, fullyRefunded: true });

    expect(getTicket(rig.daemon.ctx.db, ticketId)).toMatchObject({
      state: 'cancelled',
      cancel_reason: 'visit refunded in full: service not delivered: office closed',
    });
    expect(await waiting()).toBe(0);
    expect(rig.events('queue.ticket.cancelled')).toMatchObject([
      { subject: ticketId, payload: { paymentId, reason: expect.stringMatching(/refunded in full/) } },
    ]);
  });
});
