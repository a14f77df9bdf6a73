// `kiosk pay` / `kiosk payments reconcile|settle` against the real Concert and ZVT simulators over socat
// ptys, counted at the simulator's charge log: an acknowledged request is never sent a second time.
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openJournal } from '../../store/db';
import { getPayment, listPayments } from '../../store/payments';
import { recentEvents } from '../../store/events';
import { runPay, runReconcile, runSettle } from '../../server/commands/pay';
import { readChargeLog, startLane, type Lane } from './lane';
import type { ZvtSimulator } from '../../drivers/terminal/sim/zvt-sim';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'test/chaos/kiosk-cli.ts');

let concert: Lane;
let zvt: Lane;
let zvtTcp: Lane;
beforeAll(async () => {
  concert = await startLane('concert', { thinkMs: 0, prefix: 'paycli-concert-' });
  zvt = await startLane('zvt', { thinkMs: 0, prefix: 'paycli-zvt-' });
  zvtTcp = await startLane('zvt', { thinkMs: 0, prefix: 'paycli-zvt-tcp-', transport: 'tcp' });
});
afterAll(async () => {
  await concert?.close();
  await zvt?.close();
  await zvtTcp?.close();
});

const base = (lane: Lane, db: string, amount: string, extra: Record<string, unknown> = {}) => ({
  protocol: lane.protocol,
  port: lane.kioskPort,
  amount,
  currency: 'EUR',
  db,
  kioskId: 'K1',
  terminalId: 'terminal',
  ...extra,
});
/** Async: the simulator lives in this process and must keep running while the child pays. */
function cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}
const charges = (lane: Lane) => readChargeLog(lane.logFile).filter((e) => e.kind === 'charge');

describe('kiosk pay (child process)', () => {
  it('prints one JSON line and exits 0 when approved, 1 with a reason when the amount is not exact', async () => {
    const db = join(concert.dir, 'cli.sqlite');
    const ok = await cli(['pay', '--protocol', 'concert', '--port', concert.kioskPort, '--amount', '12.50', '--db', db, '--reference', 'apt-1']);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    const lines = ok.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]!);
    expect(out).toMatchObject({
      ok: true,
      outcome: 'approved',
      amountMinor: 1250,
      amount: '12.50',
      currency: 'EUR',
      reference: 'apt-1',
      state: 'approved',
      reconciliation: { lock: { state: 'ready' }, actions: [] },
    });
    // The terminal's journal knows the payment by its short reference, sent in the Concert private field.
    expect(out.shortRef).toMatch(/^\d{4}-\d{4}$/);
    expect(charges(concert).filter((c) => c.reference === out.shortRef)).toHaveLength(1);

    for (const bad of ['12.345', '-12.50']) {
      const r = await cli(['pay', '--protocol', 'concert', '--port', concert.kioskPort, '--amount', bad, '--db', db]);
      expect(r.status).toBe(1);
      expect(JSON.parse(r.stdout)).toMatchObject({
        ok: false,
        outcome: 'refused',
        code: 'invalid-request',
        reason: expect.stringMatching(/decimals|negative/),
      });
    }
    const j = openJournal(db);
    expect(listPayments(j)).toHaveLength(1);
    j.close();
  });
});

