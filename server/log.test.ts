import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import pino from 'pino';
import { join } from 'node:path';
import { createLogger, openLogger } from './log';
import { tempDir } from '../test/support/tmp';

let cleanup = () => {};
afterEach(() => cleanup());

describe('log files', () => {
  it('are readable by their owner only, in a 0700 folder (they hold staff names and payment ids)', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    // A log file left by an older version with the default mode is tightened too.
    mkdirSync(join(t.dir, 'logs'), { mode: 0o755 });
    writeFileSync(join(t.dir, 'logs', 'kiosk.2026-01-01.1.log'), '{}\n', { mode: 0o644 });
    const { log, close } = await createLogger({ log: { level: 'info', maxSize: '1k', keep: 5 } }, t.dir);
    // Past 1 KiB the file rotates: the next file must be 0600 too.
    const ours = () => readdirSync(join(t.dir, 'logs')).filter((f) => !f.startsWith('kiosk.2026-01-01'));
    for (let i = 0; ours().length < 2; i++) {
      log.info({ i, filler: 'x'.repeat(200) }, 'hello');
      await new Promise((r) => setTimeout(r, 20));
      if (i > 1000) throw new Error(`no rotation after ${i} lines: ${ours().join(', ')}`);
    }
    await close();
    const files = readdirSync(join(t.dir, 'logs'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    expect(statSync(join(t.dir, 'logs')).mode & 0o777).toBe(0o700);
    for (const f of files) expect({ f, mode: (statSync(join(t.dir, 'logs', f)).mode & 0o777).toString(8) }).toEqual({ f, mode: '600' });
  });
});

describe('the logger', () => {
  it('writes from the main thread: no transport worker thread (issue 14, start-up)', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const { log, close } = await createLogger({ log: { level: 'info', maxSize: '10m', keep: 2 } }, t.dir);
    // pino.transport() hands lines to a thread-stream, whose `worker` is the thread.
    const stream = (log as unknown as Record<symbol, { worker?: unknown; streams?: Array<{ stream: { worker?: unknown } }> }>)[pino.symbols.streamSym]!;
    expect(stream.worker).toBeUndefined();
    for (const s of stream.streams ?? []) expect(s.stream.worker).toBeUndefined();
    await close();
  });

  it('has every line logged before close() in the file once close() resolves, in the same JSON shape', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const { log, close } = await createLogger({ log: { level: 'info', maxSize: '10m', keep: 2 } }, t.dir);
    for (let i = 0; i < 500; i++) log.info({ i }, 'line');
    log.debug('below the level');
    await close();
    const files = readdirSync(join(t.dir, 'logs'));
    const lines = files.flatMap((f) =>
      readFileSync(join(t.dir, 'logs', f), 'utf8')
        .split('\n')
        .filter(Boolean),
    );
    expect(lines).toHaveLength(500);
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    // The shape the log had with the transport: `base` replaces pino's pid and hostname.
    expect(Object.keys(first)).toEqual(['level', 'time', 'app', 'i', 'msg']);
    expect(first).toMatchObject({ level: 30, app: 'kiosk', i: 0, msg: 'line' });
  });
});

describe('openLogger (the daemon opens its log file while it starts, issue 14)', () => {
  it('gives the logger at once; lines logged before the file opened are in it first, in order, with the later ones', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const opened = openLogger({ log: { level: 'info', maxSize: '10m', keep: 2 } }, t.dir);
    expect(opened).not.toBeInstanceOf(Promise);
    let fileOpen = false;
    void opened.fileReady.then(() => (fileOpen = true));
    for (let i = 0; i < 50; i++) opened.log.info({ i }, 'early');
    // Nothing has let pino-roll's reads of the folder finish yet: these lines wait for the file.
    expect(fileOpen).toBe(false);
    await opened.fileReady;
    for (let i = 50; i < 100; i++) opened.log.info({ i }, 'late');
    await opened.close();
    const lines = readdirSync(join(t.dir, 'logs')).flatMap((f) =>
      readFileSync(join(t.dir, 'logs', f), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { i: number; msg: string }),
    );
    expect(lines.map((l) => l.i)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(lines[0]!.msg).toBe('early');
    expect(lines[99]!.msg).toBe('late');
  });

  it('says why when the log folder cannot be used, as the daemon start did before', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    // A file where the logs folder should be.
    writeFileSync(join(t.dir, 'logs'), 'not a folder');
    expect(() => openLogger({ log: { level: 'info', maxSize: '10m', keep: 2 } }, t.dir)).toThrow(/EEXIST|ENOTDIR/);
  });
});
