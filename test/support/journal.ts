import { expect } from 'vitest';
import { join } from 'node:path';
import { openJournal, type Db } from '../../store/db';
import { tempDir } from './tmp';

/** A migrated journal on a real SQLite file in a fresh temp directory; close() closes it and removes the directory. */
export function tempJournal(prefix = 'kiosk-journal-'): { db: Db; close: () => void } {
  const t = tempDir(prefix);
  const db = openJournal(join(t.dir, 'journal.sqlite'));
  return {
    db,
    close: () => {
      if (db.open) db.close();
      t.cleanup();
    },
  };
}

/**
 * A temp journal (tempJournal) whose connection notes the text of every statement prepared on it, in `prepared`, and
 * `planOf(pick)`: the EXPLAIN QUERY PLAN of the one statement prepared so far whose text matches `pick` (the tests that
 * pin the store's query plans, issue 14, read the SQL the store really prepares).
 */
export function sqlWatchedJournal(prefix = 'kiosk-journal-'): { db: Db; prepared: string[]; planOf: (pick: RegExp) => string; close: () => void } {
  const j = tempJournal(prefix);
  const { db } = j;
  const prepared: string[] = [];
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => (prepared.push(sql), prepare(sql))) as Db['prepare'];
  const planOf = (pick: RegExp): string => {
    const hits = [...new Set(prepared.filter((s) => pick.test(s)))];
    expect(hits, `one statement matching ${pick}, prepared: ${prepared.join('\n')}`).toHaveLength(1);
    const sql = hits[0]!;
    const params = Array.from(sql.matchAll(/\?/g), () => null);
    return (prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((p) => p.detail).join(' | ');
  };
  return { db, prepared, planOf, close: j.close };
}
