// The WAL's fdatasync off the event loop (store/journal-sync.ts), on a real journal file: which file it syncs, that
// syncs asked while one runs share one more (not one each), and that a failing disk rejects.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import { join } from 'node:path';
import { openJournal, type Db } from './db';
import { commitWithoutFsync } from './commit';
import { journalSync } from './journal-sync';
import { tempDir } from '../test/support/tmp';

let db: Db;
let file: string;
let cleanup: () => void;
beforeEach(() => {
  const t = tempDir('journal-sync-');
  cleanup = t.cleanup;
  file = join(t.dir, 'j.sqlite');
  db = openJournal(file);
  commitWithoutFsync(db, () => db.exec('CREATE TABLE t (x)'));
});
afterEach(() => {
  vi.restoreAllMocks();
  db.close();
  cleanup();
});

/** The path of each file fdatasync was asked for (Linux: /proc/self/fd). */
function spySyncs(fail?: NodeJS.ErrnoException): string[] {
  const synced: string[] = [];
  const real = fs.fdatasync;
  vi.spyOn(fs, 'fdatasync').mockImplementation(((fd: number, cb: (e: NodeJS.ErrnoException | null) => void) => {
    synced.push(fs.readlinkSync(`/proc/self/fd/${fd}`));
    if (fail) return cb(fail);
    real(fd, cb);
  }) as typeof fs.fdatasync);
  return synced;
}

it("syncs the journal's WAL file, where the commits without their own fsync are", async () => {
  const synced = spySyncs();
  await journalSync(db)();
  expect(synced).toEqual([`${file}-wal`]);
});

it('syncs asked while one runs share the next one: one more fdatasync for all of them, not one each', async () => {
  const synced = spySyncs();
  const sync = journalSync(db);
  const first = sync();
  // Asked after the first started: their commits may be after its start, so the first does not cover them.
  const later = [sync(), sync(), sync()];
  await Promise.all([first, ...later]);
  expect(synced).toHaveLength(2);
  await sync();
  expect(synced).toHaveLength(3);
});

it('a disk that refuses the sync rejects every caller waiting on it', async () => {
  spySyncs(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
  const sync = journalSync(db);
  const all = [sync(), sync()];
  for (const p of all) await expect(p).rejects.toThrow(/EIO/);
});

it('syncs one after another open the WAL once: its descriptor is kept while syncs follow', async () => {
  spySyncs();
  const opened = vi.spyOn(fs, 'open');
  const sync = journalSync(db);
  for (let i = 0; i < 3; i++) {
    commitWithoutFsync(db, () => db.exec(`INSERT INTO t VALUES (${i})`));
    await sync();
  }
  expect(opened).toHaveBeenCalledTimes(1);
});

it('a WAL deleted and made anew (the journal left WAL mode and came back) is synced by its new file, not the kept descriptor', async () => {
  const synced = spySyncs();
  const sync = journalSync(db);
  await sync();
  db.pragma('journal_mode = DELETE');
  expect(fs.existsSync(`${file}-wal`)).toBe(false);
  db.pragma('journal_mode = WAL');
  commitWithoutFsync(db, () => db.exec('INSERT INTO t VALUES (1)'));
  await sync();
  expect(synced).toEqual([`${file}-wal`, `${file}-wal`]);
});

it('closes the kept descriptor once no sync came for a while', async () => {
  const sync = journalSync(db, { keepOpenMs: 10 });
  const target = (fd: string) => {
    try {
      return fs.readlinkSync(`/proc/self/fd/${fd}`, { encoding: 'utf8' });
    } catch {
      return null; // closed while listed (readdir's own descriptor)
    }
  };
  const walFds = () => fs.readdirSync('/proc/self/fd').filter((fd) => target(fd) === `${file}-wal`);
  // SQLite's own descriptor of the WAL stays; only ours goes.
  const sqliteOwn = walFds().length;
  await sync();
  await vi.waitFor(() => expect(walFds()).toHaveLength(sqliteOwn), { timeout: 10_000, interval: 20 });
});
