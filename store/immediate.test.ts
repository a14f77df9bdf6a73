// store/immediate.ts on a real journal file: one transaction function per connection, with the semantics of a fresh
// one (BEGIN IMMEDIATE at the top, a savepoint inside a transaction).
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { openConnection, openJournal, type Db } from './db';
import { immediate } from './immediate';
import { commitWithoutFsync, inOneCommit } from './commit';
import { inImmediate } from './queue';
import { tempDir } from '../test/support/tmp';

let db: Db;
let file: string;
let cleanup: () => void;
beforeEach(() => {
  const t = tempDir('immediate-');
  cleanup = t.cleanup;
  file = join(t.dir, 'j.sqlite');
  db = openJournal(file);
  db.exec('CREATE TABLE t (x)');
});
afterEach(() => {
  vi.restoreAllMocks();
  db.close();
  cleanup();
});

const rows = () => db.prepare('SELECT x FROM t ORDER BY x').pluck().all();

it("makes one transaction function per connection, not one per transaction (the hub's allocations, issue 14)", () => {
  const made = vi.spyOn(db, 'transaction');
  for (let i = 0; i < 3; i++) {
    inImmediate(db, () => db.prepare('INSERT INTO t VALUES (?)').run(i));
    inOneCommit(db, () => db.prepare('INSERT INTO t VALUES (?)').run(10 + i));
    commitWithoutFsync(db, () => inImmediate(db, () => db.prepare('INSERT INTO t VALUES (?)').run(20 + i)));
  }
  expect(made.mock.calls.length).toBeLessThanOrEqual(1);
  expect(rows()).toEqual([0, 1, 2, 10, 11, 12, 20, 21, 22]);
});

it('takes the write lock at BEGIN, before the first write: another connection cannot write meanwhile', () => {
  const other = openConnection(file);
  try {
    other.pragma('busy_timeout = 0');
    immediate(db, () => {
      expect(db.inTransaction).toBe(true);
      expect(() => other.exec('BEGIN IMMEDIATE')).toThrow(/locked|busy/i);
    });
    expect(db.inTransaction).toBe(false);
    other.exec('BEGIN IMMEDIATE; ROLLBACK');
  } finally {
    other.close();
  }
});

it('inside a transaction is a savepoint: a throw undoes its own work only', () => {
  immediate(db, () => {
    db.prepare('INSERT INTO t VALUES (1)').run();
    expect(() =>
      immediate(db, () => {
        db.prepare('INSERT INTO t VALUES (2)').run();
        throw new Error('a bug');
      }),
    ).toThrow('a bug');
    immediate(db, () => db.prepare('INSERT INTO t VALUES (3)').run());
  });
  expect(rows()).toEqual([1, 3]);
});

it('a throw at the top rolls the whole transaction back; the next one runs as usual', () => {
  expect(() =>
    immediate(db, () => {
      db.prepare('INSERT INTO t VALUES (1)').run();
      throw new Error('a bug');
    }),
  ).toThrow('a bug');
  expect(db.inTransaction).toBe(false);
  expect(immediate(db, () => db.prepare('INSERT INTO t VALUES (2)').run().changes)).toBe(1);
  expect(rows()).toEqual([2]);
});
