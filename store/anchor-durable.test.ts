// The anchor names only what is on the disk, seen from the system calls (strace, a Debian package; .ci/run installs
// it): after a commit that did not wait for the disk (store/commit.ts commitWithoutFsync), the journal's WAL is
// flushed before the anchor is renamed into place. Without that, a power cut right after could keep an anchor
// naming an event the WAL lost, and the next start would call the journal cut (store/anchor.ts).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { tempDir } from '../test/support/tmp';

const MARK = '/kiosk-anchor-test-lazy-commit-made';
let cleanup = () => {};
afterEach(() => cleanup());

it('flushes the WAL between a commit without fsync and the anchor naming it, and the folder only at the first write', () => {
  const t = tempDir();
  cleanup = t.cleanup;
  const file = join(t.dir, 'journal.sqlite');
  const src = (f: string) => JSON.stringify(join(process.cwd(), f));
  const script = join(t.dir, 'anchor.mts');
  writeFileSync(
    script,
    [
      `import { accessSync } from 'node:fs';`,
      `import { openJournal } from ${src('store/db.ts')};`,
      `import { appendEvent } from ${src('store/events.ts')};`,
      `import { commitWithoutFsync } from ${src('store/commit.ts')};`,
      `import { anchorFileFor, createAnchorer } from ${src('store/anchor.ts')};`,
      `const db = openJournal(${JSON.stringify(file)});`,
      `appendEvent(db, { kind: 'daemon.started' });`,
      `const a = createAnchorer(db, anchorFileFor(${JSON.stringify(file)}), () => {}, { onMoneyEvents: false });`,
      `await a.flush();`,
      `commitWithoutFsync(db, () => appendEvent(db, { kind: 'print.queued', subject: 'job-1' }));`,
      `try { accessSync(${JSON.stringify(MARK)}); } catch {}`,
      `console.log(JSON.stringify(await a.flush()));`,
      `await a.close();`,
      `db.close();`,
    ].join('\n'),
  );
  const out = join(t.dir, 'strace.txt');
  const r = spawnSync('strace', ['-f', '-qq', '-y', '-e', 'trace=fsync,fdatasync,rename,access', '-o', out, process.execPath, '--import', 'tsx', script], {
    cwd: process.cwd(),
    encoding: 'utf8',
  });
  if (r.error) throw new Error(`strace could not run (${r.error.message}): apt-get install -y strace`);
  expect({ status: r.status, stderr: r.stderr }).toMatchObject({ status: 0 });
  expect(JSON.parse(r.stdout.trim())).toMatchObject({ ok: true, written: true, anchor: { count: 2 } });

  const lines = readFileSync(out, 'utf8').split('\n');
  const from = lines.findIndex((l) => l.includes(MARK));
  const anchor = `${file.replace(/journal\.sqlite$/, 'backups/journal.sqlite')}.anchor`;
  const renamed = lines.findIndex((l, i) => i > from && /\brename\(/.test(l) && l.includes(`"${anchor}"`));
  expect(from).toBeGreaterThan(0);
  expect(renamed).toBeGreaterThan(from);
  const synced = (part: string[], what: RegExp) => part.filter((l) => /\bf(data)?sync\(\d+</.test(l) && what.test(l)).length;
  // Before the rename: the WAL holding the lazy commit, then the new anchor's own file.
  const beforeRename = lines.slice(from + 1, renamed);
  expect({ wal: synced(beforeRename, /journal\.sqlite-wal>/), anchor: synced(beforeRename, /journal\.sqlite\.anchor\.\d+\.tmp>/) }).toEqual({
    wal: 1,
    anchor: 1,
  });
  // The folder is flushed at the first write of the process only (it may replace an anchor it did not write itself):
  // a later rename lost in a power cut leaves the anchor before it, a prefix of the same journal.
  const folder = /\bfsync\(\d+<[^>]*\/backups>/;
  expect({ first: lines.slice(0, from).filter((l) => folder.test(l)).length, second: lines.slice(from).filter((l) => folder.test(l)).length }).toEqual({
    first: 1,
    second: 0,
  });
}, 60_000);
