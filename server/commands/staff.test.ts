// `kiosk staff sessions` and `kiosk staff revoke` on a real journal file that a daemon (here its Auth) has open.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyRequest } from 'fastify';
import { openJournal, type Db } from '../../store/db';
import { tempDir } from '../../test/support/tmp';
import { Auth } from '../auth/auth';
import { AuthConfig } from '../auth/config';
import { revokeCommand, sessionsCommand } from './staff';

const sample = JSON.parse(readFileSync(fileURLToPath(new URL('../queue/sample-config.json', import.meta.url)), 'utf8')) as { auth: object };

let file: string;
let cleanup: () => void;
let db: Db;
beforeEach(() => {
  const t = tempDir('staff-cli-');
  cleanup = t.cleanup;
  file = join(t.dir, 'journal.sqlite');
  db = openJournal(file);
});
afterEach(() => {
  db.close();
  cleanup();
});

const sink = () => {
  let text = '';
  return { write: (s: string) => (text += s), text: () => text };
};

describe('kiosk staff sessions / revoke', () => {
  it('lists the open sessions and revokes one; the daemon refuses it at the next request, saying who', async () => {
    const auth = new Auth({ config: AuthConfig.parse(sample.auth), counters: ['1', '2', '3'], db });
    const r = await auth.login({ counter: '2', pin: '1111' });
    if (!r.ok) throw new Error(r.detail);
    const out = sink();
    expect(sessionsCommand(file, out)).toBe(0);
    const { sessions } = JSON.parse(out.text()) as { sessions: Array<{ id: string; user: { id: string }; counter: string; app: string }> };
    expect(sessions).toEqual([expect.objectContaining({ user: { id: 'amina', name: expect.any(String), role: 'staff' }, counter: '2', app: 'counter' })]);

    const done = sink();
    expect(revokeCommand(file, sessions[0]!.id, { reason: 'lost badge', by: 'cli:ops' }, done)).toBe(0);
    expect(JSON.parse(done.text())).toMatchObject({ ok: true, session: { id: sessions[0]!.id } });
    const refused = auth.authorize({ method: 'GET', headers: { cookie: `staff_counter=${r.token}` } } as FastifyRequest, ['staff']);
    expect(refused).toMatchObject({
      ok: false,
      status: 401,
      reason: 'revoked',
      detail: expect.stringMatching(/ended by a supervisor \(cli:ops\): lost badge/),
    });
    const ev = db.prepare("SELECT payload FROM events WHERE kind = 'auth.revoked'").get() as { payload: string };
    expect(JSON.parse(ev.payload)).toMatchObject({ session: sessions[0]!.id, user: 'amina', by: 'cli:ops', reason: 'lost badge' });

    const err = sink();
    expect(revokeCommand(file, sessions[0]!.id, {}, sink(), err)).toBe(1);
    expect(err.text()).toMatch(/no open session/);
    const empty = sink();
    expect(sessionsCommand(file, empty)).toBe(0);
    expect(JSON.parse(empty.text())).toEqual({ sessions: [] });
  });

  it('a journal that does not exist: exit 2, saying what to give', () => {
    const err = sink();
    expect(sessionsCommand(join(file, '..', 'nope.sqlite'), sink(), err)).toBe(2);
    expect(err.text()).toMatch(/does not exist: give --journal FILE or --data DIR/);
  });
});
