// Counts the commits in a SQLite WAL file by reading it, not by asking the code under test: each commit ends with a
// frame whose "database size after commit" field is non-zero (https://www.sqlite.org/fileformat.html#the_write_ahead_log:
// a 32-byte header whose salts every valid frame repeats, then frames of a 24-byte header and a page). Frames left from
// before the last WAL reset carry other salts and are not counted. Checkpoint with TRUNCATE first to count from zero.
import { existsSync, readFileSync } from 'node:fs';

export function walCommits(dbFile: string): number {
  const file = `${dbFile}-wal`;
  if (!existsSync(file)) return 0;
  const wal = readFileSync(file);
  if (wal.length < 32) return 0;
  const pageSize = wal.readUInt32BE(8);
  const salt1 = wal.readUInt32BE(16);
  const salt2 = wal.readUInt32BE(20);
  let commits = 0;
  for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) {
    if (wal.readUInt32BE(at + 8) !== salt1 || wal.readUInt32BE(at + 12) !== salt2) break;
    if (wal.readUInt32BE(at + 4) !== 0) commits++;
  }
  return commits;
}
