import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, openSync, statSync } from 'node:fs';
import { migrate, loadMigrations } from './migrations';

export type Db = Database.Database;

export interface OpenOptions {
  /** Apply pending migrations (the daemon does; `kiosk db migrate` does it explicitly). Default true. */
  migrate?: boolean;
  readonly?: boolean;
}

/**
 * Every connection gets the same durability settings: WAL, synchronous FULL (a committed payment row
 * survives a power cut), foreign keys on, and a busy timeout so two processes queue instead of failing.
 */
export function configureConnection(db: Db): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
}

/** Opens (creating if needed) the journal file with mode 0600: it holds payment data. */
export function openJournal(file: string, opts: OpenOptions = {}): Db {
  if (!opts.readonly && !existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  const db = new Database(file, { readonly: opts.readonly ?? false, fileMustExist: true });
  try {
    if (!opts.readonly) configureConnection(db);
    else db.pragma('foreign_keys = ON');
    if (opts.migrate ?? true) migrate(db, loadMigrations());
    if (!opts.readonly) for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f) && (statSync(f).mode & 0o077) !== 0) chmodSync(f, 0o600);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
