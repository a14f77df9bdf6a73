// Issue 17 on a post: a visit paid at a kiosk of the post and refunded in full there has its ticket cancelled in the
// hub's queue. The kiosk journals the ask first and sends it until the hub answers: here the hub is down (SIGKILL)
// when the supervisor refunds, and the cancel reaches it once it is back. Hub in its own process over HTTPS, kiosk
// daemon in this one.
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { startHub, startPostKiosk, until, type Hub } from './rig';
import { tempDir } from '../support/tmp';
import type { RunningDaemon } from '../../server/daemon';
import { screenWatcher, visit } from '../../bench/visit-driver';
import { pendingHubCancels } from '../../server/post/numbers/hub-cancels';
import { recentEvents } from '../../store/events';

let undo: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const f of undo.reverse()) await f();
  undo = [];
});

describe('a visit refunded in full at a kiosk of a post', () => {
  it("cancels its ticket in the hub's queue, even when the hub was down at the refund", async () => {
    const t = tempDir('hub-cancel-');
    undo.push(t.cleanup);
    const hub: Hub = await startHub(join(t.dir, 'hub'));
    undo.push(() => hub.stop());
    const kiosk: RunningDaemon = await startPostKiosk(hub, 'K1', join(t.dir, 'k1'));
    undo.push(() => kiosk.close());

    await visit(screenWatcher(kiosk), null);
    const issued = recentEvents(kiosk.ctx.db, { kindPrefix: 'checkin.ticket-issued' });
    const ticketId = issued[0]!.subject!;
    const stateAtHub = () =>
      hub.read((db) => (db.prepare('SELECT state FROM queue_tickets WHERE id = ?').get(ticketId) as { state: string } | undefined)?.state);
    expect(stateAtHub()).toBe('waiting');
    const paymentId = (kiosk.ctx.db.prepare("SELECT id FROM payments WHERE state = 'approved'").get() as { id: string }).id;

    await hub.kill();
    const login = await fetch(`${kiosk.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pin: '3333' }),
    });
    expect(login.status).toBe(200);
    const res = await fetch(`${kiosk.url}/api/payments/${paymentId}/refund`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: login.headers.get('set-cookie')!.split(';')[0]! },
      body: JSON.stringify({ reason: 'fee paid twice by mistake' }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, fullyRefunded: true });
    expect(pendingHubCancels(kiosk.ctx.db)).toMatchObject([{ ticketId, reason: 'visit refunded in full: fee paid twice by mistake' }]);

    await hub.restart();
    await until('the hub cancelled the ticket', () => stateAtHub() === 'cancelled');
    await until('the kiosk journaled the answer', () => pendingHubCancels(kiosk.ctx.db).length === 0);
    expect(recentEvents(kiosk.ctx.db, { kindPrefix: 'post.ticket-cancel-answered' })).toMatchObject([{ payload: { outcome: 'cancelled', ticketId } }]);
    const reason = hub.read((db) => db.prepare('SELECT cancel_reason, cancelled_by FROM queue_tickets WHERE id = ?').get(ticketId));
    expect(reason).toEqual({ cancel_reason: 'visit refunded in full: fee paid twice by mistake', cancelled_by: expect.stringMatching(/@kiosk:K1$/) });
  }, 120_000);
});
