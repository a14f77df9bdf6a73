import type Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const FILE = /^(\d{3})_([a-z0-9_]+)\.sql$/;

/** Numbered SQL files in store/migrations, `001_events.sql`, `002_...`: gaps and duplicates are bugs. */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const list = readdirSync(dir)
    .map((file) => ({ file, m: FILE.exec(file) }))
    .filter((x): x is { file: string; m: RegExpExecArray } => x.m !== null)
    .map(({ file, m }) => ({ version: Number(m[1]), name: m[2]!, sql: readFileSync(join(dir, file), 'utf8') }))
    .sort((a, b) => a.version - b.version);
  list.forEach((mig, i) => {
    if (mig.version !== i + 1)
      throw new Error(
        `store/migrations: expected migration ${i + 1}, found ${mig.version} (${mig.name}); numbers must run 001, 002, … without gaps or repeats`,
      );
  });
  return list;
}

/** The version the migrations in `dir` reach, from their names alone: a journal already there needs none read. */
export function latestVersion(dir = MIGRATIONS_DIR): number {
  return readdirSync(dir).filter((file) => FILE.test(file)).length;
}

export class NewerDatabaseError extends Error {
  constructor(
    readonly found: number,
    readonly known: number,
    readonly file: string,
  ) {
    super(
      `The journal ${file} is at schema version ${found}, but this kiosk software knows only up to ${known}. ` +
        'It was written by a newer version: install that version (or newer) instead of downgrading; the journal was not touched.',
    );
  }
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the schema up to date. Each migration and its version bump run in one transaction, so a crash
 * leaves the database at the previous version, never half-migrated.
 * The migrations commit with synchronous NORMAL, then the connection's own level comes back: in WAL mode a
 * NORMAL commit is still atomic, only not yet flushed, and the next FULL commit's fsync of the WAL flushes it
 * with it. A power cut before that loses migrations only, which run again at the next start; no journal row
 * is written meanwhile. A new journal thus costs one fsync instead of one per migration (11), part of the
 * daemon's start (issue 14).
 */
export function migrate(db: Database.Database, migrations = loadMigrations(), upTo = migrations.length): { from: number; to: number } {
  const from = schemaVersion(db);
  const known = migrations.length;
  if (from > known) throw new NewerDatabaseError(from, known, db.name);
  const pending = migrations.filter((mig) => mig.version > from && mig.version <= upTo);
  if (pending.length === 0) return { from, to: from };
  const level = db.pragma('synchronous', { simple: true }) as number;
  if (level > 1) db.pragma('synchronous = NORMAL');
  try {
    for (const mig of pending) {
      db.transaction(() => {
        db.exec(mig.sql);
        db.pragma(`user_version = ${mig.version}`);
      }).immediate();
    }
  } finally {
    if (level > 1) db.pragma(`synchronous = ${level}`);
  }
  return { from, to: schemaVersion(db) };
}
