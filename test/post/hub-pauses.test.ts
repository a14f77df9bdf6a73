// A service paused by the hub's supervisor closes the walk-in tile of every kiosk of the post (issue 18 item 4): the
// kiosk reads the hub's board, and choosing the service is refused before any payment. Resumed, it opens again. Hub
// in its own process over HTTPS, kiosk daemon in this one.
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { startHub, startPostKiosk, until, type Hub } from './rig';
import { tempDir } from '../support/tmp';
import type { RunningDaemon } from '../../server/daemon';
import { backToAttract } from '../checkin/page';

let undo: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const f of undo.reverse()) await f();
  undo = [];
});

describe("the hub's paused services at a kiosk of the post", () => {
  it('close the walk-in tile within the poll, refuse the service before payment, and reopen when resumed', async () => {
    const t = tempDir('hub-pauses-');
    undo.push(t.cleanup);
    const hub: Hub = await startHub(join(t.dir, 'hub'));
    undo.push(() => hub.stop());
    const kiosk: RunningDaemon = await startPostKiosk(hub, 'K1', join(t.dir, 'k1'));
    undo.push(() => kiosk.close());

    await backToAttract(kiosk.url, (cmd) => kiosk.ctx.checkin.send(cmd));
    const steps = [
      [{ type: 'TOUCH' }, 'language'],
      [{ type: 'SELECT_LANGUAGE', language: 'fr' }, 'identify.scan'],
      [{ type: 'WALK_IN' }, 'identify.walkIn'],
    ] as const;
    for (const [cmd, next] of steps) {
      kiosk.ctx.checkin.send(cmd);
      await expect.poll(() => kiosk.ctx.checkin.view().screen.startsWith(next)).toBe(true);
    }
    expect(kiosk.ctx.checkin.view().closedServices).toEqual([]);

    const login = await hub.fetch('POST', '/api/auth/login', { body: { pin: '3333' }, app: 'supervisor' });
    expect(login.status).toBe(200);
    const pause = (paused: boolean) =>
      hub.fetch('POST', '/api/supervisor/services/information/pause', { body: { paused, reason: 'agent on leave' }, cookie: login.cookie!, app: 'supervisor' });
    expect((await pause(true)).status).toBe(200);
    const board = await hub.fetch('GET', '/api/queue/board');
    expect((board.body as { waiting: Array<{ service: string; paused: boolean }> }).waiting.find((w) => w.service === 'information')?.paused).toBe(true);

    await until('the kiosk closed the paused tile', () => kiosk.ctx.checkin.view().closedServices.some((c) => c.service === 'information'), 30_000);
    expect(kiosk.ctx.checkin.view().closedServices).toEqual([{ service: 'information', reason: 'paused', nextDate: null, nextTime: null }]);
    kiosk.ctx.checkin.send({ type: 'SELECT_SERVICE', service: 'information' });
    await expect.poll(() => kiosk.ctx.checkin.view().visit.problem?.code).toBe('walk-in-closed');

    expect((await pause(false)).status).toBe(200);
    await backToAttract(kiosk.url, (cmd) => kiosk.ctx.checkin.send(cmd));
    for (const [cmd, next] of steps) {
      kiosk.ctx.checkin.send(cmd);
      await expect.poll(() => kiosk.ctx.checkin.view().screen.startsWith(next)).toBe(true);
    }
    await until('the resumed service is open at the kiosk', () => kiosk.ctx.checkin.view().closedServices.length === 0, 30_000);
  }, 120_000);
});
