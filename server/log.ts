import pino from 'pino';
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
export function createLogger(cfg: Pick<KioskConfig, 'log'>, dataDir: string | null): { log: Logger; close: () => Promise<void> } {
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
  const transport = pino.transport({
    targets: [
      { target: 'pino/file', level: cfg.log.level, options: { destination: 1 } },
      {
        target: 'pino-roll',
        level: cfg.log.level,
        options: {
          file: join(dir, 'kiosk'),
          extension: '.log',
          frequency: 'daily',
          size: cfg.log.maxSize,
          mkdir: true,
          mode: 0o600,
          limit: { count: cfg.log.keep },
        },
      },
    ],
  });
  const log = pino({ level: cfg.log.level, base: { app: 'kiosk' } }, transport);
  return {
    log,
    close: () =>
      new Promise<void>((done) => {
        log.flush(() => {
          transport.once('close', () => done());
          transport.end();
          setTimeout(done, 1000).unref();
        });
      }),
  };
}
