import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { statSync } from 'node:fs';
import pino from 'pino';
import { openJournal } from '../../store/db';
import { appendEvent, recentEvents } from '../../store/events';
import { sampleConfig } from '../../test/support/daemon';
import { tempDir } from '../../test/support/tmp';
import { listBackups } from './backup';
import { readAnchor } from '../../store/anchor';
import { recordIntent } from '../../store/payments';
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

describe('the journal anchor kept by the maintenance', () => {
  it('is written beside the backups after a money event and at stop', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const db = openJournal(join(t.dir, 'journal.sqlite'));
    const config = { ...sampleConfig(), dataDir: t.dir, retention: { backup: { everyHours: 0, keep: 2 }, personalDataDays: 30 } };
    const s = startBackupSchedule({ db, config, log: pino({ level: 'silent' }) });
    const anchor = join(t.dir, 'backups', 'journal.sqlite.anchor');
    recordIntent(db, { id: 'pay-1', kioskId: 'K1', terminalId: 'T', protocol: 'zvt', amountMinor: 100, currency: 'EUR' });
    for (let i = 0; !readAnchor(anchor).ok; i++) {
      if (i > 500) throw new Error('no anchor');
      await new Promise((r) => setTimeout(r, 10));
    }
    appendEvent(db, { kind: 'test.after' });
    await s.stop();
    expect(readAnchor(anchor)).toMatchObject({ ok: true, anchor: { count: 2, lastId: 2 } });
    db.close();
  });

  it('refuses to overwrite an anchor the journal does not extend: logs it and journals it once', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const config = { ...sampleConfig(), dataDir: t.dir, retention: { backup: { everyHours: 0, keep: 2 }, personalDataDays: 30 } };
    const db = openJournal(join(t.dir, 'journal.sqlite'));
    for (let i = 0; i < 3; i++) appendEvent(db, { kind: 'k' });
    const first = startBackupSchedule({ db, config, log: pino({ level: 'silent' }) });
    await first.stop();
    // An attacker cuts the journal: raw SQL on purpose, nothing the kiosk's code would run.
    db.exec('DROP TRIGGER events_no_delete; DELETE FROM events WHERE id = 3');
    const lines: string[] = [];
    const log = pino({ level: 'error' }, { write: (l: string) => lines.push(l) });
    const s = startBackupSchedule({ db, config, log });
    expect(await s.anchorNow()).toMatchObject({ ok: false, refused: true });
    await s.stop();
    expect(lines.join('')).toMatch(/may have been cut or rewritten/);
    expect(recentEvents(db, { kindPrefix: 'journal.anchor-refused' })).toHaveLength(1);
    expect(readAnchor(join(t.dir, 'backups', 'journal.sqlite.anchor'))).toMatchObject({ ok: true, anchor: { count: 3 } });
    db.close();
  });
});
