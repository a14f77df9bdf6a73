import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from './log';
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
    const { log, close } = createLogger({ log: { level: 'info', maxSize: '1k', keep: 5 } }, t.dir);
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
