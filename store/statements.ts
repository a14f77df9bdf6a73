import type { Statement } from 'better-sqlite3';
import type { Db } from './db-type';

// Compiling SQL costs more than running it for the journal's small statements: the ones on a visit's path are
// prepared once per connection (a WeakMap, so a closed connection takes its statements with it).
const cache = new WeakMap<Db, Map<string, Statement>>();

/** `sql` prepared on `db` once, then reused. Only for fixed SQL texts: each distinct text stays cached while `db` lives. */
export function prepared(db: Db, sql: string): Statement {
  let m = cache.get(db);
  if (!m) cache.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.prepare(sql)));
  return s;
}
