import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openJournal, type Db } from '../db';
import { loadMigrations, migrate } from '../migrations';
import { recordIntent, transition } from '../payments';
import { cardReceiptsFor, printableReceipts, recordCardReceipts } from '../card-receipts';
import { purgePersonalData } from '../retention';
import { tempDir } from '../../test/support/tmp';

// The number is a placeholder the coordinator renumbers at merge: read it from the file name.
const VERSION = loadMigrations().find((m) => m.name === 'card_receipts')!.version;

let dir: string;
let cleanup: () => void;
let db: Db;
beforeEach(() => {
  ({ dir, cleanup } = tempDir('mig-card-receipts-'));
  db = openJournal(join(dir, 'j.sqlite'));
});
afterEach(() => {
  db.close();
  cleanup();
});

function approved(id: string, at = new Date('2026-03-02T09:00:00Z')): void {
  recordIntent(db, { id, kioskId: 'K1', terminalId: 'T1', protocol: 'zvt', amountMinor: 1250, currency: 'EUR' }, at);
  transition(db, id, 'approved', { authCode: 'A1', maskedPan: '541333******4111' }, 'service', { at });
}

describe(`migration ${VERSION}: card receipts`, () => {
  it('adds the table to a journal written by the previous version', () => {
    const old = new Database(join(dir, 'old.sqlite'));
    migrate(old, loadMigrations(), VERSION - 1);
    expect(old.prepare("SELECT name FROM sqlite_master WHERE name = 'card_receipts'").get()).toBeUndefined();
    expect(migrate(old, loadMigrations(), VERSION)).toEqual({ from: VERSION - 1, to: VERSION });
    expect(old.prepare("SELECT name FROM sqlite_master WHERE name = 'card_receipts'").get()).toEqual({ name: 'card_receipts' });
    old.close();
  });

  it('stores the copies masked, in order, once, and says so in the chained journal without their text', () => {
    approved('pay-1');
    const n = recordCardReceipts(db, 'pay-1', [
      { copy: 'merchant', lines: ['MERCHANT', 'VISA 4111 1111 1111 1111'] },
      { copy: 'customer', lines: ['CUSTOMER', 'VISA 4111111111111111'] },
    ]);
    expect(n).toBe(2);
    expect(recordCardReceipts(db, 'pay-1', [{ copy: 'customer', lines: ['again'] }])).toBe(0);
    expect(cardReceiptsFor(db, 'pay-1').map((r) => [r.seq, r.copy, r.lines])).toEqual([
      [0, 'merchant', ['MERCHANT', 'VISA **** **** **** 1111']],
      [1, 'customer', ['CUSTOMER', 'VISA ************1111']],
    ]);
    const ev = db.prepare("SELECT payload FROM events WHERE kind = 'payment.card-receipts' AND subject = 'pay-1'").get() as { payload: string };
    expect(JSON.parse(ev.payload)).toEqual({ copies: ['merchant', 'customer'] });
    expect(ev.payload).not.toMatch(/1111/);
  });

  it('refuses a full PAN written past the service, any change but the purge, and deletes', () => {
    approved('pay-2');
    const insert = "INSERT INTO card_receipts (payment_id, seq, copy, lines, created_at) VALUES ('pay-2', ?, 'customer', ?, 'x')";
    expect(() => db.prepare(insert).run(0, JSON.stringify(['4111111111111111']))).toThrow(/CHECK/);
    db.prepare(insert).run(0, JSON.stringify(['ok']));
    expect(() => db.prepare("UPDATE card_receipts SET lines = '[\"other\"]' WHERE payment_id = 'pay-2'").run()).toThrow(/written once/);
    expect(() => db.prepare("UPDATE card_receipts SET copy = 'merchant' WHERE payment_id = 'pay-2'").run()).toThrow(/written once/);
    expect(() => db.prepare("DELETE FROM card_receipts WHERE payment_id = 'pay-2'").run()).toThrow(/never deleted/);
    expect(() => db.prepare("INSERT INTO card_receipts (payment_id, seq, copy, lines, created_at) VALUES ('pay-2', 1, 'bank', '[]', 'x')").run()).toThrow(
      /CHECK/,
    );
  });

  it('the retention purge clears the lines of old payments and keeps the rows', () => {
    approved('pay-old', new Date('2026-01-01T10:00:00Z'));
    approved('pay-new', new Date('2026-05-30T10:00:00Z'));
    recordCardReceipts(db, 'pay-old', [{ copy: 'customer', lines: ['OLD'] }]);
    recordCardReceipts(db, 'pay-new', [{ copy: 'customer', lines: ['NEW'] }]);
    const r = purgePersonalData(db, { olderThanDays: 30, now: new Date('2026-06-01T00:00:00Z') });
    expect(r.cardReceiptsPurged).toBe(1);
    expect(cardReceiptsFor(db, 'pay-old')).toMatchObject([{ copy: 'customer', lines: null }]);
    expect(printableReceipts(db, 'pay-old')).toEqual([]);
    expect(printableReceipts(db, 'pay-new')).toEqual([{ copy: 'customer', lines: ['NEW'] }]);
  });
});
