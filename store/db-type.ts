import type Database from 'better-sqlite3';

/** An open journal connection. In its own module so that what db.ts imports (events, keying) can name it without an import cycle. */
export type Db = Database.Database;
