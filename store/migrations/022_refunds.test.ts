import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadMigrations, migrate } from '../migrations';
import { tempDir } from '../../test/support/tmp';

// The one place this migration's number is written (renumbered from the placeholder 092 at merge).
const VERSION = 22;

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('mig022-')));
afterEach(() => cleanup());

describe(`migration ${VERSION}: refunds`, () => {
  it('adds the refunds table and the eTimbre refund marks to a journal written by the previous version', () => {
    const db = new Database(join(dir, 'j.sqlite'));
    migrate(db, loadMigrations(), VERSION - 1);
    db.prepare(
      `INSERT INTO etimbre_references (reference, consulate, kiosk_id, amount_minor, currency, services, persons, issued_at)
       VALUES ('E-1', 'FR-PAR', 'K1', 3000, 'EUR', '[]', 1, '2026-12-01T10:00:00.000Z')`,
    ).run();
    db.prepare(
      `INSERT INTO payments (id, kiosk_id, terminal_id, protocol, amount_minor, currency, reference, state, created_at, updated_at, sent_at)
       VALUES ('pay-1', 'K1', 'T1', 'zvt', 3000, 'EUR', 'E-1', 'approved', 'a', 'a', 'a')`,
    ).run();
    expect(migrate(db, loadMigrations(), VERSION)).toEqual({ from: VERSION - 1, to: VERSION });
    expect(db.prepare("SELECT refunded_minor, voided_at FROM etimbre_references WHERE reference = 'E-1'").get()).toEqual({
      refunded_minor: 0,
      voided_at: null,
    });
    const insert = db.prepare(
      `INSERT INTO refunds (id, payment_id, method, kiosk_id, terminal_id, protocol, amount_minor, currency, why, requested_by, state, created_at, updated_at)
       VALUES (?, 'pay-1', 'reversal', 'K1', 'T1', 'zvt', ?, ?, 'wrong fee', 'sup', 'intent', 'b', 'b')`,
    );
    expect(() => insert.run('rf-1', 3000, 'MAD')).toThrow(/in its currency/);
    insert.run('rf-1', 3000, 'EUR');
    // intent → not_sent frees the amount; sent → not_sent is refused (the request may have been acted on).
    db.prepare("UPDATE refunds SET state = 'not_sent' WHERE id = 'rf-1'").run();
    insert.run('rf-2', 3000, 'EUR');
    db.prepare("UPDATE refunds SET state = 'sent', sent_at = 'c' WHERE id = 'rf-2'").run();
    expect(() => db.prepare("UPDATE refunds SET state = 'not_sent' WHERE id = 'rf-2'").run()).toThrow(/illegal state transition/);
    db.close();
  });
});
