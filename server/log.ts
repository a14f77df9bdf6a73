import pino from 'pino';
import { join } from 'node:path';
import type { KioskConfig } from './config/schema';

export type Logger = pino.Logger;

/**
 * Structured JSON to stdout (journald keeps it on a kiosk PC) and to a file rotated daily or by size under
 * <dataDir>/logs, so a technician's support bundle has the last days even without journald.
 */
export function createLogger(cfg: Pick<KioskConfig, 'log'>, dataDir: string | null): { log: Logger; close: () => Promise<void> } {
  if (dataDir === null) {
    const log = pino({ level: cfg.log.level, base: { app: 'kiosk' } });
    return { log, close: async () => {} };
  }
  const transport = pino.transport({
    targets: [
      { target: 'pino/file', level: cfg.log.level, options: { destination: 1 } },
      {
        target: 'pino-roll',
        level: cfg.log.level,
        options: { file: join(dataDir, 'logs', 'kiosk'), extension: '.log', frequency: 'daily', size: cfg.log.maxSize, mkdir: true, limit: { count: cfg.log.keep } },
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
