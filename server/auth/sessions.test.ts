// Staff sessions kept in the journal, through Auth on a real SQLite file: a new Auth on the reopened file (a
// restart) knows them; expiry by an injected clock; revocation and a new sign-in at the counter say why.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyRequest } from 'fastify';
import { openJournal, type Db } from '../../store/db';
import { tempDir } from '../../test/support/tmp';
import { Auth } from './auth';
import { AuthConfig } from './config';
import { LAST_SEEN_EVERY_MS, SessionStore } from './sessions';

const sample = JSON.parse(readFileSync(fileURLToPath(new URL('../queue/sample-config.json', import.meta.url)), 'utf8')) as { auth: object };
const config = AuthConfig.parse({ ...sample.auth, sessionMinutes: 10 });

let file: string;
let cleanup: () => void;
let db: Db;
let t: number;
beforeEach(() => {
  const d = tempDir('sessions-');
  cleanup = d.cleanup;
  file = join(d.dir, 'journal.sqlite');
  db = openJournal(file);
  t = Date.parse('2026-12-01T08:00:00.000Z');
});
afterEach(() => {
  db.close();
  cleanup();
});

const auth = () => new Auth({ config, counters: ['1', '2', '3'], db, now: () => t });
const req = (cookie: string) => ({ method: 'GET', headers: { cookie } }) as FastifyRequest;
const counterCookie = (token: string) => `staff_counter=${token}`;
async function signIn(a: Auth, counter: string | undefined, pin: string): Promise<string> {
  const r = await a.login({ ...(counter ? { counter } : {}), pin });
  if (!r.ok) throw new Error(r.detail);
  return r.token;
}
const events = (kind: string) =>
  (db.prepare('SELECT payload FROM events WHERE kind = ? ORDER BY id').all(kind) as Array<{ payload: string }>).map((e) => JSON.parse(e.payload) as object);

describe('staff sessions in the journal', () => {
  it('a session id never starts with "-", so that `kiosk staff revoke ID` takes it as the id and not an option', () => {
    const store = new SessionStore(db, 60_000, () => t);
    const user = { id: 'sofia', name: 'Sofia', role: 'supervisor' as const };
    const ids = Array.from({ length: 600 }, () => store.create(user, undefined, 'reports').session.id);
    expect(ids.filter((id) => id.startsWith('-'))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('a restart (a new Auth on the reopened journal) signs nobody out; the token itself is nowhere in the file', async () => {
    const token = await signIn(auth(), '1', '1111');
    db.close();
    db = openJournal(file);
    expect(auth().authorize(req(counterCookie(token)), ['staff'])).toMatchObject({ ok: true, user: { id: 'amina' }, session: { counter: '1' } });
    expect(readFileSync(file).includes(token) || readFileSync(`${file}-wal`).includes(token)).toBe(false);
  });

  it('a session expires at its time, and its expired row is purged at the next sign-in', async () => {
    const a = auth();
    const token = await signIn(a, '1', '1111');
    t += 10 * 60_000 - 1;
    expect(a.authorize(req(counterCookie(token)), ['staff']).ok).toBe(true);
    t += 1;
    expect(a.authorize(req(counterCookie(token)), ['staff'])).toMatchObject({ ok: false, status: 401, reason: 'signed-out' });
    await signIn(a, '3', '2222');
    expect(db.prepare('SELECT user_id FROM staff_sessions').all()).toEqual([{ user_id: 'yusuf' }]);
  });

  it('"last seen" is written at most once a minute per session', async () => {
    const a = auth();
    const token = await signIn(a, '1', '1111');
    const seen = () => (db.prepare('SELECT last_seen_at AS at FROM staff_sessions').get() as { at: string }).at;
    const signedInAt = seen();
    t += LAST_SEEN_EVERY_MS - 1;
    a.authorize(req(counterCookie(token)), ['staff']);
    expect(seen()).toBe(signedInAt);
    t += 1;
    a.authorize(req(counterCookie(token)), ['staff']);
    expect(seen()).toBe(new Date(t).toISOString());
    expect(a.openSessions()[0]?.lastSeenAt).toBe(t);
  });

  it('a supervisor revokes a session: its next request is refused saying a supervisor ended it; journaled with who and whose', async () => {
    const a = auth();
    const token = await signIn(a, '1', '1111');
    const supervisor = a.authorize(req(`staff_reports=${await signIn(a, undefined, '3333')}`), ['supervisor']);
    if (!supervisor.ok) throw new Error(supervisor.detail);
    const [target] = a.openSessions().filter((s) => s.user.id === 'amina');
    expect(target!.id).not.toContain(token);
    expect(a.revoke(target!.id, supervisor.user, 'left the post')).toMatchObject({ ok: true, session: { id: target!.id, user: { id: 'amina' } } });
    const r = a.authorize(req(counterCookie(token)), ['staff']);
    expect(r).toMatchObject({ ok: false, status: 401, reason: 'revoked' });
    expect(!r.ok && r.detail).toMatch(/ended by a supervisor \(sofia\): left the post/);
    expect(events('auth.revoked')).toEqual([
      { session: target!.id, user: 'amina', role: 'staff', counter: '1', app: 'counter', by: 'sofia', reason: 'left the post' },
    ]);
    expect(a.revoke(target!.id, supervisor.user, undefined)).toMatchObject({ ok: false, reason: 'not-found' });
    expect(a.openSessions().map((s) => s.user.id)).toEqual(['sofia']);
  });

  it('a revocation written by another process on the journal holds at this daemon at once', async () => {
    const a = auth();
    const token = await signIn(a, '2', '1111');
    const other = openJournal(file);
    const cli = new SessionStore(other, 0, () => t);
    const [s] = cli.list();
    expect(cli.revoke(s!.id, 'cli:root', undefined, () => {})).toMatchObject({ id: s!.id });
    other.close();
    expect(a.authorize(req(counterCookie(token)), ['staff'])).toMatchObject({ ok: false, reason: 'revoked', detail: expect.stringMatching(/cli:root/) });
  });

  it('a sign-in at a counter ends the session open there, persisted, and the old page is told why', async () => {
    const a = auth();
    const first = await signIn(a, '1', '1111');
    await signIn(a, '1', '3333'); // the supervisor takes counter 1
    db.close();
    db = openJournal(file);
    const r = auth().authorize(req(counterCookie(first)), ['staff']);
    expect(r).toMatchObject({ ok: false, status: 401, reason: 'replaced', detail: expect.stringMatching(/sofia.*counter 1/) });
    expect(events('auth.logout')).toEqual([expect.objectContaining({ user: 'amina', counter: '1', by: 'new-sign-in' })]);
  });

  it('a sign-out deletes the row', async () => {
    const a = auth();
    const token = await signIn(a, '1', '1111');
    expect(a.logout([token])).toBe(1);
    expect(db.prepare('SELECT count(*) AS n FROM staff_sessions').get()).toEqual({ n: 0 });
    expect(a.authorize(req(counterCookie(token)), ['staff'])).toMatchObject({ ok: false, reason: 'signed-out' });
  });
});
