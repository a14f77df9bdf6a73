// `kiosk central start`: the ministry's central service (issue 16) — PostgreSQL brought up to date, then the
// posts' API and the ministry's pages. Stops cleanly on close (requests in flight finish, the pool ends).
import type { FastifyInstance } from 'fastify';
import { openCentralDb, redact, type CentralDb } from './db/db';
import { migrateCentral, NewerCentralSchemaError } from './db/migrations';
import { buildCentralApp, type CentralAppOptions } from './http/app';
import { CENTRAL_PLUGINS } from './plugins';

export interface CentralStartOptions {
  db: string;
  host: string;
  port: number;
  version: string;
  /** The central identity (centralTlsOptions): without it the service speaks plain HTTP (--insecure-http). */
  https?: CentralAppOptions['https'];
  plugins?: CentralAppOptions['plugins'];
  now?: () => Date;
}

export interface RunningCentral {
  url: string;
  db: CentralDb;
  app: FastifyInstance;
  close(): Promise<void>;
}

export type CentralStartResult = { ok: true; central: RunningCentral } | { ok: false; reason: 'database' | 'schema' | 'listen'; detail: string };

export async function startCentral(o: CentralStartOptions): Promise<CentralStartResult> {
  const opened = await openCentralDb({ url: o.db });
  if (!opened.ok) return { ok: false, reason: 'database', detail: opened.detail };
  const db = opened.db;
  try {
    await migrateCentral(db);
  } catch (err) {
    await db.end();
    if (err instanceof NewerCentralSchemaError) return { ok: false, reason: 'schema', detail: err.message };
    return { ok: false, reason: 'schema', detail: `cannot bring ${redact(o.db)} up to date: ${(err as Error).message}` };
  }
  const app = await buildCentralApp({
    db,
    version: o.version,
    ...(o.https ? { https: o.https } : {}),
    ...(o.now ? { now: o.now } : {}),
    plugins: o.plugins ?? CENTRAL_PLUGINS,
    log: true,
  });
  try {
    await app.listen({ host: o.host, port: o.port });
  } catch (err) {
    await app.close();
    await db.end();
    const e = err as NodeJS.ErrnoException;
    return { ok: false, reason: 'listen', detail: `cannot listen on ${o.host}:${o.port} (${e.code ?? e.message}): choose another --listen address` };
  }
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : o.port;
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;
  return {
    ok: true,
    central: {
      url: `${o.https ? 'https' : 'http'}://${host}:${port}`,
      db,
      app,
      close: async () => {
        await app.close();
        await db.end();
      },
    },
  };
}
