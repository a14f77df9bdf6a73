// The central schema's numbered migrations (issue 16), as the journal's (store/migrations.ts): files 001_name.sql,
// 002_… without gaps, each applied with its version row in one transaction, under an advisory lock so two
// services starting together do not both migrate. A database from a newer version is refused untouched.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CentralDb } from './db';

export interface CentralMigration {
  version: number;
  name: string;
  sql: string;
}

const DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const FILE = /^(\d{3})_([a-z0-9_]+)\.sql$/;
/** pg_advisory_xact_lock key: "central migrations". */
const LOCK = 7_160_016;

export function loadCentralMigrations(dir = DIR): CentralMigration[] {
  const list = readdirSync(dir)
    .map((file) => ({ file, m: FILE.exec(file) }))
    .filter((x): x is { file: string; m: RegExpExecArray } => x.m !== null)
    .map(({ file, m }) => ({ version: Number(m[1]), name: m[2]!, sql: readFileSync(join(dir, file), 'utf8') }))
    .sort((a, b) => a.version - b.version);
  list.forEach((mig, i) => {
    if (mig.version !== i + 1)
      throw new Error(`central/db/migrations: expected migration ${i + 1}, found ${mig.version} (${mig.name}); numbers run 001, 002, … without gaps`);
  });
  return list;
}

export class NewerCentralSchemaError extends Error {
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(
      `The central database is at schema version ${found}, but this software knows only up to ${known}: ` +
        'it was migrated by a newer version. Run that version (or newer); the database was not touched.',
    );
  }
}

export async function centralSchemaVersion(db: CentralDb): Promise<number> {
  const exists = await db.query<{ t: string | null }>("SELECT to_regclass('public.schema_migrations')::text AS t");
  if (!exists.rows[0]?.t) return 0;
  const r = await db.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
  return r.rows[0]?.v ?? 0;
}

export async function migrateCentral(db: CentralDb, migrations = loadCentralMigrations(), upTo = migrations.length): Promise<{ from: number; to: number }> {
  const c = await db.connect();
  try {
    await c.query('BEGIN');
    await c.query('SELECT pg_advisory_xact_lock($1)', [LOCK]);
    await c.query('CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    await c.query('COMMIT');
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    c.release();
    throw err;
  }
  try {
    const from = await centralSchemaVersion(db);
    if (from > migrations.length) throw new NewerCentralSchemaError(from, migrations.length);
    let to = from;
    for (const mig of migrations.filter((m) => m.version > from && m.version <= upTo)) {
      await c.query('BEGIN');
      try {
        await c.query('SELECT pg_advisory_xact_lock($1)', [LOCK]);
        const done = await c.query('SELECT 1 FROM schema_migrations WHERE version = $1', [mig.version]);
        if (done.rowCount === 0) {
          await c.query(mig.sql);
          await c.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [mig.version, mig.name]);
        }
        await c.query('COMMIT');
        to = mig.version;
      } catch (err) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw new Error(`central migration ${String(mig.version).padStart(3, '0')}_${mig.name} failed and was rolled back: ${(err as Error).message}`, {
          cause: err,
        });
      }
    }
    return { from, to };
  } finally {
    c.release();
  }
}