describe('Concert E+ over a pty', () => {
  it('journals a declined payment and charges nothing', async () => {
    concert.sim.setScenario('decline');
    const before = charges(concert).length;
    const r = await runPay(base(concert, join(concert.dir, 'decline.sqlite'), '7.00'));
    concert.sim.setScenario('approve');
    expect(r.approved).toBe(false);
    expect(r.json).toMatchObject({ outcome: 'declined', state: 'declined', retryAsNewPayment: true });
    expect(charges(concert)).toHaveLength(before);
  });

  it('journals not_sent when the terminal never acknowledges, and a retry is a new payment', async () => {
    const db = join(concert.dir, 'busy.sqlite');
    concert.sim.setScenario('busy');
    const r = await runPay(base(concert, db, '8.00', { timer: ['enqAckMs=150', 'enqAttempts=1'] }));
    concert.sim.setScenario('approve');
    expect(r.json).toMatchObject({ outcome: 'not-sent', state: 'not_sent', retryAsNewPayment: true });
    const again = await runPay(base(concert, db, '8.00'));
    expect(again.json).toMatchObject({ outcome: 'approved' });
    expect(again.json.paymentId).not.toBe(r.json.paymentId);
    expect(charges(concert).filter((c) => c.amountMinor === 800)).toHaveLength(1);
  });

  it('never re-sends a lost answer: unknown, locked, reconciled, settled by staff, then ready', async () => {
    const db = join(concert.dir, 'lost.sqlite');
    concert.sim.setScenario('answer-lost');
    const lost = await runPay(base(concert, db, '9.10', { timer: ['answerMs=400'] }));
    concert.sim.setScenario('approve');
    expect(lost.json).toMatchObject({ ok: false, outcome: 'unknown', state: 'unknown', retryAsNewPayment: false });
    const id = lost.json.paymentId as string;
    const shortRef = lost.json.shortRef as string;
    // (Each test here has its own journal, so short references repeat on the shared simulator: match the amount too.)
    const lostCharges = () => charges(concert).filter((c) => c.reference === shortRef && c.amountMinor === 910);
    expect(lostCharges()).toHaveLength(1);

    // A restart: reconciliation keeps it unknown and the kiosk refuses to take money.
    const next = await runPay(base(concert, db, '9.10'));
    expect(next.json).toMatchObject({ ok: false, outcome: 'refused', code: 'locked', lock: { state: 'locked-for-staff', paymentIds: [id] } });
    const rec = await runReconcile({ protocol: 'concert', port: concert.kioskPort, db, terminalId: 'terminal' });
    expect(rec.ready).toBe(false);
    expect(rec.json).toMatchObject({ ok: true, lock: { state: 'locked-for-staff', paymentIds: [id] } });
    // Still exactly one request reached the terminal for that payment.
    expect(lostCharges()).toHaveLength(1);

    const settled = runSettle(
      { db, terminalId: 'terminal', outcome: 'approved', authCode: '424242', by: 'amina', reason: 'terminal journal shows 9.10 approved' },
      id,
    );
    expect(settled.json).toMatchObject({ ok: true, settledBy: 'amina', lock: { state: 'ready' }, payment: { state: 'settled_approved', authCode: '424242' } });
    const after = await runPay(base(concert, db, '9.10'));
    expect(after.json).toMatchObject({ ok: true, outcome: 'approved' });
    const j = openJournal(db);
    expect(
      recentEvents(j, { subject: id })
        .map((e) => e.kind)
        .reverse(),
    ).toEqual(['payment.intent', 'payment.sent', 'payment.unknown', 'payment.settled-approved']);
    j.close();
  });
});

