// store/commit.ts on a real journal file: the level a commit without its own fsync runs at, and what it costs per commit.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { openJournal, type Db } from './db';
import { commitWithoutFsync, inOneCommit } from './commit';
import { tempDir } from '../test/support/tmp';

let db: Db;
let cleanup: () => void;
beforeEach(() => {
  const t = tempDir('commit-');
  cleanup = t.cleanup;
  db = openJournal(join(t.dir, 'j.sqlite'));
  // The synchronous level each commit runs at, seen from inside it (a trigger of this connection only).
  db.exec(`CREATE TABLE t (x);
    CREATE TEMP TABLE seen (level INTEGER);
    CREATE TEMP TRIGGER seen_insert AFTER INSERT ON main.t BEGIN INSERT INTO seen SELECT synchronous FROM pragma_synchronous; END;`);
});
afterEach(() => {
  vi.restoreAllMocks();
  db.close();
  cleanup();
});

const levels = () => db.prepare('SELECT level FROM seen').pluck().all();

it('commits without its own fsync at NORMAL, and the durable commits after it at FULL again', () => {
  commitWithoutFsync(db, () => db.prepare('INSERT INTO t VALUES (1)').run());
  inOneCommit(db, () => db.prepare('INSERT INTO t VALUES (2)').run());
  commitWithoutFsync(db, () => db.prepare('INSERT INTO t VALUES (3)').run());
  expect(levels()).toEqual([1, 2, 1]);
  expect(db.pragma('synchronous', { simple: true })).toBe(2);
});

it("sets NORMAL and restores the connection's level with two PRAGMA texts run by exec, no Statement object (the hub's group commit, issue 14)", () => {
  commitWithoutFsync(db, () => db.prepare('INSERT INTO t VALUES (1)').run());
  const pragma = vi.spyOn(db, 'pragma');
  const exec = vi.spyOn(db, 'exec');
  for (let i = 0; i < 3; i++) commitWithoutFsync(db, () => db.prepare('INSERT INTO t VALUES (?)').run(i));
  expect(pragma).not.toHaveBeenCalled();
  expect(exec.mock.calls.map(([sql]) => sql)).toEqual(Array.from({ length: 3 }, () => ['PRAGMA synchronous = NORMAL', 'PRAGMA synchronous = 2']).flat());
  expect(levels()).toEqual([1, 1, 1, 1]);
  expect(db.pragma('synchronous', { simple: true })).toBe(2);
});

it('restores FULL when the work throws', () => {
  expect(() =>
    commitWithoutFsync(db, () => {
      db.prepare('INSERT INTO t VALUES (1)').run();
      throw new Error('a bug');
    }),
  ).toThrow('a bug');
  expect(db.pragma('synchronous', { simple: true })).toBe(2);
  expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(0);
});

it('a connection first met at NORMAL for a while (the migrations) is not kept at NORMAL after it', () => {
  db.pragma('synchronous = NORMAL');
  commitWithoutFsync(db, () => db.prepare('INSERT INTO t VALUES (1)').run());
  db.pragma('synchronous = FULL');
  commitWithoutFsync(db, () => db.prepare('INSERT INTO t VALUES (2)').run());
  inOneCommit(db, () => db.prepare('INSERT INTO t VALUES (3)').run());
  expect(levels()).toEqual([1, 1, 2]);
  expect(db.pragma('synchronous', { simple: true })).toBe(2);
});
