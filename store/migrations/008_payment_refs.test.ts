import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openJournal, type Db } from '../db';
import { loadMigrations, migrate } from '../migrations';
import { recordIntent, transition } from '../payments';
import { tempDir } from '../../test/support/tmp';

let dir: string;
let cleanup: () => void;
let db: Db;
beforeEach(() => {
  const t = tempDir('mig008-');
  dir = t.dir;
  cleanup = t.cleanup;
  db = openJournal(join(dir, 'j.sqlite'));
});
afterEach(() => {
  db.close();
  cleanup();
});

const intent = (id: string, terminalId = 'T1') =>
  recordIntent(
    db,
    { id, kioskId: 'K1', terminalId, protocol: 'concert', amountMinor: 1250, currency: 'EUR', businessDay: '2026-03-02' },
    new Date('2026-03-02T09:00:00Z'),
  );

describe("migration 008: short references and the terminal's answer", () => {
  it('adds the columns to a journal written by the previous version, its rows keeping NULL', () => {
    const old = new Database(join(dir, 'old.sqlite'));
    migrate(old, loadMigrations(), 7);
    old
      .prepare(
        `INSERT INTO payments (id, kiosk_id, terminal_id, protocol, amount_minor, currency, state, created_at, updated_at)
         VALUES ('old-1', 'K1', 'T1', 'zvt', 100, 'EUR', 'declined', 'x', 'x')`,
      )
      .run();
    expect(migrate(old, loadMigrations())).toEqual({ from: 7, to: loadMigrations().length });
    expect(
      old.prepare("SELECT short_ref, short_ref_day, approved_amount_minor, approved_currency, terminal_data FROM payments WHERE id = 'old-1'").get(),
    ).toEqual({
      short_ref: null,
      short_ref_day: null,
      approved_amount_minor: null,
      approved_currency: null,
      terminal_data: null,
    });
    old.close();
  });

  it('keeps a short reference printable, at most 10 characters, and unique per terminal and day', () => {
    intent('pay-1');
    expect(() => db.prepare("UPDATE payments SET short_ref = 'X' WHERE id = 'pay-1'").run()).toThrow(/never change/);
    const insert = (id: string, ref: string, terminal = 'T1', day = '2026-03-02') =>
      db
        .prepare(
          `INSERT INTO payments (id, kiosk_id, terminal_id, protocol, amount_minor, currency, state, created_at, updated_at, short_ref, short_ref_day)
           VALUES (?, 'K1', ?, 'concert', 1, 'EUR', 'declined', 'x', 'x', ?, ?)`,
        )
        .run(id, terminal, ref, day);
    expect(() => insert('pay-2', '0203-00001')).not.toThrow();
    expect(() => insert('pay-3', '0203-00001')).toThrow(/UNIQUE/);
    expect(() => insert('pay-4', '0203-00001', 'T2')).not.toThrow();
    expect(() => insert('pay-5', '0203-00001', 'T1', '2027-03-02')).not.toThrow();
    expect(() => insert('pay-6', 'ABCDEFGHIJK')).toThrow(/CHECK/);
    expect(() => insert('pay-7', 'tab\there')).toThrow(/CHECK/);
    expect(() => insert('pay-8', '')).toThrow(/CHECK/);
  });

  it('never changes what the terminal answered once it is journaled', () => {
    intent('pay-1');
    transition(db, 'pay-1', 'sent', {}, 'service');
    transition(db, 'pay-1', 'unknown', { approvedAmountMinor: 1500, approvedCurrency: 'EUR', terminalData: 'AUTH123456' }, 'service');
    for (const set of ['approved_amount_minor = 1250', "approved_currency = 'MAD'", "terminal_data = 'OTHER'", 'approved_amount_minor = NULL']) {
      expect(() => db.prepare(`UPDATE payments SET ${set} WHERE id = 'pay-1'`).run(), set).toThrow(/terminal's answer/);
    }
    expect(() => db.prepare("UPDATE payments SET approved_amount_minor = 1.5 WHERE id = 'pay-1'").run()).toThrow();
  });

  it('keeps the request immutable and the retention purge possible', () => {
    intent('pay-1');
    transition(db, 'pay-1', 'declined', {}, 'service');
    expect(() => db.prepare("UPDATE payments SET amount_minor = 1 WHERE id = 'pay-1'").run()).toThrow(/never change/);
    expect(() => db.prepare("UPDATE payments SET short_ref_day = '2026-03-03' WHERE id = 'pay-1'").run()).toThrow(/never change/);
    expect(() => db.prepare("UPDATE payments SET reference = NULL, personal_purged_at = 'now' WHERE id = 'pay-1'").run()).not.toThrow();
  });
});
