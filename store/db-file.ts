// Whole-file operations on a journal, for backup and restore: its integrity, folding the WAL into the main
// file before the file is moved, and leaving WAL mode so that a copy is one self-contained file.
import { openConnection, type Db } from './db';

/**
 * What SQLite's integrity_check finds wrong (at most `limit` lines); empty when the file is sound. A file too
 * damaged for the check to run ("database disk image is malformed") is that one problem, not an exception.
 */
export function integrityProblems(db: Db, limit = 5): string[] {
  let lines: string[];
  try {
    lines = (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check);
  } catch (err) {
    return [(err as Error).message];
  }
  return lines.join() === 'ok' ? [] : lines.slice(0, limit);
}

/** Moves every committed row still in `<file>-wal` into `file` and empties the WAL. */
export function foldWal(file: string): void {
  const db = openConnection(file);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

/** Leaves WAL mode: the file no longer needs a -wal or -shm beside it. */
export function leaveWal(file: string): void {
  const db = openConnection(file, { journalMode: 'DELETE' });
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
}
