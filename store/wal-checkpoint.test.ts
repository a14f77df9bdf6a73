// The journal's checkpoints on a worker thread (store/wal-checkpoint.ts), on a real journal file: the commits on the
// event loop no longer copy the WAL into the database file (they did at every 1,000 pages), the worker does, and a
// worker that ends gives the checkpoints back to the commits.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { openJournal, type Db } from './db';
import { commitWithoutFsync } from './commit';
import { startWalCheckpointer, walCheckpointChannel, type WalCheckpointer, type WalCheckpointStats } from './wal-checkpoint';
import { tempDir } from '../test/support/tmp';

let db: Db;
let file: string;
let cleanup: () => void;
let checkpointer: WalCheckpointer | null = null;
beforeEach(() => {
  const t = tempDir('wal-checkpoint-');
  cleanup = t.cleanup;
  file = join(t.dir, 'j.sqlite');
  db = openJournal(file);
  commitWithoutFsync(db, () => db.exec('CREATE TABLE t (x BLOB)'));
  db.pragma('wal_checkpoint(TRUNCATE)');
});
afterEach(async () => {
  await checkpointer?.close();
  checkpointer = null;
  if (db.open) db.close();
  cleanup();
});

const fileHash = () => createHash('sha256').update(readFileSync(file)).digest('hex');
/** ~1,500 pages through the WAL in 150 commits: past SQLite's automatic checkpoint at 1,000. */
function writePages(): void {
  for (let i = 0; i < 150; i++) commitWithoutFsync(db, () => db.prepare('INSERT INTO t VALUES (randomblob(40000))').run());
}

it("moves the checkpoints out of the event loop's commits into the worker", async () => {
  // A period far longer than the test: only the checkpoint the test asks for runs.
  checkpointer = startWalCheckpointer(db, { everyMs: 600_000 });
  expect(checkpointer).not.toBeNull();
  await checkpointer!.ready;
  expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
  const before = fileHash();
  writePages();
  // No commit copied the WAL into the database file (each ~55th allocation's did on the hub).
  expect(fileHash()).toBe(before);
  const r = await checkpointer!.now();
  expect(r.busy).toBe(0);
  expect(r.log).toBeGreaterThan(1_000);
  expect(r.checkpointed).toBe(r.log);
  expect(fileHash()).not.toBe(before);
  expect(statSync(file).size).toBeGreaterThan(150 * 40_000);
});

it('checkpoints by itself every `everyMs`', async () => {
  checkpointer = startWalCheckpointer(db, { everyMs: 50 });
  await checkpointer!.ready;
  const before = fileHash();
  writePages();
  const end = Date.now() + 10_000;
  while (fileHash() === before && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  expect(fileHash()).not.toBe(before);
});

it('tells whoever watches each periodic checkpoint: when, how long, what it copied', async () => {
  const seen: WalCheckpointStats[] = [];
  const watch = (m: unknown) => seen.push(m as WalCheckpointStats);
  walCheckpointChannel.subscribe(watch);
  try {
    const t0 = performance.timeOrigin + performance.now();
    checkpointer = startWalCheckpointer(db, { everyMs: 50 });
    await checkpointer!.ready;
    writePages();
    const end = Date.now() + 10_000;
    while (!seen.some((c) => c.result.checkpointed > 0) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    const copied = seen.find((c) => c.result.checkpointed > 0)!;
    expect(copied.result.log).toBeGreaterThan(0);
    expect(copied.ms).toBeGreaterThan(0);
    // One clock for the worker and this thread: a checkpoint is timed after the worker was started.
    expect(copied.at).toBeGreaterThan(t0);
    expect(copied.at).toBeLessThan(performance.timeOrigin + performance.now());
  } finally {
    walCheckpointChannel.unsubscribe(watch);
  }
});

it("gives the checkpoints back to the commits when the worker ends, and when the daemon's connection closes it ends", async () => {
  checkpointer = startWalCheckpointer(db, { everyMs: 50 });
  await checkpointer!.ready;
  await checkpointer!.close();
  expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  await expect(checkpointer!.now()).rejects.toThrow(/ended/);

  const again = startWalCheckpointer(db, { everyMs: 50 })!;
  await again.ready;
  const ended = new Promise<void>((r) => {
    const t = setInterval(() => {
      again.now().then(
        () => {},
        () => {
          clearInterval(t);
          r();
        },
      );
    }, 20);
  });
  db.close();
  await ended;
});

it('starts nothing for a journal in memory', () => {
  const mem = openJournal(':memory:');
  expect(startWalCheckpointer(mem)).toBeNull();
  mem.close();
});

it('keeps a process whose close is awaited alive until the worker has ended', async () => {
  // The worker is unref'd (the daemon's exit is not held by its checkpoints), so a process with nothing else to do
  // used to end while close() was awaited: a script's top-level await exited 13, its journal's close never ran.
  const { spawn } = await import('node:child_process');
  const { writeFileSync } = await import('node:fs');
  const script = join(file, '..', 'close.mts');
  writeFileSync(
    script,
    [
      `import { openJournal } from ${JSON.stringify(join(process.cwd(), 'store/db.ts'))};`,
      `import { startWalCheckpointer } from ${JSON.stringify(join(process.cwd(), 'store/wal-checkpoint.ts'))};`,
      `const db = openJournal(${JSON.stringify(join(file, '..', 'child.sqlite'))});`,
      `const c = startWalCheckpointer(db);`,
      `await c.ready;`,
      `await c.close();`,
      `db.close();`,
      `console.log('closed');`,
    ].join('\n'),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += String(d)));
  child.stderr.on('data', (d: Buffer) => (out += String(d)));
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  expect({ code, out: out.trim() }).toEqual({ code: 0, out: 'closed' });
}, 60_000);
