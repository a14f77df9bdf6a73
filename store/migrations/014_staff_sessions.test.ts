import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadMigrations, migrate, NewerDatabaseError } from '../migrations';
import { tempDir } from '../../test/support/tmp';

/** This migration's number, in one place (the coordinator renumbers at merge). */
const VERSION = 14;

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('mig-sessions-')));
afterEach(() => cleanup());

const row = (over: Record<string, unknown> = {}) => ({
  id: 's1',
  token_hash: 'h1',
  user_id: 'amina',
  user_name: 'Amina',
  role: 'staff',
  counter: '1',
  app: 'counter',
  created_at: '2026-12-01T08:00:00.000Z',
  expires_at: '2026-12-01T18:00:00.000Z',
  last_seen_at: '2026-12-01T08:00:00.000Z',
  ...over,
});
const insert = (d: Database.Database, r: Record<string, unknown>) =>
  d
    .prepare(
      `INSERT INTO staff_sessions (id, token_hash, user_id, user_name, role, counter, app, created_at, expires_at, last_seen_at, ended_at, end_reason)
       VALUES (@id, @token_hash, @user_id, @user_name, @role, @counter, @app, @created_at, @expires_at, @last_seen_at, @ended_at, @end_reason)`,
    )
    .run({ ended_at: null, end_reason: null, ...r });

describe(`migration ${VERSION}: staff sessions in the journal`, () => {
  it('adds the table to a journal written by the previous version, one open session per counter', () => {
    const d = new Database(join(dir, 'old.sqlite'));
    migrate(d, loadMigrations(), VERSION - 1);
    expect(migrate(d, loadMigrations(), VERSION)).toEqual({ from: VERSION - 1, to: VERSION });
    insert(d, row());
    expect(() => insert(d, row({ id: 's2', token_hash: 'h2' }))).toThrow(/UNIQUE/);
    // Ended sessions and sessions away from a counter do not count.
    d.prepare("UPDATE staff_sessions SET ended_at = '2026-12-01T09:00:00.000Z', end_reason = 'replaced' WHERE id = 's1'").run();
    insert(d, row({ id: 's2', token_hash: 'h2' }));
    insert(d, row({ id: 's3', token_hash: 'h3', counter: null, role: 'supervisor', app: 'reports' }));
    insert(d, row({ id: 's4', token_hash: 'h4', counter: null, role: 'technician', app: 'diagnostics' }));
    expect(() => insert(d, row({ id: 's5', token_hash: 'h3', counter: '2' }))).toThrow(/UNIQUE/); // one row per token
    expect(() => insert(d, row({ id: 's6', token_hash: 'h6', counter: '3', role: 'guest' }))).toThrow(/CHECK/);
    expect(() => insert(d, row({ id: 's7', token_hash: 'h7', counter: '3', ended_at: '2026-12-01T09:00:00.000Z' }))).toThrow(/CHECK/);
    d.close();
  });

  it('a failing migration leaves the journal at the previous version', () => {
    const d = new Database(join(dir, 'old.sqlite'));
    migrate(d, loadMigrations(), VERSION - 1);
    d.exec('CREATE INDEX staff_sessions_expiry ON events(at)'); // a name taken: the migration fails half-way
    expect(() => migrate(d, loadMigrations(), VERSION)).toThrow(/staff_sessions_expiry/);
    expect(d.pragma('user_version', { simple: true })).toBe(VERSION - 1);
    expect(d.prepare("SELECT name FROM sqlite_master WHERE name = 'staff_sessions'").all()).toEqual([]);
    d.close();
  });

  it(`a journal at ${VERSION} is refused, untouched, by software that knows only ${VERSION - 1}`, () => {
    const d = new Database(join(dir, 'new.sqlite'));
    migrate(d, loadMigrations(), VERSION);
    expect(() => migrate(d, loadMigrations().slice(0, VERSION - 1))).toThrow(NewerDatabaseError);
    expect(d.pragma('user_version', { simple: true })).toBe(VERSION);
    d.close();
  });
});
