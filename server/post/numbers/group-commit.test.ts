// The hub's group commit owns the checkpoint worker it starts (group-commit.ts): closing it ends the worker, so the
// daemon's close of the journal is the last connection's. A worker left behind kept the journal's -wal and -shm files
// and deleted them later, under whoever cleaned the folder (numbers.test.ts failed with ENOTEMPTY ~1 run in 2).
import { afterEach, beforeEach, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openJournal, type Db } from '../../../store/db';
import { startWalCheckpointer, type WalCheckpointer } from '../../../store/wal-checkpoint';
import { groupCommit } from './group-commit';
import { tempDir } from '../../../test/support/tmp';

let db: Db;
let file: string;
let cleanup: () => void;
beforeEach(() => {
  const t = tempDir('group-commit-');
  cleanup = t.cleanup;
  file = join(t.dir, 'hub.sqlite');
  db = openJournal(file);
  db.exec('CREATE TABLE n (x INTEGER)');
});
afterEach(() => {
  if (db.open) db.close();
  cleanup();
});

/** A group commit whose checkpoint worker the test can wait for. */
function withWorker() {
  let started: WalCheckpointer | null = null;
  const gc = groupCommit(db, undefined, undefined, undefined, (d) => (started = startWalCheckpointer(d)));
  return { gc, worker: () => started };
}

it('starts the checkpoint worker at its first group, and ends it on close: the journal closes as its last connection', async () => {
  const { gc, worker } = withWorker();
  expect(worker()).toBeNull();
  await gc.run(() => db.prepare('INSERT INTO n VALUES (1)').run());
  expect(worker()).not.toBeNull();
  await worker()!.ready;
  await gc.close();
  await expect(worker()!.now()).rejects.toThrow(/ended/);
  db.close();
  // The last connection's close checkpoints the WAL into the file and deletes it: no other connection was left.
  expect(existsSync(`${file}-wal`)).toBe(false);
  expect(existsSync(`${file}-shm`)).toBe(false);
  const again = openJournal(file);
  expect(again.prepare('SELECT x FROM n').all()).toEqual([{ x: 1 }]);
  again.close();
});

it('a group commit closed before its first group starts no worker later', async () => {
  const { gc, worker } = withWorker();
  await gc.close();
  await gc.run(() => db.prepare('INSERT INTO n VALUES (2)').run());
  expect(worker()).toBeNull();
});
