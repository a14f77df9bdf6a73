// Staff sessions over HTTP against the real daemon (issue 15, item 5): a restart on the same data dir signs
// nobody out, a supervisor lists and revokes sessions, and staff can do neither.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningDaemon } from '../../server/daemon';
import { startTestDaemon } from '../support/daemon';
import { tempDir } from '../support/tmp';

let daemon: RunningDaemon | undefined;
let dir: { dir: string; cleanup: () => void };
beforeEach(() => {
  dir = tempDir('staff-sessions-');
});
afterEach(async () => {
  await daemon?.close();
  daemon = undefined;
  dir.cleanup();
});

type Page = 'counter' | 'reports' | 'diagnostics';
interface Answer {
  status: number;
  body: Record<string, unknown>;
}

async function call(page: Page, cookie: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${daemon!.url}/api/${path}`, {
    method,
    headers: { 'x-kiosk-app': page, cookie, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Signs in on a staff page; returns the `name=value` of its session cookie. */
async function signIn(page: Page, pin: string, counter?: string): Promise<string> {
  const res = await fetch(`${daemon!.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-kiosk-app': page },
    body: JSON.stringify({ pin, ...(counter ? { counter } : {}) }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return String(res.headers.get('set-cookie')).split(';')[0]!;
}

describe('staff sessions in the journal, over HTTP', () => {
  it('a daemon restart on the same data dir signs nobody out', async () => {
    daemon = await startTestDaemon(dir.dir);
    const cookie = await signIn('counter', '1111', '1');
    expect(await call('counter', cookie, 'GET', 'auth/me')).toMatchObject({ status: 200, body: { user: { id: 'amina' }, counter: '1' } });
    await daemon.close();
    daemon = await startTestDaemon(dir.dir);
    expect(await call('counter', cookie, 'GET', 'auth/me')).toMatchObject({ status: 200, body: { user: { id: 'amina' }, counter: '1' } });
    expect((await call('counter', cookie, 'GET', 'queue/counter')).status).toBe(200);
  }, 60_000);

  it('a supervisor lists and revokes; the staff member is told at the next request; staff can do neither', async () => {
    daemon = await startTestDaemon(dir.dir);
    const staff = await signIn('counter', '1111', '1');
    const supervisor = await signIn('reports', '3333');

    expect((await call('counter', staff, 'GET', 'auth/sessions')).status).toBe(403);
    const list = await call('reports', supervisor, 'GET', 'auth/sessions');
    expect(list.status).toBe(200);
    const sessions = list.body.sessions as Array<{ id: string; user: { id: string }; counter: string | null; app: string }>;
    expect(sessions.map((s) => [s.user.id, s.counter, s.app])).toEqual([
      ['amina', '1', 'counter'],
      ['sofia', null, 'reports'],
    ]);
    const amina = sessions[0]!;
    expect(staff).not.toContain(amina.id);
    expect(await call('counter', staff, 'POST', `auth/sessions/${sessions[1]!.id}/revoke`, {})).toMatchObject({ status: 403 });

    const revoked = await call('reports', supervisor, 'POST', `auth/sessions/${amina.id}/revoke`, { reason: 'counter closed early' });
    expect(revoked).toMatchObject({ status: 200, body: { ok: true, session: { id: amina.id, user: { id: 'amina' } } } });
    for (const path of ['auth/me', 'queue/counter']) {
      const r = await call('counter', staff, 'GET', path);
      expect(r.status, path).toBe(401);
      expect(r.body, path).toMatchObject({ reason: 'revoked', error: expect.stringMatching(/ended by a supervisor \(sofia\): counter closed early/) });
    }
    expect(await call('reports', supervisor, 'POST', `auth/sessions/${amina.id}/revoke`, {})).toMatchObject({ status: 404, body: { reason: 'not-found' } });
    expect(await call('reports', supervisor, 'POST', 'auth/sessions/x/revoke', {})).toMatchObject({ status: 404 });
    const ev = daemon.ctx.db.prepare("SELECT payload FROM events WHERE kind = 'auth.revoked'").all() as Array<{ payload: string }>;
    expect(ev.map((e) => JSON.parse(e.payload) as object)).toEqual([expect.objectContaining({ session: amina.id, user: 'amina', by: 'sofia' })]);
    // Signed in again, the staff member works as before.
    const again = await signIn('counter', '1111', '1');
    expect((await call('counter', again, 'GET', 'auth/me')).status).toBe(200);
  }, 60_000);
});
