// The supervisor's floor over HTTP against the real daemon (issue 18 item 4): only a supervisor's session of the
// /supervisor page reads and acts; each action answers the fresh view and pokes the pages over /api/ws; a paused
// service closes the kiosk's walk-in tile; a counter's services and a pause outlive a restart on the same data dir.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { RunningDaemon } from '../../server/daemon';
import type { FloorView } from '../../shared/supervisor-api';
import { startTestDaemon } from '../support/daemon';
import { tempDir } from '../support/tmp';
import { backToAttract } from '../checkin/page';

let daemon: RunningDaemon | undefined;
let dir: { dir: string; cleanup: () => void };
beforeEach(() => {
  dir = tempDir('supervisor-floor-');
});
afterEach(async () => {
  await daemon?.close();
  daemon = undefined;
  dir.cleanup();
});

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

async function call(cookie: string, method: 'GET' | 'POST', path: string, body?: unknown, page = 'supervisor'): Promise<Answer> {
  const res = await fetch(`${daemon!.url}/api/${path}`, {
    method,
    headers: { 'x-kiosk-app': page, cookie, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
const floorOf = (a: Answer) => a.body as unknown as FloorView;

async function signIn(page: string, pin: string, counter?: string): Promise<string> {
  const res = await fetch(`${daemon!.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-kiosk-app': page },
    body: JSON.stringify({ pin, ...(counter ? { counter } : {}) }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return String(res.headers.get('set-cookie')).split(';')[0]!;
}

function ticket(service: string) {
  const r = daemon!.ctx.queue.issueTicket({ service, kind: 'walk-in', persons: 1, lang: 'fr' });
  if (!r.ok) throw new Error(r.detail);
  return r.ticket;
}

describe('the supervisor’s floor, over HTTP', () => {
  it('is for a supervisor signed in on the supervisor page only', async () => {
    daemon = await startTestDaemon(dir.dir);
    expect((await call('', 'GET', 'supervisor/floor')).status).toBe(401);
    const staff = await signIn('supervisor', '1111', '1');
    expect(await call(staff, 'GET', 'supervisor/floor')).toMatchObject({ status: 403 });
    const t = ticket('passport');
    expect((await call(staff, 'POST', `supervisor/tickets/${encodeURIComponent(t.id)}/cancel`, { reason: 'not allowed' })).status).toBe(403);
    expect(daemon.ctx.queue.ticketDetail(t.id)).toMatchObject({ ok: true, detail: { ticket: { state: 'waiting' } } });
    // The reports page's supervisor session is the reports page's: the supervisor page signs in on its own.
    const reports = await signIn('reports', '3333');
    expect((await call(reports, 'GET', 'supervisor/floor')).status).toBe(401);
    const sofia = await signIn('supervisor', '3333');
    expect((await call(sofia, 'GET', 'supervisor/floor')).status).toBe(200);
  });

  it('shows the floor and acts on it: move, cancel with a reason, reopen, pause; each pokes the pages and names the supervisor', async () => {
    daemon = await startTestDaemon(dir.dir);
    const sofia = await signIn('supervisor', '3333');
    const a = ticket('registration');
    const b = ticket('passport');
    let floor = floorOf(await call(sofia, 'GET', 'supervisor/floor'));
    expect(floor.waiting.map((w) => w.label)).toEqual([a.label, b.label]);
    expect(floor.services.find((s) => s.code === 'passport')).toMatchObject({ waiting: 1, openCounters: 0 });
    expect(floor.counters.map((c) => [c.id, c.state])).toEqual([
      ['1', 'offline'],
      ['2', 'offline'],
      ['3', 'offline'],
    ]);

    const ws = new WebSocket(`${daemon.url.replace('http', 'ws')}/api/ws`, { headers: { origin: daemon.url } });
    const pokes: string[] = [];
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as { type: string; topic?: string };
      if (m.type === 'changed') pokes.push(m.topic ?? '');
    });
    await new Promise((r) => ws.once('open', r));
    try {
      // An agent signing in at counter 2 shows on the floor, and the pages hear of it.
      await signIn('counter', '1111', '2');
      await expect.poll(() => pokes.includes('sessions')).toBe(true);
      floor = floorOf(await call(sofia, 'GET', 'supervisor/floor'));
      expect(floor.counters.find((c) => c.id === '2')).toMatchObject({ state: 'idle', staff: 'Amina B.' });
      expect(floor.services.find((s) => s.code === 'passport')?.openCounters).toBe(1);

      pokes.length = 0;
      const moved = await call(sofia, 'POST', `supervisor/tickets/${encodeURIComponent(a.id)}/move`, { service: 'marriage' });
      expect(moved.status).toBe(200);
      expect(floorOf(moved).waiting.find((w) => w.id === a.id)).toMatchObject({ label: a.label, service: 'marriage' });
      await expect.poll(() => pokes.includes('queue')).toBe(true);
      expect((await call(sofia, 'POST', `supervisor/tickets/${encodeURIComponent(a.id)}/move`, { service: 'marriage' })).status).toBe(409);
      expect((await call(sofia, 'POST', `supervisor/tickets/${encodeURIComponent(a.id)}/move`, { service: 'visa' })).status).toBe(400);

      expect(await call(sofia, 'POST', `supervisor/tickets/${encodeURIComponent(b.id)}/cancel`, { reason: '' })).toMatchObject({ status: 400 });
      const cancelled = await call(sofia, 'POST', `supervisor/tickets/${encodeURIComponent(b.id)}/cancel`, { reason: 'visitor left the building' });
      expect(cancelled.status).toBe(200);
      expect(floorOf(cancelled).waiting.map((w) => w.id)).toEqual([a.id]);
      expect(daemon.ctx.queue.ticketDetail(b.id)).toMatchObject({
        detail: {
          ticket: { state: 'cancelled' },
          events: expect.arrayContaining([{ kind: 'cancelled', actor: 'sofia', at: expect.any(String), service: 'passport', counter: null }]),
        },
      });
      expect((await call(sofia, 'POST', 'supervisor/tickets/nope/reopen', {})).status).toBe(404);

      // A no-show at counter 3 (marriage), reopened.
      const c3 = daemon.ctx.queue;
      expect(c3.callNext('3', { id: 'yusuf' })).toMatchObject({ ok: true, ticket: { id: a.id } });
      c3.recall('3', { id: 'yusuf' });
      c3.recall('3', { id: 'yusuf' });
      expect(c3.noShow('3', { id: 'yusuf' })).toMatchObject({ ok: true });
      floor = floorOf(await call(sofia, 'GET', 'supervisor/floor'));
      expect(floor.noShows.map((n) => n.id)).toEqual([a.id]);
      const reopened = await call(sofia, 'POST', `supervisor/tickets/${encodeURIComponent(a.id)}/reopen`, {});
      expect(reopened.status).toBe(200);
      expect(floorOf(reopened)).toMatchObject({ noShows: [], waiting: [{ id: a.id, service: 'marriage' }] });
      expect((await call(sofia, 'POST', `supervisor/tickets/${encodeURIComponent(a.id)}/reopen`, {})).status).toBe(409);

      // A paused service: the kiosk's walk-in tile says closed at once, and choosing it is refused before any payment.
      await backToAttract(daemon.url, (cmd) => daemon!.ctx.checkin.send(cmd));
      const steps = [
        [{ type: 'TOUCH' }, 'language'],
        [{ type: 'SELECT_LANGUAGE', language: 'fr' }, 'identify.scan'],
        [{ type: 'WALK_IN' }, 'identify.walkIn'],
      ] as const;
      for (const [cmd, next] of steps) {
        daemon.ctx.checkin.send(cmd);
        await expect.poll(() => daemon!.ctx.checkin.view().screen.startsWith(next)).toBe(true);
      }
      expect(daemon.ctx.checkin.view().closedServices).toEqual([]);
      const paused = await call(sofia, 'POST', 'supervisor/services/information/pause', { paused: true, reason: 'agent on leave' });
      expect(paused.status).toBe(200);
      expect(floorOf(paused).services.find((s) => s.code === 'information')?.paused).toMatchObject({ by: 'sofia', reason: 'agent on leave' });
      expect(daemon.ctx.checkin.view().closedServices).toEqual([{ service: 'information', reason: 'paused', nextDate: null, nextTime: null }]);
      daemon.ctx.checkin.send({ type: 'SELECT_SERVICE', service: 'information' });
      await expect.poll(() => daemon!.ctx.checkin.view().visit.problem?.code).toBe('walk-in-closed');
      expect((await call(sofia, 'POST', 'supervisor/services/visa/pause', { paused: true })).status).toBe(400);
    } finally {
      ws.close();
    }
  });

  it('keeps a counter’s services and a paused service across a restart', async () => {
    daemon = await startTestDaemon(dir.dir);
    let sofia = await signIn('supervisor', '3333');
    const changed = await call(sofia, 'POST', 'supervisor/counters/3/services', { services: ['marriage', 'information'] });
    expect(changed.status).toBe(200);
    expect(floorOf(changed).counters.find((c) => c.id === '3')).toMatchObject({
      services: ['marriage', 'information'],
      configured: ['passport', 'passport-minor', 'passport-loss', 'marriage'],
      changed: { by: 'sofia' },
    });
    expect((await call(sofia, 'POST', 'supervisor/counters/3/services', { services: [] })).status).toBe(400);
    expect((await call(sofia, 'POST', 'supervisor/counters/9/services', { services: ['marriage'] })).status).toBe(400);
    expect((await call(sofia, 'POST', 'supervisor/services/marriage/pause', { paused: true })).status).toBe(200);
    await daemon.close();

    daemon = await startTestDaemon(dir.dir);
    sofia = await signIn('supervisor', '3333');
    const floor = floorOf(await call(sofia, 'GET', 'supervisor/floor'));
    expect(floor.counters.find((c) => c.id === '3')?.services).toEqual(['marriage', 'information']);
    expect(floor.services.find((s) => s.code === 'marriage')?.paused).toMatchObject({ by: 'sofia' });
    // Counter 3 calls an information ticket now, and no passport ticket.
    const info = ticket('information');
    ticket('passport');
    expect(daemon.ctx.queue.callNext('3', { id: 'yusuf' })).toMatchObject({ ok: true, ticket: { id: info.id } });
    expect(daemon.ctx.queue.callNext('3', { id: 'yusuf' })).toMatchObject({ ok: false, reason: 'busy' });
  });
});
