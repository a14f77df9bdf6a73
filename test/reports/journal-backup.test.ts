// `kiosk journal verify`, `kiosk backup`, `kiosk restore` as an operator runs them (the real bin/kiosk.js).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openJournal, type Db } from '../../store/db';
import { appendEvent, eventHash } from '../../store/events';
import { loadMigrations, migrate } from '../../store/migrations';
import { recordIntent, transition } from '../../store/payments';
import { recordDayClose } from '../../store/day-close';
import { purgePersonalData } from '../../store/retention';
import { KIOSK_BIN, ROOT, startTestDaemon } from '../support/daemon';
import { tempDir } from '../support/tmp';

// Each test runs the real bin one to five times, and each run starts tsx: seconds apiece on a loaded machine.
vi.setConfig({ testTimeout: 120_000 });

const t = tempDir('journal-cli-');
afterAll(() => t.cleanup());

function kiosk(...args: string[]) {
  const r = spawnSync(process.execPath, [KIOSK_BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  const line = r.stdout.trim().split('\n').at(-1) ?? '';
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(line) as Record<string, unknown>;
  } catch {
    /* not JSON */
  }
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json };
}

function fill(db: Db): void {
  for (let i = 1; i <= 5; i++) {
    recordIntent(db, { id: `pay-${i}`, kioskId: 'K1', terminalId: 'terminal', protocol: 'zvt', amountMinor: 1000 + i, currency: 'EUR', reference: `ET-${i}` });
    transition(db, `pay-${i}`, i === 3 ? 'declined' : 'approved', { authCode: `A${i}`, maskedPan: '4111********1111' }, 'service');
  }
  recordDayClose(db, {
    businessDay: '2026-03-02',
    terminalId: 'terminal',
    currency: 'EUR',
    source: 'entered',
    terminalTotalMinor: 4010,
    terminalCount: 4,
    journalTotalMinor: 4010,
    journalCount: 4,
    detail: {},
    closedBy: 'sup',
  });
  appendEvent(db, { kind: 'test.note', payload: { n: 1 } });
}

/** Every row of every table, for "the same journal". */
function dump(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true });
  const out: Record<string, unknown[]> = {};
  for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{
    name: string;
  }>)
    out[name] = db
      .prepare(`SELECT * FROM "${name}"`)
      .all()
      .map((r) => JSON.stringify(r))
      .sort();
  out.user_version = [db.pragma('user_version', { simple: true })];
  db.close();
  return out;
}

