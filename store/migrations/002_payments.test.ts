import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJournal, type Db } from '../db';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mig002-'));
  db = openJournal(join(dir, 'j.sqlite'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const NOW = '2025-05-12T08:30:00.000Z';
function insert(over: Record<string, unknown> = {}): void {
  const row = {
    id: 'pay-0001',
    kiosk_id: 'K1',
    terminal_id: 'T1',
    protocol: 'concert',
    amount_minor: 1250,
    currency: 'EUR',
    state: 'intent',
    created_at: NOW,
    updated_at: NOW,
    sent_at: null,
    ...over,
  };
  const cols = Object.keys(row);
  db.prepare(`INSERT INTO payments (${cols.join(', ')}) VALUES (${cols.map((c) => '@' + c).join(', ')})`).run(row);
}
const setState = (id: string, state: string, extra = '') => db.prepare(`UPDATE payments SET state = ?${extra} WHERE id = ?`).run(state, id);

describe('002_payments migration', () => {
  it('creates the payments table with its indexes and triggers', () => {
    const names = (db.prepare("SELECT name FROM sqlite_master WHERE tbl_name = 'payments'").all() as Array<{ name: string }>).map((r) => r.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'payments',
        'payments_one_open_per_terminal',
        'payments_legal_transition',
        'payments_request_immutable',
        'payments_no_delete_pending',
      ]),
    );
  });

  it('accepts a well-formed intent', () => {
    insert();
    expect(db.prepare('SELECT state FROM payments').get()).toEqual({ state: 'intent' });
  });

  it.each([
    ['a float amount', { amount_minor: 12.5 }],
    ['a zero amount', { amount_minor: 0 }],
    ['a negative amount', { amount_minor: -100 }],
    ['a text amount', { amount_minor: '12.50 EUR' }],
    ['a lower-case currency', { currency: 'eur' }],
    ['an unknown protocol', { protocol: 'ep2' }],
    ['an unknown state', { state: 'pending' }],
    ['an id with spaces', { id: 'pay 0001' }],
    ['an intent with a send time', { sent_at: NOW }],
    ['a sent row without a send time', { state: 'sent' }],
    ['a settled row without who/why', { state: 'settled_not_charged' }],
    ['receipt lines that are not a JSON array', { receipt_lines: '{"a":1}' }],
  ])('refuses %s', (_what, over) => {
    expect(() => insert(over)).toThrow(/CHECK constraint/);
  });

  it('allows one open payment per terminal, any number of closed ones', () => {
    insert({ id: 'pay-0001' });
    expect(() => insert({ id: 'pay-0002' })).toThrow(/UNIQUE constraint/);
    insert({ id: 'pay-0003', terminal_id: 'T2' });
    setState('pay-0001', 'not_sent');
    insert({ id: 'pay-0002' });
    setState('pay-0002', 'sent', `, sent_at = '${NOW}'`);
    expect(() => insert({ id: 'pay-0004' })).toThrow(/UNIQUE constraint/);
    setState('pay-0002', 'unknown');
    insert({ id: 'pay-0004' });
  });

  it('refuses illegal state transitions in the trigger', () => {
    insert();
    expect(() => setState('pay-0001', 'settled_not_charged', ", settled_by = 'x', settled_at = 'y', settle_reason = 'z'")).toThrow(/illegal state transition/);
    setState('pay-0001', 'sent', `, sent_at = '${NOW}'`);
    expect(() => setState('pay-0001', 'not_sent')).toThrow(/illegal state transition/);
    expect(() => setState('pay-0001', 'intent', ', sent_at = NULL')).toThrow(/illegal state transition/);
    setState('pay-0001', 'approved');
    for (const s of ['declined', 'unknown', 'sent', 'settled_approved']) expect(() => setState('pay-0001', s)).toThrow(/illegal state transition/);
  });

  it('requires an authorisation code and who/when/why to settle as approved', () => {
    insert();
    setState('pay-0001', 'unknown');
    expect(() => setState('pay-0001', 'settled_approved', ", settled_by = 'amina', settled_at = 'now', settle_reason = 'journal'")).toThrow(/CHECK constraint/);
    setState('pay-0001', 'settled_approved', ", auth_code = '123456', settled_by = 'amina', settled_at = 'now', settle_reason = 'terminal journal'");
  });

  it('keeps the request fields immutable', () => {
    insert();
    expect(() => db.prepare('UPDATE payments SET amount_minor = 1 WHERE id = ?').run('pay-0001')).toThrow(/never change/);
    expect(() => db.prepare("UPDATE payments SET currency = 'MAD' WHERE id = ?").run('pay-0001')).toThrow(/never change/);
    expect(() => db.prepare("UPDATE payments SET reference = 'x' WHERE id = ?").run('pay-0001')).toThrow(/never change/);
  });

  it('never deletes an open payment or one that took money, but may purge a not-charged one', () => {
    insert({ id: 'pay-0001' });
    expect(() => db.prepare('DELETE FROM payments WHERE id = ?').run('pay-0001')).toThrow(/never deleted/);
    setState('pay-0001', 'approved');
    expect(() => db.prepare('DELETE FROM payments WHERE id = ?').run('pay-0001')).toThrow(/never deleted/);
    insert({ id: 'pay-0002' });
    setState('pay-0002', 'declined');
    expect(db.prepare('DELETE FROM payments WHERE id = ?').run('pay-0002').changes).toBe(1);
  });
});
