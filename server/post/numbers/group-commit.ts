// Group commit of the hub's number allocations (issue 14, post scale). The allocations that arrive in one turn of the
// event loop (the requests read in the same poll) run one after another, each in its own savepoint, in ONE
// transaction, committed to the WAL without its own fdatasync (store/commit.ts commitWithoutFsync), then answered; the
// WAL's fdatasync for the group runs right after, on the thread pool (store/journal-sync.ts), off the answer path.
//
// An answer once the number is COMMITTED, not yet on the disk. Before, every answer waited for its group's
// fdatasync (p99 8 ms on the post PC's disk in bench/post.bench.ts part 4), and a request arriving during an
// in-flight sync waited for it and then its own: the hub's p99 (~20 ms) could not reach the goal (5 ms).
// Why that is safe (PostgreSQL's sequences and synchronous_commit = off are the precedent: a power cut may lose the
// last commits, never consistency):
// - A crash of the hub PROCESS loses nothing: the commit is in the WAL file, in the operating system's cache, when
//   it returns (store/commit.ts).
// - A power cut of the hub PC loses at most the groups whose sync had not returned: a prefix of the WAL survives
//   (store/commit.ts), so the journal ends earlier, whole. No number it lost can be printed without a kiosk holding
//   it: a kiosk records the hub's answer in its own journal and syncs it BEFORE the visitor is told or the ticket
//   printed (./issuer.ts, store/kiosk-held-numbers.ts recordOnlineTicket). On EVERY start the hub asks its kiosks
//   what they hold and takes back what it lacks before it numbers again (./recover.ts, store/post-recover.ts): the
//   ticket under its own number and request key (a kiosk asking again with the key gets the same ticket), its route
//   and priority request, the day's online count raised above it. A number told but lost by both (the kiosk's power
//   cut before its own sync) was printed by nobody, and is given again to a visitor who is the first to hold it.
// - What the allocation does not carry stays durable before its answer: appointment-token claims (their own route
//   and FULL commit, store/post-claims.ts hubClaim), block leases (store/post-numbers.ts leaseBlock).
// - Bounded: at most `maxUnsynced` allocations answered and not yet synced; past that a group waits for its sync
//   before it answers (a disk that stalls does not let the tail that a power cut may lose grow).
// The hub numbers again once every kiosk active today per its journal has reported, or `holdMs` passed: a kiosk still
// booting after a power cut of the whole post may hold one of the lost numbers, so when the hold ends without it each
// prefix's count moves MAX_UNSYNCED ahead first (recover.ts, store/post-recover.ts skipAhead; a gap, journaled). The
// limit left: a kiosk whose FIRST contact of the day was in the lost milliseconds is not known active (its
// last_seen_at was lost too) and is not waited for; if it stays silent while the hub gives its number again, its
// report refuses it by name and the hub journals it (two visits hold one number; staff see it).
// Failures stay honest: a failed commit rolls back every allocation of the group and answers none (the next group
// gives the same numbers again). A failed sync after the answers is loud (`onSyncFailed`: the hub journals
// `post.numbers-sync-failed` and logs it) and from then on, for the rest of this run, every group is answered only
// after its own sync succeeded (a failed one answers none: the numbers stay taken, a gap): after a failed fdatasync
// Linux may have dropped the dirty pages, so a later success proves nothing of the earlier ones; the next start's
// reports bring them back.
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
  /** `work` in the next group's transaction (in its own savepoint); resolves once that transaction committed. */
  run<T>(work: () => T): Promise<T>;
  /**
   * Ends the checkpoint worker, once its connection is closed: called when the routes close, before the daemon closes
   * the journal. A worker left behind would open, checkpoint and delete the journal's -wal and -shm files after.
   */
  close(): Promise<void>;
}

/**
 * Each group's size and the milliseconds of its commit (on the event loop) and of its sync (off it), for whoever
 * watches (bench/post-hub-probe.mjs): nothing is built unless someone subscribed. `durable`: the group was answered
 * after its sync (past maxUnsynced, or after a failed sync), not after its commit.
 */
export const groupCommitChannel = channel('kiosk:post.group-commit');
export interface GroupCommitStats {
  /** performance.timeOrigin + performance.now() when the group started. */
  at: number;
  size: number;
  commitMs: number;
  syncMs: number;
  durable: boolean;
}

