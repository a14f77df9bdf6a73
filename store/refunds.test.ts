import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openJournal, type Db } from './db';
import { recentEvents } from './events';
import { recordETimbreReference } from './etimbre';
import { recordIntent, transition } from './payments';
import { etimbreRefundState, pendingRefunds, recordRefundIntent, refundable, transitionRefund, type NewRefund } from './refunds';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

let dir: string;
let file: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'refunds-'));
  file = join(dir, 'j.sqlite');
  db = openJournal(file);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** An approved payment of 3000 paying eTimbre reference E-1. */
function approved(id = 'pay-0001', reference = 'E-1'): void {
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
  expect(transition(db, id, 'sent', {}, 'service').ok).toBe(true);
  expect(transition(db, id, 'approved', { receiptNo: '0001', approvedAmountMinor: 3000, approvedCurrency: 'EUR' }, 'service').ok).toBe(true);
}

const ask = (over: Partial<NewRefund> = {}): NewRefund => ({
  id: 'rf-0001',
  paymentId: 'pay-0001',
  method: 'refund',
  kioskId: 'K1',
  terminalId: 'T1',
  why: 'service not delivered',
  requestedBy: 'sup-1',
  ...over,
});

describe('refund journal', () => {
  it('intent → sent → refunded; the eTimbre reference is voided once all of it went back', () => {
    approved();
    const r = recordRefundIntent(db, ask());
    expect(r).toMatchObject({ ok: true, refund: { state: 'intent', amountMinor: 3000, etimbreReference: 'E-1', currency: 'EUR' } });
    expect(transitionRefund(db, 'rf-0001', 'sent', {}, 'service').ok).toBe(true);
    expect(transitionRefund(db, 'rf-0001', 'refunded', { receiptNo: '0002', terminalAmountMinor: 3000 }, 'service')).toMatchObject({
      ok: true,
      refund: { state: 'refunded', receiptNo: '0002' },
    });
    expect(etimbreRefundState(db, 'E-1')).toMatchObject({ refundedMinor: 3000, voidedAt: expect.any(String) });
    expect(recentEvents(db, { limit: 10 }).map((e) => e.kind)).toEqual(
      expect.arrayContaining(['refund.intent', 'refund.sent', 'refund.refunded', 'etimbre.voided']),
    );
    // Nothing left: a second refund is refused as a value.
    expect(recordRefundIntent(db, ask({ id: 'rf-0002' }))).toMatchObject({ ok: false, reason: 'too-much' });
  });

  it('partial refunds add up to at most the approved amount; the reference is marked, not voided, until then', () => {
    approved();
    expect(recordRefundIntent(db, ask({ amountMinor: 1000 })).ok).toBe(true);
    expect(transitionRefund(db, 'rf-0001', 'refunded', {}, 'service').ok).toBe(true);
    expect(etimbreRefundState(db, 'E-1')).toEqual({ refundedMinor: 1000, voidedAt: null });
    expect(recordRefundIntent(db, ask({ id: 'rf-0002', amountMinor: 2001 }))).toMatchObject({ ok: false, reason: 'too-much' });
    expect(recordRefundIntent(db, ask({ id: 'rf-0002' }))).toMatchObject({ ok: true, refund: { amountMinor: 2000 } });
    expect(refundable(db, { id: 'pay-0001', amountMinor: 3000, approvedAmountMinor: 3000, approvedCurrency: 'EUR', currency: 'EUR' } as never)).toMatchObject({
      committedMinor: 3000,
      refundedMinor: 1000,
      leftMinor: 0,
    });
  });

  it('a declined or not-sent refund frees the amount again; an unknown one keeps it and blocks the payment', () => {
    approved();
    expect(recordRefundIntent(db, ask()).ok).toBe(true);
    expect(transitionRefund(db, 'rf-0001', 'declined', { reason: 'card refused' }, 'service').ok).toBe(true);
    expect(recordRefundIntent(db, ask({ id: 'rf-0002' })).ok).toBe(true);
    expect(transitionRefund(db, 'rf-0002', 'sent', {}, 'service').ok).toBe(true);
    expect(transitionRefund(db, 'rf-0002', 'unknown', { reason: 'answer lost' }, 'service').ok).toBe(true);
    expect(pendingRefunds(db).map((r) => r.id)).toEqual(['rf-0002']);
    expect(recordRefundIntent(db, ask({ id: 'rf-0003', amountMinor: 1 }))).toMatchObject({ ok: false, reason: 'refund-open' });
    // Once acknowledged, never "not sent": the journal refuses the move.
    expect(transitionRefund(db, 'rf-0002', 'not_sent', {}, 'service')).toMatchObject({ ok: false, reason: 'illegal-transition' });
    expect(transitionRefund(db, 'rf-0002', 'settled_not_refunded', { settledBy: 'sup-2', settleReason: 'terminal journal: no credit' }, 'staff').ok).toBe(true);
    expect(recordRefundIntent(db, ask({ id: 'rf-0003' })).ok).toBe(true);
  });

  it('only an approved payment is refunded; the same refund id is never sent twice', () => {
    expect(recordRefundIntent(db, ask())).toMatchObject({ ok: false, reason: 'not-found' });
    expect(recordIntent(db, { id: 'pay-0009', kioskId: 'K1', terminalId: 'T1', protocol: 'zvt', amountMinor: 500, currency: 'EUR' }).ok).toBe(true);
    expect(transition(db, 'pay-0009', 'declined', {}, 'service').ok).toBe(true);
    expect(recordRefundIntent(db, ask({ paymentId: 'pay-0009' }))).toMatchObject({ ok: false, reason: 'not-refundable' });
    approved();
    expect(recordRefundIntent(db, ask({ amountMinor: 100 })).ok).toBe(true);
    expect(recordRefundIntent(db, ask({ amountMinor: 100 }))).toMatchObject({ ok: false, reason: 'duplicate-id' });
  });

  it('a test payment is never refunded; kiosk setup may reverse its own test payment, whole, and nothing else', () => {
    expect(recordIntent(db, { id: 'pay-test', kioskId: 'K1', terminalId: 'T1', protocol: 'zvt', amountMinor: 1, currency: 'EUR', isTest: true }).ok).toBe(true);
    expect(transition(db, 'pay-test', 'sent', {}, 'service').ok).toBe(true);
    expect(transition(db, 'pay-test', 'approved', { receiptNo: '0007', approvedAmountMinor: 1, approvedCurrency: 'EUR' }, 'service').ok).toBe(true);
    const test = { paymentId: 'pay-test', why: 'kiosk setup test payment', requestedBy: 'kiosk setup' };
    expect(recordRefundIntent(db, ask({ ...test, method: 'reversal' }))).toMatchObject({ ok: false, reason: 'not-refundable' });
    expect(recordRefundIntent(db, ask({ ...test, method: 'refund', testReversal: true }))).toMatchObject({ ok: false, reason: 'not-refundable' });
    approved();
    // The flag opens nothing for a visitor's payment either: its refunds keep their own rules.
    expect(recordRefundIntent(db, ask({ id: 'rf-visit', method: 'reversal', testReversal: true, amountMinor: 3001 }))).toMatchObject({
      ok: false,
      reason: 'too-much',
    });
    const r = recordRefundIntent(db, ask({ ...test, id: 'rf-test', method: 'reversal', testReversal: true }));
    expect(r).toMatchObject({ ok: true, refund: { paymentId: 'pay-test', method: 'reversal', amountMinor: 1, state: 'intent' } });
  });

  it('the table refuses what the store would refuse, from any writer: more than approved, a second open refund, a deletion', () => {
    approved();
    const insert = (id: string, amount: number) =>
      db
        .prepare(
          `INSERT INTO refunds (id, payment_id, method, kiosk_id, terminal_id, protocol, amount_minor, currency, why, requested_by, state,
                                created_at, updated_at)
           VALUES (?, 'pay-0001', 'refund', 'K1', 'T1', 'zvt', ?, 'EUR', 'x', 'y', 'intent', 'now', 'now')`,
        )
        .run(id, amount);
    expect(() => insert('rf-big', 3001)).toThrow(/never more than was approved/);
    insert('rf-a', 1000);
    expect(() => insert('rf-b', 1000)).toThrow(/UNIQUE/);
    expect(() => db.prepare("DELETE FROM refunds WHERE id = 'rf-a'").run()).toThrow(/never deleted/);
    expect(() => db.prepare("UPDATE refunds SET amount_minor = 5 WHERE id = 'rf-a'").run()).toThrow(/never change/);
  });

  it('two supervisors refunding the same payment at once, from two processes: exactly one refund', async () => {
    approved();
    const go = join(dir, 'go');
    let ready = 0;
    let bothReady!: () => void;
    const started = new Promise<void>((r) => (bothReady = r));
    const child = (id: string) =>
      new Promise<{ ok: boolean; reason: string | null }>((resolve, reject) => {
        const p = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/refunds/race-child.ts'), file, go, id, 'pay-0001'], {
          cwd: ROOT,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        let err = '';
        p.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.startsWith('ready\n') && out.length - d.length < 'ready\n'.length && ++ready === 2) bothReady();
        });
        p.stderr.on('data', (d: Buffer) => (err += d.toString()));
        p.on('exit', (code) =>
          code === 0 ? resolve(JSON.parse(out.slice('ready\n'.length)) as { ok: boolean; reason: string | null }) : reject(new Error(err)),
        );
      });
    const both = [child('rf-sup-a'), child('rf-sup-b')];
    // Both connections are open and polling for the go file: start them the same instant.
    await started;
    writeFileSync(go, '');
    const answers = await Promise.all(both);
    expect(answers.filter((a) => a.ok)).toHaveLength(1);
    expect(answers.find((a) => !a.ok)?.reason).toBe('refund-open');
    expect(db.prepare("SELECT count(*) AS n FROM refunds WHERE payment_id = 'pay-0001'").get()).toEqual({ n: 1 });
  }, 30_000);
});
