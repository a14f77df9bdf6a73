import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, openSync, statSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { openConnection, openJournal } from './db';
import { appendEvent } from './events';
import { foldWal, integrityProblems, leaveWal } from './db-file';
import { tempDir } from '../test/support/tmp';

const dirs: Array<{ cleanup: () => void }> = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.cleanup();
});
function journalFile(): string {
  const t = tempDir('kiosk-dbfile-');
  dirs.push(t);
  return join(t.dir, 'journal.sqlite');
}

describe('whole-file operations on a journal', () => {
  it('a sound journal has no integrity problem; a damaged page is named', () => {
    const file = journalFile();
    const db = openJournal(file);
    for (let i = 0; i < 400; i++) appendEvent(db, { kind: 'probe', payload: { i, pad: 'x'.repeat(200) } });
    expect(integrityProblems(db)).toEqual([]);
    db.close();
    foldWal(file);
    // Scribble over a page in the middle of the file (not the header): SQLite's own check must see it.
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, Math.floor(statSync(file).size / 2 / 4096) * 4096);
    closeSync(fd);
    const broken = openConnection(file, { readonly: true });
    try {
      const problems = integrityProblems(broken);
      expect(problems.length).toBeGreaterThan(0);
      expect(problems.length).toBeLessThanOrEqual(5);
    } finally {
      broken.close();
    }
  });

  it('foldWal moves committed rows out of the WAL, so the main file alone holds them', () => {
    const file = journalFile();
    const db = openJournal(file);
    appendEvent(db, { kind: 'probe', payload: { n: 1 } });
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);
    foldWal(file);
    expect(statSync(`${file}-wal`).size).toBe(0);
    db.close();
  });

  it('leaveWal makes the file stand alone in rollback-journal mode', () => {
    const file = journalFile();
    const db = openJournal(file);
    appendEvent(db, { kind: 'probe', payload: { n: 1 } });
    db.close();
    leaveWal(file);
    expect(existsSync(`${file}-wal`)).toBe(false);
    const again = openConnection(file, { readonly: true, journalMode: 'DELETE' });
    try {
      expect(again.pragma('journal_mode', { simple: true })).toBe('delete');
    } finally {
      again.close();
    }
  });
});
