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
export async function createLogger(cfg: Pick<KioskConfig, 'log'>, dataDir: string | null): Promise<{ log: Logger; close: () => Promise<void> }> {
  if (dataDir === null) {
    const log = pino({ level: cfg.log.level, base: { app: 'kiosk' } });
    return { log, close: async () => {} };
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
  const file = await pinoRoll({
    file: join(dir, 'kiosk'),
    extension: '.log',
    frequency: 'daily',
    size: cfg.log.maxSize,
    mkdir: true,
    mode: 0o600,
    limit: { count: cfg.log.keep },
  });
  const log = pino(
    { level: cfg.log.level, base: { app: 'kiosk' } },
    pino.multistream([
      { level: cfg.log.level, stream: stdout },
      { level: cfg.log.level, stream: file },
    ]),
  );
  let closed: Promise<void> | null = null;
  return {
    log,
    // Writes are asynchronous: the daemon's shutdown path awaits this so no line is lost on exit.
    close: () =>
      (closed ??= new Promise<void>((done) => {
        file.once('close', () => stdout.flush(() => done()));
        file.end();
      }).then(() => {
        // A late line (a device closing after the log) is dropped, not thrown at a destroyed stream.
        log.level = 'silent';
      })),
  };
}
