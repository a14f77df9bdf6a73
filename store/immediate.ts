// BEGIN IMMEDIATE (or, inside a transaction, a savepoint) around `fn`, through one transaction function per connection.
// better-sqlite3's db.transaction(fn) builds four wrapper functions and defines their properties at every call
// (≈ 5 µs each time on the hub's PC): the hub paid it two or three times per number allocated (issue 14, post scale).
// The function made once here takes the work as its argument; it decides BEGIN or SAVEPOINT at each call
// (db.inTransaction), as a fresh one does, so the semantics are the same.
import type { Transaction } from 'better-sqlite3';
import type { Db } from './db-type';

const runners = new WeakMap<Db, Transaction<(work: () => unknown) => unknown>>();

/** `fn` in one BEGIN IMMEDIATE transaction, or in a savepoint of the caller's transaction (a throw undoes `fn` only). */
export function immediate<T>(db: Db, fn: () => T): T {
  let run = runners.get(db);
  if (!run) runners.set(db, (run = db.transaction((work: () => unknown) => work())));
  return run.immediate(fn) as T;
}
