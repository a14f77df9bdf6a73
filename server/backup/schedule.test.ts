import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { statSync } from 'node:fs';
import pino from 'pino';
import { openJournal } from '../../store/db';
import { appendEvent, recentEvents } from '../../store/events';
import { sampleConfig } from '../../test/support/daemon';
import { tempDir } from '../../test/support/tmp';
import { listBackups } from './backup';
import { startBackupSchedule } from './schedule';

let cleanup = () => {};
afterEach(() => cleanup());

describe('scheduled backups', () => {
  it('writes checked 0600 backups, keeps the newest N, journals each one and runs the purge', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const db = openJournal(join(t.dir, 'journal.sqlite'));
    appendEvent(db, { kind: 'test.start' });
    const base = sampleConfig();
    const config = { ...base, dataDir: t.dir, retention: { backup: { everyHours: 0, keep: 2 }, personalDataDays: 30 } };
    const s = startBackupSchedule({ db, config, log: pino({ level: 'silent' }) });
    const runs = [];
    for (let i = 0; i < 3; i++) {
      runs.push(await s.runNow('test'));
      await new Promise((r) => setTimeout(r, 1100)); // backup names carry the second
    }
    await s.stop();
    expect(runs.every((r) => r.backup.ok)).toBe(true);
    expect(runs[0]!.retention).toMatchObject({ paymentsPurged: 0 });
    const files = listBackups(join(t.dir, 'backups'));
    expect(files).toHaveLength(2);
    for (const f of files) expect(statSync(f).mode & 0o777).toBe(0o600);
    expect(recentEvents(db, { kindPrefix: 'backup.made' })).toHaveLength(3);
    db.close();
  });
});
