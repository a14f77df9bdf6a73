import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { latestVersion, migrate, loadMigrations, schemaVersion } from './migrations';
import { CHAIN_KEY_VERSION, usableKey } from './chain-key';
import { attachChainKey, sealUnsealedRefunds } from './journal-keying';
import type { Db } from './db-type';

export type { Db };

export interface OpenOptions {
  /** Apply pending migrations (the daemon does; `kiosk db migrate` does it explicitly). Default true. */
  migrate?: boolean;
  readonly?: boolean;
}

/**
 * Every connection gets the same durability settings: WAL, synchronous FULL (a committed payment row
 * survives a power cut), foreign keys on, and a busy timeout so two processes queue instead of failing.
 */
export function configureConnection(db: Db, journalMode: 'WAL' | 'DELETE' = 'WAL'): void {
  db.pragma(`journal_mode = ${journalMode}`);
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
}

/**
 * better-sqlite3's add-on, given by the path its own lookup (the `bindings` package) finds it at in an npm install:
 * that lookup takes a stack trace to find its caller's package, then requires each candidate path in turn until one
 * loads (a failed require, with its error and stats, for each of build/ and build/Debug/ first): 3-23 ms in
 * --cpu-prof profiles of the daemon's start (issue 14), too little to see in its wall time on the shared machine.
 * Undefined, and the package looks for itself as before, when a candidate it tries before build/Release holds the
 * add-on (a debug build) or build/Release does not.
 */
let addonPath: string | null | undefined;
function nativeBinding(): string | undefined {
  if (addonPath === undefined) {
    try {
      const root = dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json'));
      const [build, debug, release] = [[], ['Debug'], ['Release']].map((d) => join(root, 'build', ...d, 'better_sqlite3.node'));
      addonPath = !existsSync(build!) && !existsSync(debug!) && existsSync(release!) ? release! : null;
    } catch {
      addonPath = null;
    }
  }
  return addonPath ?? undefined;
}

/**
 * THE connection factory: the only place a SQLite connection is made (a test keeps it so). Read-write
 * connections get configureConnection; read-only ones cannot change the journal mode but still get foreign
 * keys and the busy timeout. No migration, no chain key: openJournal adds those. `journalMode: 'DELETE'` is
 * for a backup copy, which must be one self-contained file.
 */
export function openConnection(file: string, opts: { readonly?: boolean; journalMode?: 'WAL' | 'DELETE' } = {}): Db {
  const memory = file === ':memory:';
  const db = new Database(file, { readonly: opts.readonly ?? false, fileMustExist: !memory, nativeBinding: nativeBinding() });
  try {
    if (opts.readonly) {
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
    } else {
      configureConnection(db, opts.journalMode);
    }
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * Opens (creating if needed, folder included, 0700) the journal file with mode 0600: it holds payment
 * data. Read-write opens migrate and attach the chain key (made here for a new journal, never for one that
 * has a key: see store/chain-key.ts); read-only opens attach the key when there is one, for verifying.
 * `:memory:` gives a throw-away journal with a throw-away key.
 */
export function openJournal(file: string, opts: OpenOptions = {}): Db {
  const memory = file === ':memory:';
  if (!memory && !opts.readonly && !existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    closeSync(openSync(file, 'a', 0o600));
  }
  const db = openConnection(file, { readonly: opts.readonly ?? false });
  try {
    // A journal at the current version (every start but the first): one pragma read, no migration file read.
    let migrated = false;
    if ((opts.migrate ?? true) && schemaVersion(db) !== latestVersion()) {
      const m = migrate(db, loadMigrations());
      migrated = m.to > m.from;
    }
    if (schemaVersion(db) >= CHAIN_KEY_VERSION) attachChainKey(db, { create: !opts.readonly && (opts.migrate ?? true) });
    // Refunds written before refunds were sealed get their seal once, right after the upgrade that brought sealing.
    const key = migrated ? usableKey(db) : null;
    if (key) sealUnsealedRefunds(db, key);
    if (!memory && !opts.readonly)
      for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f) && (statSync(f).mode & 0o077) !== 0) chmodSync(f, 0o600);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** The names of the tables in a database file (a backup is checked before anything is assumed of it). */
export function tableNames(db: Db): Set<string> {
  return new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((r) => r.name));
}