describe('kiosk journal verify', () => {
  const file = join(t.dir, 'verify.sqlite');
  beforeAll(() => {
    const db = openJournal(file);
    fill(db);
    db.close();
  });

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

let n = 0;
/** A fresh filled journal in its own folder (its anchor goes to <folder>/backups). */
function filledJournal(): string {
  const dir = join(t.dir, `j${++n}`);
  mkdirSync(dir);
  const file = join(dir, 'journal.sqlite');
  const db = openJournal(file);
  fill(db);
  db.close();
  return file;
}

/** The sqlite3 shell, as someone editing the file behind the software would use it. */
function tamper(file: string, sql: string): void {
  const db = new Database(file);
  db.pragma('foreign_keys = OFF');
  db.exec(sql);
  db.close();
}

type Row = { id: number; at: string; kind: string; subject: string | null; payload: string };
/** Rewrites every hash from event `from` on, by default with the (public, unkeyed) formula an attacker can read in the code. */
function recomputeFrom(file: string, from: number, hashOf = (prev: string, r: Row) => eventHash(prev, r.at, r.kind, r.subject, r.payload)): void {
  const db = new Database(file);
  db.exec('DROP TRIGGER IF EXISTS events_no_update');
  const rows = db.prepare('SELECT id, at, kind, subject, payload FROM events WHERE id >= ? ORDER BY id').all(from) as Row[];
  let prev = (db.prepare('SELECT hash FROM events WHERE id = ?').get(from - 1) as { hash: string } | undefined)?.hash ?? '';
  // Move every hash aside first: the column is UNIQUE.
  db.prepare("UPDATE events SET hash = 'tmp-' || id WHERE id >= ?").run(from);
  for (const r of rows) {
    const hash = hashOf(prev, r);
    db.prepare('UPDATE events SET prev_hash = ?, hash = ? WHERE id = ?').run(prev, hash, r.id);
    prev = hash;
  }
  db.close();
}

describe('kiosk journal verify: tampering behind the software (issue 12, item 13)', () => {
  it('detects an event edited with every later hash recomputed', () => {
    const file = filledJournal();
    tamper(file, "DROP TRIGGER events_no_update; UPDATE events SET payload = json_set(payload, '$.amountMinor', 1) WHERE id = 3");
    recomputeFrom(file, 3);
    const r = kiosk('journal', 'verify', '--journal', file);
    expect(r.code, r.stdout).toBe(1);
    expect(r.json).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it('detects the last events deleted (the head is anchored beside the backups)', () => {
    const file = filledJournal();
    const b = kiosk('backup', '--journal', file, '--out', `${file}.bak`);
    expect(b.code, b.stderr).toBe(0);
    tamper(file, 'DROP TRIGGER events_no_delete; DELETE FROM events WHERE id > 10');
    const r = kiosk('journal', 'verify', '--journal', file);
    expect(r.code, r.stdout).toBe(1);
    expect(r.json).toMatchObject({ ok: false });
    expect(r.stderr).toMatch(/anchor/);
    expect(r.stderr).toMatch(/12 events/);
  });

  it('detects an event rewritten by someone holding the key, at the anchored head', () => {
    const file = filledJournal();
    expect(kiosk('backup', '--journal', file, '--out', `${file}.bak`).code).toBe(0);
    tamper(file, "DROP TRIGGER events_no_update; UPDATE events SET payload = json_set(payload, '$.amountMinor', 1) WHERE id = 3");
    const { key } = JSON.parse(readFileSync(`${file}.key`, 'utf8')) as { key: string };
    recomputeFrom(file, 3, (prev, r) =>
      createHmac('sha256', Buffer.from(key, 'base64'))
        .update(JSON.stringify([prev, r.at, r.kind, r.subject, r.payload]))
        .digest('hex'),
    );
    const r = kiosk('journal', 'verify', '--journal', file);
    expect(r.code, r.stdout).toBe(1);
    expect(r.stderr).toMatch(/anchor/);
  });

  it.each([
    ['its auth code edited', "UPDATE payments SET auth_code = 'X999' WHERE id = 'pay-2'", 'pay-2'],
    ['its masked PAN edited', "UPDATE payments SET masked_pan = '5555********4444' WHERE id = 'pay-2'", 'pay-2'],
    ['its receipt lines edited', "UPDATE payments SET receipt_lines = '[\"forged\"]' WHERE id = 'pay-4'", 'pay-4'],
    ['its amount edited', "DROP TRIGGER payments_request_immutable; UPDATE payments SET amount_minor = 1 WHERE id = 'pay-2'", 'pay-2'],
    ['its state rolled back', "DROP TRIGGER payments_legal_transition; UPDATE payments SET state = 'declined' WHERE id = 'pay-2'", 'pay-2'],
    ['a declined payment deleted', "DELETE FROM payments WHERE id = 'pay-3'", 'pay-3'],
    ['an approved payment deleted', "DROP TRIGGER payments_no_delete_pending; DELETE FROM payments WHERE id = 'pay-5'", 'pay-5'],
    [
      'a payment inserted with no events',
      `INSERT INTO payments (id, kiosk_id, terminal_id, protocol, amount_minor, currency, state, auth_code, created_at, updated_at)
       VALUES ('pay-forged', 'K1', 'terminal', 'zvt', 9900, 'EUR', 'approved', 'A9', '2026-03-02T10:00:00.000Z', '2026-03-02T10:00:00.000Z')`,
      'pay-forged',
    ],
    [
      'personal data removed without a recorded purge',
      "UPDATE payments SET masked_pan = NULL, receipt_lines = NULL, personal_purged_at = '2026-03-03T00:00:00.000Z' WHERE id = 'pay-1'",
      'pay-1',
    ],
  ])('detects a payments row with %s', (_what, sql, id) => {
    const file = filledJournal();
    tamper(file, sql);
    const r = kiosk('journal', 'verify', '--journal', file);
    expect(r.code, r.stdout).toBe(1);
    expect(r.json.ok).toBe(false);
    expect(r.stderr).toContain(id);
  });

  it('does not call a recorded retention purge tampering', () => {
    const file = filledJournal();
    const db = openJournal(file);
    const purged = purgePersonalData(db, { olderThanDays: 1, now: new Date(Date.now() + 3 * 86_400_000) });
    db.close();
    expect(purged.paymentsPurged).toBe(5);
    const r = kiosk('journal', 'verify', '--journal', file);
    expect(r.code, r.stderr).toBe(0);
  });

  it('keeps verifying a journal written by an older version (unkeyed chain), and keys what comes after', () => {
    const dir = join(t.dir, 'legacy');
    mkdirSync(dir);
    const file = join(dir, 'journal.sqlite');
    // Schema 8 (the last before the keyed chain) written as the previous release did: no key, unkeyed chain.
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    migrate(old, loadMigrations(), 8);
    fill(old);
    old.close();
    const db = openJournal(file);
    recordIntent(db, { id: 'pay-new', kioskId: 'K1', terminalId: 'terminal', protocol: 'zvt', amountMinor: 2500, currency: 'EUR', reference: 'ET-9' });
    transition(db, 'pay-new', 'approved', { authCode: 'B1', maskedPan: '4111********1111' }, 'service');
    db.close();
    const ok = kiosk('journal', 'verify', '--journal', file);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.json).toMatchObject({ ok: true, keyedFrom: 13 });
    // An old payment row is covered from the upgrade on.
    tamper(file, "UPDATE payments SET auth_code = 'X1' WHERE id = 'pay-1'");
    const r = kiosk('journal', 'verify', '--journal', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('pay-1');
  });

  it('recomputing the keyed part with the unkeyed formula is detected in an upgraded journal', () => {
    const dir = join(t.dir, 'legacy2');
    mkdirSync(dir);
    const file = join(dir, 'journal.sqlite');
    const old = new Database(file);
    migrate(old, loadMigrations(), 8);
    fill(old);
    old.close();
    const db = openJournal(file);
    appendEvent(db, { kind: 'test.after-upgrade', payload: { n: 2 } });
    db.close();
    tamper(file, "DROP TRIGGER events_no_update; UPDATE events SET payload = json_set(payload, '$.n', 3) WHERE kind = 'test.after-upgrade'");
    const last = (() => {
      const d = new Database(file, { readonly: true });
      const r = d.prepare("SELECT id FROM events WHERE kind = 'test.after-upgrade'").get() as { id: number };
      d.close();
      return r.id;
    })();
    recomputeFrom(file, last);
    const r = kiosk('journal', 'verify', '--journal', file);
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ brokenAt: last });
  });

  it('says clearly when the chain key is missing, and never makes a new one for a keyed journal', () => {
    const file = filledJournal();
    rmSync(`${file}.key`);
    const r = kiosk('journal', 'verify', '--journal', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/journal\.sqlite\.key.*missing/);
    expect(r.stderr).toMatch(/backup/);
    expect(() => openJournal(file)).toThrow(/key.*missing/);
    expect(existsSync(`${file}.key`)).toBe(false);
  });
});

describe('kiosk db migrate', () => {
  it('creates a data folder that does not exist yet, mode 0700 (issue 12, item 15)', () => {
    const dir = join(t.dir, 'new-data', 'nested');
    const r = kiosk('db', 'migrate', '--data', dir);
    expect(r.code, r.stderr).toBe(0);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(existsSync(join(dir, 'journal.sqlite'))).toBe(true);
    expect(statSync(join(dir, 'journal.sqlite.key')).mode & 0o777).toBe(0o600);
    expect(kiosk('journal', 'verify', '--data', dir).code).toBe(0);
  });
});

describe('kiosk backup and restore', () => {
  const live = join(t.dir, 'live.sqlite');
  const backup = join(t.dir, 'b1.sqlite');
  beforeAll(() => {
    const db = openJournal(live);
    fill(db);
    db.close();
  });

  it('backs up, checks the copy, and restores the same journal; the old one is kept aside', () => {
    const b = kiosk('backup', '--journal', live, '--out', backup);
    expect(b.code, b.stderr).toBe(0);
    expect(b.json).toMatchObject({ ok: true, events: 12, payments: 5 });
    expect(statSync(backup).mode & 0o777).toBe(0o600);
    // The backup carries the chain key (0600).
    expect(readFileSync(`${backup}.key`)).toEqual(readFileSync(`${live}.key`));
    expect(statSync(`${backup}.key`).mode & 0o777).toBe(0o600);
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
    // The restored journal verifies against its key and the anchor the restore wrote for it.
    const v = kiosk('journal', 'verify', '--journal', live);
    expect(v.code, v.stderr).toBe(0);
    expect(v.json).toMatchObject({ anchor: { count: 12 } });
    expect(readFileSync(`${live}.key`)).toEqual(readFileSync(`${backup}.key`));
  });

  it('leaves no temporary file behind (issue 12, item 14)', () => {
    const file = filledJournal();
    const dir = join(t.dir, `j${n}`);
    const out = join(dir, 'out');
    mkdirSync(out);
    const b = kiosk('backup', '--journal', file, '--out', join(out, 'copy.sqlite'));
    expect(b.code, b.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['copy.sqlite', 'copy.sqlite.key']);
    expect(readdirSync(dir).filter((f) => f.includes('partial') || f.includes('restoring'))).toEqual([]);
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
      // The unit is kiosk-daemon (deploy/kiosk-daemon.service), not kiosk (issue 12, item 16).
      expect(existsSync(join(ROOT, 'deploy', 'kiosk-daemon.service'))).toBe(true);
      expect(r.stderr).toMatch(/systemctl stop kiosk-daemon\b/);
    } finally {
      await daemon.close();
    }
  });
});