describe('ZVT over a pty', () => {
  it('journals an approval with the card data of the status information', async () => {
    const db = join(zvt.dir, 'ok.sqlite');
    const r = await runPay(base(zvt, db, '19.90', { reference: 'apt-7' }));
    expect(r.approved).toBe(true);
    const c = charges(zvt).find((e) => e.amountMinor === 1990)!;
    expect(r.json).toMatchObject({ outcome: 'approved', receiptNo: c.receiptNumber, authCode: c.authCode, maskedPan: expect.stringMatching(/\*/) });
  });

  it('recovers a lost answer from the repeated receipt without sending the payment again', async () => {
    const db = join(zvt.dir, 'lost.sqlite');
    zvt.sim.setScenario('answer-lost');
    const r = await runPay(base(zvt, db, '21.00', { timer: ['completionMs=500'] }));
    zvt.sim.setScenario('approve');
    const mine = charges(zvt).filter((e) => e.amountMinor === 2100);
    expect(mine).toHaveLength(1);
    expect(r.json).toMatchObject({ ok: true, outcome: 'approved', receiptNo: mine[0]!.receiptNumber, authCode: mine[0]!.authCode });
    const j = openJournal(db);
    const id = r.json.paymentId as string;
    expect(getPayment(j, id)!.reason).toMatch(/repeat receipt/);
    expect(
      recentEvents(j, { subject: id })
        .map((e) => e.kind)
        .reverse(),
    ).toEqual(['payment.intent', 'payment.sent', 'payment.unknown', 'payment.approved']);
    j.close();
  });

  it('refuses to settle "not charged" while the terminal has not answered, unless forced with a reason', async () => {
    const db = join(zvt.dir, 'busy.sqlite');
    const sim = zvt.sim as ZvtSimulator;
    sim.setScenario('answer-lost');
    sim.busyAfterCharge(5);
    const r = await runPay(base(zvt, db, '23.00', { timer: ['completionMs=500', 'ackMs=300'] })).finally(() => sim.setScenario('approve'));
    onTestFinished(() => sim.busyAfterCharge(0));
    expect(r.json).toMatchObject({ outcome: 'unknown' });
    const id = r.json.paymentId as string;
    // A one-shot reconciliation: the terminal answers its status enquiry with "busy".
    const rec = await runReconcile({ protocol: 'zvt', port: zvt.kioskPort, db, terminalId: 'terminal' });
    expect(rec.json).toMatchObject({
      lock: { state: 'locked-for-staff', terminalWorking: [expect.objectContaining({ id, detail: expect.stringMatching(/busy/) })] },
    });
    const refused = await cli([
      'payments',
      'settle',
      id,
      '--db',
      db,
      '--outcome',
      'not-charged',
      '--by',
      'amina',
      '--reason',
      'nothing in the terminal journal',
    ]);
    expect(refused.status).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({ ok: false, code: 'terminal-working', reason: expect.stringMatching(/has not answered/) });
    const forced = await cli([
      'payments',
      'settle',
      id,
      '--db',
      db,
      '--outcome',
      'not-charged',
      '--force',
      '--by',
      'amina',
      '--reason',
      'terminal replaced: its journal is gone',
    ]);
    expect(forced.status).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({ ok: true, payment: { state: 'settled_not_charged' }, lock: { state: 'ready' } });
    const j = openJournal(db);
    expect(getPayment(j, id)!.settleReason).toMatch(/^forced while the terminal had not answered: terminal replaced/);
    j.close();
  });

  it('journals a decline and charges nothing', async () => {
    zvt.sim.setScenario('decline');
    const r = await runPay(base(zvt, join(zvt.dir, 'decline.sqlite'), '22.00'));
    zvt.sim.setScenario('approve');
    expect(r.json).toMatchObject({ outcome: 'declined', state: 'declined' });
    expect(charges(zvt).filter((e) => e.amountMinor === 2200)).toHaveLength(0);
  });
});

describe('ZVT over TCP/IP (port tcp://127.0.0.1:P)', () => {
  it('journals an approval with the card data of the status information', async () => {
    const r = await runPay(base(zvtTcp, join(zvtTcp.dir, 'ok.sqlite'), '19.90'));
    expect(r.approved).toBe(true);
    const c = charges(zvtTcp).find((e) => e.amountMinor === 1990)!;
    expect(r.json).toMatchObject({ outcome: 'approved', receiptNo: c.receiptNumber, authCode: c.authCode });
  });

  it('a connection dropped after the terminal charged: recovered from the repeated receipt on a new connection, sent once', async () => {
    const db = join(zvtTcp.dir, 'dropped.sqlite');
    zvtTcp.sim.setScenario('line-drop-status');
    const r = await runPay(base(zvtTcp, db, '21.00')).finally(() => zvtTcp.sim.setScenario('approve'));
    const mine = charges(zvtTcp).filter((e) => e.amountMinor === 2100);
    expect(mine).toHaveLength(1);
    expect(r.json).toMatchObject({ ok: true, outcome: 'approved', receiptNo: mine[0]!.receiptNumber });
    const j = openJournal(db);
    expect(
      recentEvents(j, { subject: r.json.paymentId as string })
        .map((e) => e.kind)
        .reverse(),
    ).toEqual(['payment.intent', 'payment.sent', 'payment.unknown', 'payment.approved']);
    j.close();
    // kiosk payments reconcile over tcp:// (no serial-port exclusivity probe): nothing left open.
    const rec = await runReconcile({ protocol: 'zvt', port: zvtTcp.kioskPort, db, terminalId: 'terminal' });
    expect(rec).toMatchObject({ ready: true, json: { ok: true, lock: { state: 'ready' } } });
  });
});
