import pino from 'pino';
import pinoRoll from 'pino-roll';
import { chmodSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { KioskConfig } from './config/schema';

export type Logger = pino.Logger;

/**
 * Structured JSON to stdout (journald keeps it on a kiosk PC) and to a file rotated daily or by size under
 * <dataDir>/logs, so a technician's support bundle has the last days even without journald. The files name
 * staff and payments: the folder is 0700 and every file 0600 (sonic-boom's `mode`, used for each new file
 * of the rotation); files left by an older version with a wider mode are narrowed at start.
 */
export interface OpenedLogger {
  log: Logger;
  /** Writes are asynchronous: the daemon's shutdown path awaits this so no line is lost on exit. */
  close: () => Promise<void>;
  /**
   * Resolves once the log file is open (lines logged before are written to it then, in order); rejects if it cannot
   * be opened. Already handled: awaiting it is how a caller learns of a failure.
   */
  fileReady: Promise<void>;
}

/**
 * The logger at once; its file opens in the background. pino-roll finds the file to append to with asynchronous
 * reads of the folder (a readdir, a stat, an open: each a round trip through libuv's threads), which the daemon's
 * start waited for before anything else: 15-55 ms on a busy 2-core PC, ~1-5 ms on a quiet one (issue 14, start-up).
 * Now the daemon opens its journal, devices and routes and starts listening meanwhile, and awaits `fileReady` then.
 */
export function openLogger(cfg: Pick<KioskConfig, 'log'>, dataDir: string | null): OpenedLogger {
  if (dataDir === null) {
    const log = pino({ level: cfg.log.level, base: { app: 'kiosk' } });
    return { log, close: async () => {}, fileReady: Promise.resolve() };
  }
  const dir = join(dataDir, 'logs');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if ((statSync(dir).mode & 0o077) !== 0) chmodSync(dir, 0o700);
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if ((statSync(p).mode & 0o077) !== 0) chmodSync(p, 0o600);
  }
  // In-process streams, not pino.transport(): a transport is a worker thread with its own V8 heap (issue 14,
  // start-up). pino-roll's default export is the sonic-boom stream its transport would run, usable as is.
  const stdout = pino.destination({ dest: 1, sync: false });
  let file: Awaited<ReturnType<typeof pinoRoll>> | null = null;
  /** Lines logged before the file opened, written to it first. */
  const early: string[] = [];
  const fileReady = pinoRoll({
    file: join(dir, 'kiosk'),
    extension: '.log',
    frequency: 'daily',
    size: cfg.log.maxSize,
    mkdir: true,
    mode: 0o600,
    limit: { count: cfg.log.keep },
  }).then((opened) => {
    file = opened;
    for (const line of early.splice(0)) opened.write(line);
  });
  // Handled here so that a failure is not an unhandled rejection before the caller awaits it.
  fileReady.catch(() => {});
  const toFile = { write: (line: string) => (file ? file.write(line) : early.push(line)) };
  const log = pino(
    { level: cfg.log.level, base: { app: 'kiosk' } },
    pino.multistream([
      { level: cfg.log.level, stream: stdout },
      { level: cfg.log.level, stream: toFile },
    ]),
  );
  let closed: Promise<void> | null = null;
  const closeFile = () =>
    fileReady.then(
      () =>
        new Promise<void>((done) => {
          file!.once('close', () => done());
          file!.end();
        }),
      () => {},
    );
  return {
    log,
    close: () =>
      (closed ??= closeFile()
        .then(() => new Promise<void>((done) => stdout.flush(() => done())))
        .then(() => {
          // A late line (a device closing after the log) is dropped, not thrown at a destroyed stream.
          log.level = 'silent';
        })),
    fileReady,
  };
}

/** The logger once its file is open (or the reason it cannot be). */
export async function createLogger(cfg: Pick<KioskConfig, 'log'>, dataDir: string | null): Promise<{ log: Logger; close: () => Promise<void> }> {
  const opened = openLogger(cfg, dataDir);
  await opened.fileReady;
  return opened;
}
