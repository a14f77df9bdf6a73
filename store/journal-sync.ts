// The disk half of a commit, off the event loop (issue 14, post scale). A commit with synchronous = FULL ends with an
// fdatasync of the WAL inside better-sqlite3's synchronous call: the hub's event loop stood still for it (1.5–3 ms
// at p50, 15–40 ms at p99 on the post PC's disk under load) and every request that arrived meanwhile waited.
// Instead the hub's allocations commit without their own fdatasync (store/commit.ts commitWithoutFsync: the same
// atomic transaction, in the WAL, in order), then this fdatasync of the WAL runs on libuv's thread pool, and the
// numbers are answered only once it returned. Durable exactly as with FULL before the answer: an fdatasync of the WAL
// writes every frame appended before it (store/commit.ts says why a prefix of the commits is what a power cut keeps).
// Syncs asked while one runs share the next one: that one started after their commits, so it covers them all.
import fs from 'node:fs';
import type { Db } from './db-type';

/** Resolves once every commit made on `db` before the call is on the disk; rejects if the disk said no. */
export type JournalSync = () => Promise<void>;

export function journalSync(db: Db): JournalSync {
  if (db.memory) return () => Promise.resolve();
  // In WAL mode the commits are in the -wal file; a journal in another mode (a backup copy) has them in the file.
  const file = String(db.pragma('journal_mode', { simple: true })).toLowerCase() === 'wal' ? `${db.name}-wal` : db.name;
  let running = false;
  let waiting: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];

  function start(): void {
    running = true;
    const batch = waiting;
    waiting = [];
    // Opened for each sync: a fixed descriptor would keep syncing a file SQLite has since deleted and made anew.
    fs.open(file, 'r', (openError, fd) => {
      const done = (error: unknown) => {
        running = false;
        for (const w of batch)
          if (error) w.reject(error);
          else w.resolve();
        if (waiting.length > 0) start();
      };
      if (openError) return done(openError);
      fs.fdatasync(fd, (syncError) => fs.close(fd, () => done(syncError)));
    });
  }

  return () =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ resolve, reject });
      // A sync already running may have started before this caller's commit: the next one covers it.
      if (!running) start();
    });
}
