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

/** A sync held by the test: each call waits until released (or failed). */
function heldSync() {
  const syncs: Array<{ release: () => void; fail: (e: Error) => void }> = [];
  return { syncs, sync: () => new Promise<void>((release, fail) => syncs.push({ release, fail })) };
}
const rows = () => (db.prepare('SELECT x FROM n ORDER BY x').all() as Array<{ x: number }>).map((r) => r.x);
const insert = (x: number) => () => db.prepare('INSERT INTO n VALUES (?)').run(x).changes;

it('answers once the group is committed, while its sync is held; the next group commits without waiting for that sync', async () => {
  const { syncs, sync } = heldSync();
  const gc = groupCommit(db, undefined, undefined, sync, () => null);
  await expect(gc.run(insert(1))).resolves.toBe(1);
  await until(() => syncs.length === 1);
  await expect(gc.run(insert(2))).resolves.toBe(1);
  // One sync asked per group, each after its commit: neither has returned.
  await until(() => syncs.length === 2);
  expect(rows()).toEqual([1, 2]);
  for (const s of syncs) s.release();
});

it('asks for the sync once the answers are written: after every continuation of the answered allocations', async () => {
  const asked: boolean[] = [];
  let written = 0;
  const gc = groupCommit(
    db,
    undefined,
    undefined,
    () => (asked.push(written === 2), Promise.resolve()),
    () => null,
  );
  // A route's answer is written a few awaits after its allocation resolves (handler, then Fastify's send).
  const answerAfterAwaits = async (p: Promise<number>) => {
    await p;
    for (let i = 0; i < 5; i++) await null;
    written++;
  };
  await Promise.all([answerAfterAwaits(gc.run(insert(1))), answerAfterAwaits(gc.run(insert(2)))]);
  await until(() => asked.length === 1);
  expect(asked).toEqual([true]);
});

it('past maxUnsynced answered allocations not yet on the disk, a group waits for its own sync before it answers', async () => {
  const { syncs, sync } = heldSync();
  const gc = groupCommit(db, undefined, undefined, sync, () => null, { maxUnsynced: 2 });
  // Two in one group: answered at once.
  await expect(Promise.all([gc.run(insert(1)), gc.run(insert(2))])).resolves.toEqual([1, 1]);
  let third = false;
  const p = gc.run(insert(3)).then(() => (third = true));
  await until(() => syncs.length === 2);
  expect(rows()).toEqual([1, 2, 3]);
  expect(third).toBe(false);
  syncs[1]!.release();
  await p;
  // The first group's sync returned (counted down before the next group's turn, a setImmediate): answers at commit again.
  syncs[0]!.release();
  const fourth = gc.run(insert(4));
  await expect(fourth).resolves.toBe(1);
  await until(() => syncs.length === 3);
  syncs[2]!.release();
});

it('a failed commit answers nobody; a failed sync after the answers is reported once, and later groups answer after their sync', async () => {
  const { syncs, sync } = heldSync();
  let failCommit = true;
  const failed: Array<{ error: unknown; answered: number }> = [];
  const gc = groupCommit(
    db,
    (group) => {
      if (failCommit) {
        failCommit = false;
        throw new Error('SQLITE_IOERR');
      }
      return db.transaction(group).immediate();
    },
    undefined,
    sync,
    () => null,
    { onSyncFailed: (error, answered) => failed.push({ error, answered }) },
  );
  await expect(gc.run(insert(1))).rejects.toThrow(/SQLITE_IOERR/);
  expect(syncs).toHaveLength(0);
  await expect(gc.run(insert(2))).resolves.toBe(1);
  await until(() => syncs.length === 1);
  syncs[0]!.fail(new Error('EIO'));
  await until(() => failed.length === 1);
  expect(failed[0]!.answered).toBe(1);
  let answered = false;
  const p = gc.run(insert(3)).then(() => (answered = true));
  await until(() => syncs.length === 2);
  expect(rows()).toEqual([2, 3]);
  expect(answered).toBe(false);
  syncs[1]!.release();
  await p;
  // A failed sync then answers none of its group.
  const q = gc.run(insert(4));
  await until(() => syncs.length === 3);
  syncs[2]!.fail(new Error('EIO again'));
  await expect(q).rejects.toThrow(/EIO again/);
  expect(failed).toHaveLength(1);
});

async function until(pred: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setImmediate(r));
  }
}
