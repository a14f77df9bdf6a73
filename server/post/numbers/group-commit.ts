// Group commit of the hub's number allocations (issue 14, post scale). Each commit of the journal waits for the
// disk (an fdatasync of the WAL, 1–12 ms on the post PC's disk under load): allocations that arrive while one commits
// used to queue behind one fsync each. Here the allocations that arrive in one turn of the event loop (the requests
// read in the same poll, or held up behind the previous group) run one after another, each in its own savepoint, in
// ONE transaction, and are answered after the disk has it: one fsync for the group.
// The fsync itself no longer holds the event loop: the group commits without it (store/commit.ts commitWithoutFsync)
// and the WAL's fdatasync runs on the thread pool (store/journal-sync.ts); meanwhile the hub reads and checks the next
// requests, which wait for that sync and then commit together as the next group: groups as large as when the fsync
// held the loop (each commit writes ~25 WAL pages: smaller groups cost the hub more CPU per ticket).
// Never an answer before the number is durable: a promise resolves only once the group's commit returned AND the
// sync after it did. If the commit fails (or the process dies before it), every allocation of the group is rolled back
// and none was answered, so the next allocations give the same numbers again to visitors who are the first to hold
// them. If the sync fails, none is answered either: the numbers stay taken (a gap), and a kiosk asking again with its
// request key gets its ticket from a later group, durable by then.
// The journal's checkpoints run on a worker thread from the first group on (store/wal-checkpoint.ts): inside a commit,
// every ~55th allocation's, they held the loop 5–60 ms and were the hub's p99.
// Nothing waits on a timer: a lone request is committed in the same turn of the event loop (setImmediate), as
// before, so a quiet hub answers as fast as without grouping.
import { channel } from 'node:diagnostics_channel';
import type { Db } from '../../../store/db';
import { inImmediate } from '../../../store/queue';
import { commitWithoutFsync } from '../../../store/commit';
import { journalSync, type JournalSync } from '../../../store/journal-sync';
import { startWalCheckpointer } from '../../../store/wal-checkpoint';

export interface GroupCommit {
  /** `work` in the next group's transaction (in its own savepoint); resolves after that transaction committed. */
  run<T>(work: () => T): Promise<T>;
  /**
   * Ends the checkpoint worker, once its connection is closed: called when the routes close, before the daemon closes
   * the journal. A worker left behind would open, checkpoint and delete the journal's -wal and -shm files after.
   */
  close(): Promise<void>;
}

/**
 * Each group's size and the milliseconds of its commit (on the event loop) and of its sync (off it), for whoever
 * watches (bench/post-hub-probe.mjs): nothing is built unless someone subscribed.
 */
export const groupCommitChannel = channel('kiosk:post.group-commit');
export interface GroupCommitStats {
  /** performance.timeOrigin + performance.now() when the group started. */
  at: number;
  size: number;
  commitMs: number;
  syncMs: number;
}

interface Pending {
  work: () => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/**
 * `commit` runs a whole group in one transaction and commits it; tests give one whose commit fails. An exception of
 * one allocation (a bug) rolls back its savepoint only and rejects its own request; the others still commit.
 * `around` wraps the group's allocations inside the transaction: work done once per group (the wait estimate's reads).
 * `sync` makes the group's commit durable before any answer (tests hold it to see what waits for the disk).
 */
export function groupCommit(
  db: Db,
  commit: <T>(group: () => T) => T = (group) => commitWithoutFsync(db, group),
  around: <T>(group: () => T) => T = (group) => group(),
  sync: JournalSync = journalSync(db),
  /** Moves the journal's checkpoints off the event loop, once, at the first group (a daemon no kiosk asks starts none). */
  checkpointOffLoop: (db: Db) => { close(): Promise<void> } | null = startWalCheckpointer,
): GroupCommit {
  let pending: Pending[] = [];
  let scheduled = false;
  /** A group's sync is running: the allocations arriving meanwhile wait for it and form the next group together. */
  let syncing = false;
  let checkpointing = false;
  let checkpointer: { close(): Promise<void> } | null = null;

  function schedule(): void {
    if (scheduled || syncing || pending.length === 0) return;
    scheduled = true;
    setImmediate(flush);
  }

  function flush(): void {
    scheduled = false;
    if (!checkpointing) {
      checkpointing = true;
      try {
        checkpointer = checkpointOffLoop(db);
      } catch {
        // No worker: the commits go on checkpointing themselves, as before.
      }
    }
    const group = pending;
    pending = [];
    const t0 = performance.now();
    let outcomes: Array<{ ok: true; value: unknown } | { ok: false; thrown: unknown }>;
    try {
      outcomes = commit(() =>
        around(() =>
          group.map((p) => {
            try {
              // Inside the group's transaction, a transaction is a savepoint (better-sqlite3): a throw undoes this one only.
              return { ok: true as const, value: inImmediate(db, p.work) };
            } catch (error) {
              return { ok: false as const, thrown: error };
            }
          }),
        ),
      );
    } catch (error) {
      for (const p of group) p.reject(error);
      return;
    }
    syncing = true;
    const t1 = performance.now();
    sync()
      .then(
        () => {
          if (groupCommitChannel.hasSubscribers) {
            const t2 = performance.now();
            const stats: GroupCommitStats = { at: performance.timeOrigin + t0, size: group.length, commitMs: t1 - t0, syncMs: t2 - t1 };
            groupCommitChannel.publish(stats);
          }
          group.forEach((p, i) => {
            const o = outcomes[i]!;
            if (o.ok) p.resolve(o.value);
            else p.reject(o.thrown);
          });
        },
        (error: unknown) => {
          for (const p of group) p.reject(error);
        },
      )
      .finally(() => {
        syncing = false;
        schedule();
      });
  }

  return {
    run<T>(work: () => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        pending.push({ work, resolve: resolve as (v: unknown) => void, reject });
        schedule();
      });
    },
    async close(): Promise<void> {
      // No group starts a worker after this one.
      checkpointing = true;
      const c = checkpointer;
      checkpointer = null;
      await c?.close();
    },
  };
}
