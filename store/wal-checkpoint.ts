// The journal's checkpoints, off the event loop (issue 14, post scale). In WAL mode SQLite copies the WAL back into
// the database file (a checkpoint) inside the commit that takes the WAL past 1,000 pages: ~1,000 page writes and two
// fsyncs (the WAL's, then the database file's) in that commit, on the event loop. On the hub a number allocation
// writes ~18 pages, so every ~55th allocation's commit held the loop 5–60 ms (bench/post.bench.ts part 4: the slow
// commits came every 52–53 allocations; with auto-checkpoints off their p99 fell from 6–12 ms to 2–5 ms), and every
// request that arrived meanwhile waited too: the hub's p99.
// Here a worker thread with a connection of its own checkpoints (PASSIVE: it never blocks the writer, and copies what
// no reader still needs) every `everyMs`, and the daemon's connection stops checkpointing inside its commits
// (wal_autocheckpoint = 0) once the worker is ready. Durability is SQLite's own: a checkpoint syncs the WAL before
// it writes the database file and the file before the WAL may be reused, whichever connection runs it. If the worker
// fails or ends, the daemon's connection checkpoints in its commits again (the WAL never grows without bound).
// A second connection to the journal, made here and not in store/db.ts's factory: a worker cannot be handed the
// daemon's connection. It only checkpoints (no reads, no writes of its own), with the factory's busy timeout.
import { channel } from 'node:diagnostics_channel';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './db-type';

/** SQLite's default, restored on the daemon's connection if the worker goes away. */
const AUTO_CHECKPOINT_PAGES = 1000;

export interface WalCheckpointResult {
  /** 1 when a reader or writer kept the checkpoint from finishing (it goes on at the next one). */
  busy: number;
  /** Frames in the WAL, and frames copied into the database file so far. */
  log: number;
  checkpointed: number;
}

export interface WalCheckpointer {
  /** Resolves once the worker's connection is open and the daemon's commits no longer checkpoint. */
  readonly ready: Promise<void>;
  /** One checkpoint now (besides the periodic ones). */
  now(): Promise<WalCheckpointResult>;
  /** Ends the worker; the daemon's connection (if still open) checkpoints in its commits again. */
  close(): Promise<void>;
}

export interface WalCheckpointOptions {
  /** How often the worker checkpoints (ms): the WAL holds at most about this long of writes (~500 pages at the hub's busiest). */
  everyMs?: number;
}

// CommonJS for an eval'd worker: no file of its own for the build to bundle (scripts/build-server.js).
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
// As on every connection of the journal (DESIGN.md): a checkpoint's syncs are SQLite's, whatever this says, but no
// connection is left to a weaker default.
db.pragma('synchronous = FULL');
db.pragma('foreign_keys = ON');
const checkpoint = () => db.pragma('wal_checkpoint(PASSIVE)')[0];
const clock = () => performance.timeOrigin + performance.now();
let timer = setInterval(() => {
  try {
    const at = clock();
    const result = checkpoint();
    // For whoever watches the journal's disk (bench/post-hub-probe.mjs): one message a period.
    parentPort.postMessage({ periodic: { at, ms: clock() - at, result } });
  } catch (error) {
    parentPort.postMessage({ failed: String(error && error.message) });
  }
}, workerData.everyMs);
parentPort.on('message', (m) => {
  if (m === 'close') {
    clearInterval(timer);
    db.close();
    parentPort.close();
    return;
  }
  try {
    parentPort.postMessage({ id: m, result: checkpoint() });
  } catch (error) {
    parentPort.postMessage({ id: m, failed: String(error && error.message) });
  }
});
parentPort.postMessage({ ready: true });
`;

type FromWorker = { ready: true } | { periodic: WalCheckpointStats } | { id: number; result: WalCheckpointResult } | { id?: number; failed: string };

/**
 * Each periodic checkpoint: when it started (performance.timeOrigin + performance.now(), one clock for every thread
 * and process of the machine), how long it took in the worker, and what it copied. For whoever watches
 * (bench/post-hub-probe.mjs sets the hub's slow fdatasyncs beside them): nothing is published unless someone subscribed.
 */
export const walCheckpointChannel = channel('kiosk:journal.checkpoint');
export interface WalCheckpointStats {
  at: number;
  ms: number;
  result: WalCheckpointResult;
}

/** null for a journal that has no WAL (in memory, a backup copy in DELETE mode): nothing to checkpoint. */
export function startWalCheckpointer(db: Db, o: WalCheckpointOptions = {}): WalCheckpointer | null {
  if (db.memory || String(db.pragma('journal_mode', { simple: true })).toLowerCase() !== 'wal') return null;
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { driver, file: db.name, everyMs: o.everyMs ?? 1_000 } });
  // The daemon's exit is not held by its checkpoints: the WAL is checkpointed at the next open anyway.
  worker.unref();
  const asked = new Map<number, { resolve: (r: WalCheckpointResult) => void; reject: (e: Error) => void }>();
  let next = 0;
  let ended = false;
  let readyNow: () => void = () => {};
  let notReady: (e: Error) => void = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    readyNow = resolve;
    notReady = reject;
  });
  ready.catch(() => {});

  /** Back to checkpoints inside the commits: the worker is gone. */
  const giveBack = (why: Error) => {
    if (ended) return;
    ended = true;
    if (db.open) db.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
    notReady(why);
    for (const a of asked.values()) a.reject(why);
    asked.clear();
  };

  worker.on('message', (m: FromWorker) => {
    if ('ready' in m) {
      if (ended || !db.open) return;
      db.pragma('wal_autocheckpoint = 0');
      readyNow();
      return;
    }
    if ('periodic' in m) {
      if (walCheckpointChannel.hasSubscribers) walCheckpointChannel.publish(m.periodic);
      return;
    }
    const waiting = m.id === undefined ? undefined : asked.get(m.id);
    if (m.id !== undefined) asked.delete(m.id);
    if ('failed' in m) {
      const error = new Error(`the journal's checkpoint failed: ${m.failed}`);
      waiting?.reject(error);
      // A periodic checkpoint that failed: the commits checkpoint again rather than let the WAL grow.
      if (!waiting) {
        giveBack(error);
        void worker.terminate();
      }
      return;
    }
    waiting?.resolve(m.result);
  });
  worker.on('error', (e) => giveBack(e));
  worker.on('exit', () => {
    clearInterval(watch);
    giveBack(new Error('the checkpoint worker ended'));
  });

  const close = async (): Promise<void> => {
    if (ended) return;
    const gone = new Promise<void>((r) => worker.once('exit', () => r()));
    // Whoever awaits the close waits for the exit: an unref'd worker would let a process with nothing else to do end
    // first, with this promise never settled (a script's top-level await exits 13).
    worker.ref();
    worker.postMessage('close');
    await gone;
  };
  // The daemon closed its connection: the worker's is then the journal's last, and closing it checkpoints the WAL
  // away as the daemon's close would have.
  const watch = setInterval(() => {
    if (!db.open) void close();
  }, o.everyMs ?? 1_000).unref();

  return {
    ready,
    now: () =>
      new Promise<WalCheckpointResult>((resolve, reject) => {
        if (ended) return reject(new Error('the checkpoint worker ended'));
        const id = next++;
        asked.set(id, { resolve, reject });
        worker.postMessage(id);
      }),
    close,
  };
}
