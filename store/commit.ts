// Which of the journal's commits wait for the disk. The connection runs with synchronous = FULL (store/db.ts): in WAL
// mode every commit then ends with an fdatasync of the WAL, about 17 of them per visit before issue 14. Only the
// commits whose loss in a power cut would matter need their own: the payment steps (DESIGN.md "Payment safety",
// store/payments.ts, untouched here) and a queue number before it is printed or shown.
//
// The others (check-in steps, print-job steps, a visit's completion) commit with synchronous = NORMAL: the same
// atomic transaction, appended to the WAL in order, without its own fdatasync. Why that is safe:
// - A crash of the process (kill -9, an exception, the chaos tests) loses nothing: the write is in the WAL file,
//   in the operating system's cache, the moment the commit returns.
// - A power cut can lose only the lazy commits made after the last durable one: an fdatasync of the WAL writes all
//   of it, so the next durable commit (or checkpoint) makes every earlier lazy commit durable too. WAL recovery keeps
//   a prefix of the commits (each frame's checksum covers the frames before it), so the events' hash chain stays
//   whole: it just ends earlier. Nothing reads an uncommitted write (unlike a write-behind queue): the commit is done.
import type { Db } from './db-type';
import { immediate } from './immediate';

/** synchronous levels (PRAGMA synchronous): 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA. */
const NORMAL = 1;

/** `fn` in one transaction that takes the write lock first (BEGIN IMMEDIATE) and waits for the disk as the connection does. */
export function inOneCommit<T>(db: Db, fn: () => T): T {
  return immediate(db, fn);
}

/**
 * `fn` in one BEGIN IMMEDIATE transaction whose commit does not wait for the disk (see above): durable with the next
 * durable commit. Only for writes a power cut may take back: say at the call which and why that is harmless. Inside a
 * caller's transaction `fn` is part of that one, durable or not as the caller's is.
 */
export function commitWithoutFsync<T>(db: Db, fn: () => T): T {
  if (db.inTransaction) return fn();
  const level = connectionLevel(db);
  if (level <= NORMAL) return immediate(db, fn);
  // The level is per connection and cannot change inside a transaction; a statement prepared once would not
  // apply it again (SQLite applies PRAGMA synchronous when it compiles it), hence compiled each time: through exec,
  // which makes no Statement object and no result array (db.pragma does: ≈ 6 µs the pair, exec ≈ 1; issue 14).
  db.exec('PRAGMA synchronous = NORMAL');
  lazyNow.add(db);
  try {
    return immediate(db, fn);
  } finally {
    lazyNow.delete(db);
    db.exec(`PRAGMA synchronous = ${level}`);
    // Counted whether it committed or threw: a count too high only costs a sync that finds nothing to write.
    lazyCommits.set(db, (lazyCommits.get(db) ?? 0) + 1);
  }
}

const lazyCommits = new WeakMap<Db, number>();
const lazyNow = new WeakSet<Db>();
/** Whether `fn` of a commitWithoutFsync on `db` is running: what it writes now will not wait for the disk. */
export function insideLazyCommit(db: Db): boolean {
  return lazyNow.has(db);
}

/**
 * How many commits this process made on `db` without waiting for the disk (commitWithoutFsync at a level above
 * NORMAL). Whoever writes the journal's state outside it (the anchor, store/anchor.ts) compares it with the count at
 * its last sync of the WAL: the same count means every commit it can see is on the disk.
 */
export function lazyCommitCount(db: Db): number {
  return lazyCommits.get(db) ?? 0;
}

/**
 * The level the connection runs at between these commits, read once: reading it before each was a third pragma (a
 * statement compiled and run) per group of the hub's allocations (issue 14). Nothing else changes it after the
 * connection is opened (store/db.ts sets FULL; store/migrations.ts restores what it found).
 */
const levels = new WeakMap<Db, number>();
function connectionLevel(db: Db): number {
  const known = levels.get(db);
  if (known !== undefined) return known;
  const level = db.pragma('synchronous', { simple: true }) as number;
  // Not a NORMAL found for a while (migrations run at NORMAL): kept, it would be "restored" for good, payments included.
  if (level > NORMAL) levels.set(db, level);
  return level;
}
