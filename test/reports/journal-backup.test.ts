// `kiosk journal verify`, `kiosk backup`, `kiosk restore` as an operator runs them (the real bin/kiosk.js).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openJournal, type Db } from '../../store/db';
import { appendEvent } from '../../store/events';
import { recordIntent, transition } from '../../store/payments';
import { recordDayClose } from '../../store/day-close';
import { KIOSK_BIN, ROOT, startTestDaemon } from '../support/daemon';
import { tempDir } from '../support/tmp';

const t = tempDir('journal-cli-');
afterAll(() => t.cleanup());

function kiosk(...args: string[]) {
  const r = spawnSync(process.execPath, [KIOSK_BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  const line = r.stdout.trim().split('\n').at(-1) ?? '';
  let json: Record<string, unknown> = {};
  try { json = JSON.parse(line) as Record<string, unknown>; } catch { /* not JSON */ }
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json };
}

function fill(db: Db): void {
  for (let i = 1; i <= 5; i++) {
    recordIntent(db, { id: `pay-${i}`, kioskId: 'K1', terminalId: 'terminal', protocol: 'zvt', amountMinor: 1000 + i, currency: 'EUR', reference: `ET-${i}` });
    transition(db, `pay-${i}`, i === 3 ? 'declined' : 'approved', { authCode: `A${i}`, maskedPan: '4111********1111' }, 'service');
  }
  recordDayClose(db, { businessDay: '2026-03-02', terminalId: 'terminal', currency: 'EUR', source: 'entered', terminalTotalMinor: 4010, terminalCount: 4, journalTotalMinor: 4010, journalCount: 4, detail: {}, closedBy: 'sup' });
  appendEvent(db, { kind: 'test.note', payload: { n: 1 } });
}

/** Every row of every table, for "the same journal". */
function dump(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true });
  const out: Record<string, unknown[]> = {};
  for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>) out[name] = (db.prepare(`SELECT * FROM "${name}"`).all()).map((r) => JSON.stringify(r)).sort();
  out.user_version = [db.pragma('user_version', { simple: true })];
  db.close();
  return out;
}

describe('kiosk journal verify', () => {
  const file = join(t.dir, 'verify.sqlite');
  beforeAll(() => { const db = openJournal(file); fill(db); db.close(); });

  it('passes an intact chain', () => {
    const r = kiosk('journal', 'verify', '--journal', file);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ ok: true, count: 12 });
  });

  it('names the first entry edited by hand behind the software', () => {
    const db = new Database(file);
    // What someone with the sqlite3 shell would do: remove the guard, change an amount.
    db.exec('DROP TRIGGER events_no_update');
    db.prepare("UPDATE events SET payload = json_set(payload, '$.amountMinor', 1) WHERE id = 3").run();
    db.close();
    const r = kiosk('journal', 'verify', '--journal', file);
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ ok: false, brokenAt: 3, count: 2 });
    expect(r.stderr).toMatch(/broken at event 3/);
  });

  it('says so when there is no journal', () => {
    expect(kiosk('journal', 'verify', '--journal', join(t.dir, 'none.sqlite')).code).toBe(2);
  });
});

describe('kiosk backup and restore', () => {
  const live = join(t.dir, 'live.sqlite');
  const backup = join(t.dir, 'b1.sqlite');
  beforeAll(() => { const db = openJournal(live); fill(db); db.close(); });

  it('backs up, checks the copy, and restores the same journal; the old one is kept aside', () => {
    const b = kiosk('backup', '--journal', live, '--out', backup);
    expect(b.code, b.stderr).toBe(0);
    expect(b.json).toMatchObject({ ok: true, events: 12, payments: 5 });
    expect(statSync(backup).mode & 0o777).toBe(0o600);
    expect(kiosk('backup', '--journal', live, '--out', backup).code).toBe(2); // never overwrites

    const before = dump(live);
    // The journal moves on after the backup…
    const db = openJournal(live);
    appendEvent(db, { kind: 'test.after-backup' });
    db.close();
    // …and the restore brings back exactly the backed-up journal.
    const r = kiosk('restore', backup, '--journal', live);
    expect(r.code, r.stderr).toBe(0);
    expect(dump(live)).toEqual(before);
    expect(existsSync(r.json.previousJournal as string)).toBe(true);
    expect(dump(r.json.previousJournal as string).events).toHaveLength(13);
    expect(kiosk('journal', 'verify', '--journal', live).code).toBe(0);
  });

  it('refuses a damaged backup and leaves the journal alone', () => {
    const bad = join(t.dir, 'bad.sqlite');
    const bytes = readFileSync(backup);
    bytes.fill(0x41, 4096, 8192);
    writeFileSync(bad, bytes);
    const before = dump(live);
    const r = kiosk('restore', bad, '--journal', live);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not a good backup/);
    expect(dump(live)).toEqual(before);
  });

  it('backs up a journal a running daemon writes to, and refuses to restore under it', async () => {
    const dir = join(t.dir, 'daemon');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir);
    const daemon = await startTestDaemon(dir);
    try {
      const journal = join(dir, 'journal.sqlite');
      const out = join(t.dir, 'hot.sqlite');
      const b = kiosk('backup', '--journal', journal, '--out', out);
      expect(b.code, b.stderr).toBe(0);
      const r = kiosk('restore', out, '--journal', journal);
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/open in process .*stop it first/);
    } finally {
      await daemon.close();
    }
  });
});
