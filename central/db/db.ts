// The central service's connection pool (issue 16). `pg` is loaded when the central service starts, never by the
// kiosk daemon. Every connection runs in UTC so day and month boundaries in SQL are the network's, not the host's.
import type { Pool, PoolClient } from 'pg';

export type CentralDb = Pool;
export type CentralClient = PoolClient;

export interface OpenOptions {
  /** postgres://USER:PASSWORD@HOST:PORT/DATABASE */
  url: string;
  max?: number;
  /** How long a new connection may take (a long benchmark on a loaded machine waits longer than the service). */
  connectTimeoutMs?: number;
  /** Name in pg_stat_activity. */
  applicationName?: string;
}

export type OpenResult = { ok: true; db: CentralDb } | { ok: false; reason: 'address' | 'unreachable' | 'refused'; detail: string };

/** Opens a pool and checks one connection: a wrong address or password is said here, not at the first request. */
export async function openCentralDb(o: OpenOptions): Promise<OpenResult> {
  let url: URL;
  try {
    url = new URL(o.url);
  } catch {
    return { ok: false, reason: 'address', detail: `--db ${redact(o.url)} is not an address: give postgres://USER:PASSWORD@HOST:5432/DATABASE` };
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')
    return { ok: false, reason: 'address', detail: `--db ${redact(o.url)}: give a postgres:// address` };
  const { default: pg } = await import('pg');
  const db = new pg.Pool({
    connectionString: o.url,
    max: o.max ?? 10,
    application_name: o.applicationName ?? 'kiosk-central',
    options: '-c TimeZone=UTC',
    connectionTimeoutMillis: o.connectTimeoutMs ?? 10_000,
  });
  // An idle client's error (the server restarted) must not crash the service: the pool drops that client.
  db.on('error', () => undefined);
  try {
    const c = await db.connect();
    c.release();
  } catch (err) {
    await db.end().catch(() => undefined);
    const e = err as NodeJS.ErrnoException & { code?: string };
    const auth = e.code === '28P01' || e.code === '28000' || e.code === '3D000';
    return {
      ok: false,
      reason: auth ? 'refused' : 'unreachable',
      detail: auth
        ? `PostgreSQL at ${url.host} refused the connection (${e.message}): check the user, password and database name in --db`
        : `cannot reach PostgreSQL at ${url.host || 'localhost'} (${e.code ?? e.message}): check that it runs and the address in --db`,
    };
  }
  return { ok: true, db };
}

/** Runs `fn` in one transaction on one connection; rolls back on any exception. */
export async function inTransaction<T>(db: CentralDb, fn: (c: CentralClient) => Promise<T>): Promise<T> {
  const c = await db.connect();
  try {
    await c.query('BEGIN');
    const out = await fn(c);
    await c.query('COMMIT');
    return out;
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    c.release();
  }
}

/** The address without its password, for messages and logs. */
export function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
