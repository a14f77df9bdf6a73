// Staff session rows on a real journal file: a second connection (another process, a restart) sees them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openJournal, type Db } from './db';
import {
  deleteSessionByTokenHash,
  endSession,
  insertSession,
  openSessions,
  purgeExpiredSessions,
  sessionById,
  sessionByTokenHash,
  touchSession,
  type NewStaffSession,
} from './staff-sessions';
import { tempDir } from '../test/support/tmp';

let file: string;
let cleanup: () => void;
let db: Db;
beforeEach(() => {
  const t = tempDir('staff-sessions-');
  cleanup = t.cleanup;
  file = join(t.dir, 'journal.sqlite');
  db = openJournal(file);
});
afterEach(() => {
  db.close();
  cleanup();
});

const T0 = new Date('2026-12-01T08:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const session = (over: Partial<NewStaffSession> = {}): NewStaffSession => ({
  id: 'S1',
  tokenHash: 'hash-1',
  userId: 'amina',
  userName: 'Amina',
  role: 'staff',
  counter: '1',
  app: 'counter',
  createdAt: T0.toISOString(),
  expiresAt: at(600).toISOString(),
  ...over,
});

describe('staff sessions in the journal', () => {
  it('a session written on one connection is read back on another (a restart)', () => {
    insertSession(db, session(), T0);
    db.close();
    db = openJournal(file);
    expect(sessionByTokenHash(db, 'hash-1')).toEqual({ ...session(), lastSeenAt: T0.toISOString(), ended: null });
    expect(sessionById(db, 'S1')?.tokenHash).toBe('hash-1');
    expect(sessionByTokenHash(db, 'hash-2')).toBeUndefined();
  });

  it('a sign-in at a counter ends the open session of that counter, in the same commit', () => {
    insertSession(db, session(), T0);
    insertSession(db, session({ id: 'S2', tokenHash: 'hash-2', counter: '2' }), T0);
    const r = insertSession(db, session({ id: 'S3', tokenHash: 'hash-3', userId: 'yusuf', userName: 'Yusuf' }), at(5));
    expect(r.replaced.map((s) => s.id)).toEqual(['S1']);
    expect(sessionById(db, 'S1')?.ended).toEqual({ at: at(5).toISOString(), by: 'yusuf', reason: 'replaced', note: null });
    expect(openSessions(db, at(6)).map((s) => s.id)).toEqual(['S2', 'S3']);
  });

  it('a revocation ends an open session once, with who and why; an unknown, ended or expired one is not found', () => {
    insertSession(db, session(), T0);
    const r = endSession(db, 'S1', { at: at(1), by: 'fatima', reason: 'revoked', note: 'left the post' }, (s) => s.userId);
    expect(r).toMatchObject({ session: { id: 'S1', ended: { by: 'fatima', reason: 'revoked', note: 'left the post' } }, also: 'amina' });
    expect(endSession(db, 'S1', { at: at(2), by: 'fatima', reason: 'revoked', note: null }, () => 1)).toBeUndefined();
    expect(endSession(db, 'nope', { at: at(2), by: 'fatima', reason: 'revoked', note: null }, () => 1)).toBeUndefined();
    insertSession(db, session({ id: 'S2', tokenHash: 'hash-2', counter: '2' }), T0);
    expect(endSession(db, 'S2', { at: at(600), by: 'fatima', reason: 'revoked', note: null }, () => 1)).toBeUndefined();
    expect(openSessions(db, at(2))).toEqual([expect.objectContaining({ id: 'S2' })]);
  });

  it('the journal event of a revocation is in the same commit: if it fails, the session stays open', () => {
    insertSession(db, session(), T0);
    expect(() =>
      endSession(db, 'S1', { at: at(1), by: 'fatima', reason: 'revoked', note: null }, () => {
        throw new Error('journal full');
      }),
    ).toThrow('journal full');
    expect(sessionById(db, 'S1')?.ended).toBeNull();
  });

  it('expired rows are purged, open or ended, at sign-in or on demand; a sign-out deletes its row', () => {
    insertSession(db, session(), T0);
    insertSession(db, session({ id: 'S2', tokenHash: 'hash-2', counter: '2', expiresAt: at(10).toISOString() }), T0);
    endSession(db, 'S1', { at: at(1), by: 'fatima', reason: 'revoked', note: null }, () => null);
    expect(purgeExpiredSessions(db, at(9))).toBe(0);
    insertSession(db, session({ id: 'S3', tokenHash: 'hash-3', counter: '3', expiresAt: at(700).toISOString() }), at(10));
    expect(sessionById(db, 'S2')).toBeUndefined();
    expect(purgeExpiredSessions(db, at(600))).toBe(1); // S1, revoked, kept until its expiry to explain itself
    expect(deleteSessionByTokenHash(db, 'hash-3')?.id).toBe('S3');
    expect(deleteSessionByTokenHash(db, 'hash-3')).toBeUndefined();
    expect(db.prepare('SELECT count(*) AS n FROM staff_sessions').get()).toEqual({ n: 0 });
  });

  it('records when a session was last seen', () => {
    insertSession(db, session(), T0);
    touchSession(db, 'S1', at(3));
    expect(sessionById(db, 'S1')?.lastSeenAt).toBe(at(3).toISOString());
  });
});