interface Pending {
  work: () => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

export interface GroupCommitOptions {
  /** Allocations answered whose sync has not returned, at most (see the header); past it a group waits for its sync. */
  maxUnsynced?: number;
  /**
   * A sync failed after its group was answered: `answered` allocations may be lost by a power cut (the kiosks' reports
   * at the next start bring them back). The hub journals and logs it (./hub-routes.ts). Called once per failed sync.
   */
  onSyncFailed?: (error: unknown, answered: number) => void;
}

/** A power cut may lose this many answered allocations at most: a few groups on a disk that answers in milliseconds. */
export const MAX_UNSYNCED = 64;

/**
 * `commit` runs a whole group in one transaction and commits it; tests give one whose commit fails. An exception of
 * one allocation (a bug) rolls back its savepoint only and rejects its own request; the others still commit.
 * `around` wraps the group's allocations inside the transaction: work done once per group (the wait estimate's reads).
 * `sync` makes the group's commit durable, after its answers (tests hold it to see what does not wait for the disk).
 */
export function groupCommit(
  db: Db,
  commit: <T>(group: () => T) => T = (group) => commitWithoutFsync(db, group),
  around: <T>(group: () => T) => T = (group) => group(),
  sync: JournalSync = journalSync(db),
  /** Moves the journal's checkpoints off the event loop, once, at the first group (a daemon no kiosk asks starts none). */
  checkpointOffLoop: (db: Db) => { close(): Promise<void> } | null = startWalCheckpointer,
  o: GroupCommitOptions = {},
): GroupCommit {
  const maxUnsynced = o.maxUnsynced ?? MAX_UNSYNCED;
  let pending: Pending[] = [];
  let scheduled = false;
  /** A group that answers after its sync is syncing: the allocations arriving meanwhile wait and form the next group. */
  let holding = false;
  /** Allocations answered whose group's sync has not returned yet. */
  let unsynced = 0;
  /** A sync failed after its answers: for the rest of this run, answers wait for their own sync (see the header). */
  let syncFailed = false;
  let checkpointing = false;
  let checkpointer: { close(): Promise<void> } | null = null;

  function schedule(): void {
    if (scheduled || holding || pending.length === 0) return;
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
      // Nothing of the group is in the journal: nobody is told a number.
      for (const p of group) p.reject(error);
      return;
    }
    const t1 = performance.now();
    const answer = () =>
      group.forEach((p, i) => {
        const out = outcomes[i]!;
        if (out.ok) p.resolve(out.value);
        else p.reject(out.thrown);
      });
    const durable = syncFailed || unsynced + group.length > maxUnsynced;
    if (durable) {
      holding = true;
      startSync();
    } else {
      unsynced += group.length;
      answer();
      // The sync is asked once the answers are written, at the next turn: the handlers' continuations run as
      // microtasks right after this callback and write the answers then. Asked before them, its dispatch (a wake-up of
      // a thread-pool thread, which on a busy 2-core PC took the CPU from this one) sat between the commit and the
      // answers: 0.6 ms at p50 and 7 ms at p99 from the commit's end to the answer written (bench/post.bench.ts part 4).
      setImmediate(startSync);
    }
    // The next group commits now, while this one's sync runs (journalSync shares one sync among those asked meanwhile).
    schedule();

    function startSync(): void {
      sync()
        .then(
          () => {
            if (groupCommitChannel.hasSubscribers) {
              const stats: GroupCommitStats = {
                at: performance.timeOrigin + t0,
                size: group.length,
                commitMs: t1 - t0,
                syncMs: performance.now() - t1,
                durable,
              };
              groupCommitChannel.publish(stats);
            }
            if (durable) answer();
          },
          (error: unknown) => {
            if (durable) {
              // Committed, not durable, not told: the numbers stay taken (a gap); a kiosk asking again with its key gets
              // its ticket from a later group, durable by then.
              for (const p of group) p.reject(error);
              return;
            }
            syncFailed = true;
            o.onSyncFailed?.(error, group.length);
          },
        )
        .finally(() => {
          if (durable) holding = false;
          else unsynced -= group.length;
          schedule();
        });
    }
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
