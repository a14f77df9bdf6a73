// The disk half of a commit, off the event loop (issue 14, post scale). A commit with synchronous = FULL ends with an
// fdatasync of the WAL inside better-sqlite3's synchronous call: the hub's event loop stood still for it (1.5–3 ms
// at p50, 15–40 ms at p99 on the post PC's disk under load) and every request that arrived meanwhile waited.
// Instead the hub's allocations commit without their own fdatasync (store/commit.ts commitWithoutFsync: the same
// atomic transaction, in the WAL, in order), then this fdatasync of the WAL runs on libuv's thread pool (the hub answers
// its numbers at the commit, before it returns: server/post/numbers/group-commit.ts says why; a kiosk waits for it before
// it prints). Durable exactly as with FULL once it returned: an fdatasync of the WAL writes every frame appended before
// it (store/commit.ts says why a prefix of the commits is what a power cut keeps).
// Syncs asked while one runs share the next one: that one started after their commits, so it covers them all.
import fs from 'node:fs';
import type { Db } from './db-type';

/** Resolves once every commit made on `db` before the call is on the disk; rejects if the disk said no. */
export type JournalSync = () => Promise<void>;

export interface JournalSyncOptions {
  /** How long the WAL's descriptor is kept after the last sync (opening and closing it for each was ~0.1 ms of the hub's CPU per number). */
  keepOpenMs?: number;
}

function linkCount(fd: number): number {
  try {
    return fs.fstatSync(fd).nlink;
  } catch {
    return 0;
  }
}

export function journalSync(db: Db, o: JournalSyncOptions = {}): JournalSync {
  if (db.memory) return () => Promise.resolve();
  // In WAL mode the commits are in the -wal file; a journal in another mode (a backup copy) has them in the file.
  const file = String(db.pragma('journal_mode', { simple: true })).toLowerCase() === 'wal' ? `${db.name}-wal` : db.name;
  const keepOpenMs = o.keepOpenMs ?? 1_000;
  let running = false;
  let waiting: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  let kept: number | null = null;
  let idle: NodeJS.Timeout | null = null;

  function drop(): void {
    if (kept !== null) fs.close(kept, () => {});
    kept = null;
  }

  /** The kept descriptor while it is still the file's, else the file opened anew. */
  function withFile(then: (error: NodeJS.ErrnoException | null, fd: number) => void): void {
    if (kept !== null) {
      // SQLite deletes the WAL when the journal leaves WAL mode (or its last connection closes) and makes a new one
      // after: a descriptor of the deleted file would sync nothing of the new one. Deleted = no link left (an fstat, µs).
      if (linkCount(kept) > 0) return then(null, kept);
      drop();
    }
    fs.open(file, 'r', (error, fd) => {
      if (!error) kept = fd;
      then(error, fd);
    });
  }

  function start(): void {
    running = true;
    const batch = waiting;
    waiting = [];
    withFile((openError, fd) => {
      const done = (error: unknown) => {
        running = false;
        for (const w of batch)
          if (error) w.reject(error);
          else w.resolve();
        if (error) drop();
        if (waiting.length > 0) start();
        else if (idle) idle.refresh();
        // Not held open for a journal that is no longer used (a daemon closed in a test, a hub gone quiet).
        else idle = setTimeout(() => (running ? idle?.refresh() : drop()), keepOpenMs).unref();
      };
      if (openError) return done(openError);
      fs.fdatasync(fd, done);
    });
  }

  return () =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ resolve, reject });
      // A sync already running may have started before this caller's commit: the next one covers it.
      if (!running) start();
    });
}
