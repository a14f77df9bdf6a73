// Refund rows are sealed like payment rows (store/payment-seal.ts): `kiosk journal verify` finds one edited, rolled
// back, deleted, inserted or purged behind the software, and accepts the retention purge it recorded.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openConnection, openJournal, type Db } from './db';
import { appendEvent } from './events';
import { recordETimbreReference } from './etimbre';
import { recordIntent, transition } from './payments';
import { recordRefundIntent, transitionRefund } from './refunds';
import { purgePersonalData } from './retention';
import { verifyJournal } from './verify';
import { loadMigrations, migrate } from './migrations';
import { attachChainKey } from './journal-keying';
import { tempDir } from '../test/support/tmp';

let dir: string;
let cleanup: () => void;
let file: string;
beforeEach(() => {
  ({ dir, cleanup } = tempDir('refund-seal-'));
  file = join(dir, 'journal.sqlite');
});
afterEach(() => cleanup());

const LINES = ['REMBOURSEMENT', 'CARTE ************1111', 'MONTANT 30,00 EUR'];

function approved(db: Db, id: string, reference: string): void {
  recordETimbreReference(db, {
    reference,
    consulate: 'FR-PAR',
    kioskId: 'K1',
    amountMinor: 3000,
    currency: 'EUR',
    services: ['passport'],
    persons: 1,
    appointmentId: null,
    at: new Date(),
  });
  expect(recordIntent(db, { id, kioskId: 'K1', terminalId: 'T1', protocol: 'zvt', amountMinor: 3000, currency: 'EUR', reference }).ok).toBe(true);
  expect(transition(db, id, 'approved', { receiptNo: id.slice(-4), approvedAmountMinor: 3000, approvedCurrency: 'EUR' }, 'service').ok).toBe(true);
}

/** A journal with two payments: rf-1 refunded (with the terminal's receipt lines), rf-2 declined. */
function filled(): void {
  const db = openJournal(file);
  approved(db, 'pay-0001', 'E-1');
  approved(db, 'pay-0002', 'E-2');
  const ask = { method: 'refund' as const, kioskId: 'K1', terminalId: 'T1', why: 'service not delivered', requestedBy: 'sup-1' };
  expect(recordRefundIntent(db, { ...ask, id: 'rf-1', paymentId: 'pay-0001' }).ok).toBe(true);
  expect(transitionRefund(db, 'rf-1', 'sent', {}, 'service').ok).toBe(true);
  expect(transitionRefund(db, 'rf-1', 'refunded', { receiptNo: '0099', authCode: 'R1', receiptLines: LINES, terminalAmountMinor: 3000 }, 'service').ok).toBe(
    true,
  );
  expect(recordRefundIntent(db, { ...ask, id: 'rf-2', paymentId: 'pay-0002', amountMinor: 1000 }).ok).toBe(true);
  expect(transitionRefund(db, 'rf-2', 'declined', { reason: 'card refused' }, 'service').ok).toBe(true);
  db.close();
}

/** What someone editing the file with the sqlite3 shell does, behind the software. */
function tamper(sql: string): void {
  const db = new Database(file);
  db.pragma('foreign_keys = OFF');
  db.exec(sql);
  db.close();
}

function verify() {
  const db = openJournal(file);
  try {
    return verifyJournal(db);
  } finally {
    db.close();
  }
}

describe('refund rows in the tamper seal', () => {
  it('an intact journal verifies, refunds counted', () => {
    filled();
    expect(verify()).toMatchObject({ status: 'ok', problems: [], refunds: { checked: 2 } });
  });

  it.each([
    ['its receipt number edited', "UPDATE refunds SET receipt_no = '0100' WHERE id = 'rf-1'", 'rf-1'],
    ['its receipt lines edited', `UPDATE refunds SET receipt_lines = '["REMBOURSEMENT","MONTANT 300,00 EUR"]' WHERE id = 'rf-1'`, 'rf-1'],
    ['its amount edited', "DROP TRIGGER refunds_request_immutable; UPDATE refunds SET amount_minor = 100 WHERE id = 'rf-2'", 'rf-2'],
    ['its state moved on', "DROP TRIGGER refunds_legal_transition; UPDATE refunds SET state = 'refunded' WHERE id = 'rf-2'", 'rf-2'],
    ['a refund deleted', "DROP TRIGGER refunds_no_delete; DELETE FROM refunds WHERE id = 'rf-2'", 'rf-2'],
    [
      'a refund inserted with no events',
      `INSERT INTO refunds (id, payment_id, method, kiosk_id, terminal_id, protocol, amount_minor, currency, why, requested_by, state, created_at, updated_at)
       VALUES ('rf-forged', 'pay-0002', 'refund', 'K1', 'T1', 'zvt', 500, 'EUR', 'w', 's', 'refunded', 'a', 'a')`,
      'rf-forged',
    ],
    [
      'its receipt lines removed without a recorded purge',
      "UPDATE refunds SET receipt_lines = NULL, personal_salt = NULL, personal_purged_at = '2026-03-03T00:00:00.000Z' WHERE id = 'rf-1'",
      'rf-1',
    ],
  ])('detects a refunds row with %s', (_what, sql, id) => {
    filled();
    tamper(sql);
    const v = verify();
    expect(v.status).toBe('tampered');
    expect(v.problems.join('\n')).toContain(`refund ${id}:`);
  });

  it('accepts the purge retention recorded; the purged lines cannot be written back', () => {
    filled();
    const db = openJournal(file);
    expect(purgePersonalData(db, { olderThanDays: 1, now: new Date(Date.now() + 3 * 86_400_000) })).toMatchObject({ refundsPurged: 2 });
    expect(() => db.prepare(`UPDATE refunds SET receipt_lines = '["x"]' WHERE id = 'rf-1'`).run()).toThrow(/purged by retention/);
    db.close();
    expect(verify()).toMatchObject({ status: 'ok', problems: [] });
  });

  it('refunds written before they were sealed (schema 022) are sealed by the upgrade, and covered from then on', () => {
    closeSync(openSync(file, 'a', 0o600));
    const old = openConnection(file);
    migrate(old, loadMigrations(), 22);
    attachChainKey(old, { create: true });
    approved(old, 'pay-0001', 'E-1');
    // What version 022 wrote: the row and its events, no seal.
    old
      .prepare(
        `INSERT INTO refunds (id, payment_id, method, kiosk_id, terminal_id, protocol, amount_minor, currency, etimbre_reference, why, requested_by,
                              state, created_at, updated_at)
         VALUES ('rf-old', 'pay-0001', 'refund', 'K1', 'T1', 'zvt', 3000, 'EUR', 'E-1', 'w', 'sup-1', 'intent', '2026-12-01T10:00:00.000Z', 'x')`,
      )
      .run();
    appendEvent(old, {
      kind: 'refund.intent',
      subject: 'rf-old',
      at: new Date('2026-12-01T10:00:00.000Z'),
      payload: {
        paymentId: 'pay-0001',
        method: 'refund',
        kioskId: 'K1',
        terminalId: 'T1',
        amountMinor: 3000,
        currency: 'EUR',
        etimbreReference: 'E-1',
        why: 'w',
        requestedBy: 'sup-1',
      },
    });
    old.close();
    expect(verify()).toMatchObject({ status: 'ok', refunds: { checked: 1 } });
    tamper("UPDATE refunds SET receipt_no = '0100' WHERE id = 'rf-old'");
    expect(verify().problems.join('\n')).toMatch(/refund rf-old: the row no longer matches the seal/);
  });
});
