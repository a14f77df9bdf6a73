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
