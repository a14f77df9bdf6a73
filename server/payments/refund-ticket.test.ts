// A visit refunded in full leaves the queue: the refund service over a real ZVT simulator on a pty, the real queue on
// a real journal file, joined as the daemon joins them (onRefunded → cancelRefundedVisitTicket).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openJournal, type Db } from '../../store/db';
import { recordETimbreReference } from '../../store/etimbre';
import { recordTicketIssued } from '../../store/checkin';
import { recentEvents } from '../../store/events';
import { getTicket } from '../../store/queue';
import { PaymentService } from './service';
import { RefundService } from './refund';
import { cancelRefundedVisitTicket, followUnfollowedRefunds, journalRefundTicketDeps, unfollowedRefunds, type RefundTicketOutcome } from './refund-ticket';
import { pendingHubCancels } from '../post/numbers/hub-cancels';
import { recordRefundIntent, transitionRefund } from '../../store/refunds';
import { QueueConfig } from '../queue/config';
import { QueueService } from '../queue/service';
import { zvtRig } from '../../test/terminal/harness';
import { tempDir } from '../../test/support/tmp';
import type { PaymentTerminal } from '../devices/index';

let dir: string;
let cleanup: () => void;
let db: Db;
let queue: QueueService;
const closers: Array<() => Promise<void>> = [];
beforeEach(() => {
  ({ dir, cleanup } = tempDir('refund-ticket-'));
  db = openJournal(join(dir, 'j.sqlite'));
  queue = new QueueService({
    db,
    consulate: { code: 'FR-PAR', timeZone: 'Europe/Paris' },
    services: [{ code: 'passport', prefix: 'C', name: { fr: 'Passeport' } }],
    kioskId: 'K1',
    config: QueueConfig.parse({ counters: [{ id: '1', services: ['passport'] }] }),
  });
});
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
  db.close();
  cleanup();
});

let n = 0;
/** A paid visit as the check-in flow leaves it: eTimbre reference, approved payment, its ticket tied to the reference. */
async function paidVisit(terminal: PaymentTerminal, reference: string, amountMinor = 3000) {
  recordETimbreReference(db, {
    reference,
    consulate: 'FR-PAR',
    kioskId: 'K1',
    amountMinor,
    currency: 'EUR',
    services: ['passport'],
    persons: 1,
    appointmentId: null,
    at: new Date(),
  });
  const r = await new PaymentService({ db, terminal, kioskId: 'K1', terminalId: 'T1', newId: () => `pay-${++n}` }).pay({
    amountMinor,
    currency: 'EUR',
    reference,
  });
  if (!r.ok) throw new Error(`payment not approved: ${JSON.stringify(r)}`);
  const t = queue.issueTicket({ service: 'passport', kind: 'walk-in', persons: 1, lang: 'fr' });
  if (!t.ok) throw new Error(t.detail);
  recordTicketIssued(db, t.ticket.id, { number: t.ticket.label, etimbreReference: reference, source: 'walk-in' });
  return { payment: r.payment, ticketId: t.ticket.id };
}

async function rig() {
  const r = await zvtRig();
  closers.push(() => r.close());
  const followed: RefundTicketOutcome[] = [];
  const refunds = (now?: () => Date) =>
    new RefundService({
      db,
      terminal: r.driver,
      kioskId: 'K1',
      terminalId: 'T1',
      newId: () => `${++n}`,
      ...(now ? { now } : {}),
      onRefunded: (x) => void followed.push(cancelRefundedVisitTicket({ db, queue }, x)),
    });
  return { driver: r.driver, refunds, followed };
}
const waitingPassport = () => queue.boardView().waiting.find((w) => w.service === 'passport')!.count;
const leftEvents = () => recentEvents(db, { kindPrefix: 'refund.ticket-left' }).map((e) => e.payload);

describe('the ticket of a refunded visit', () => {
  it('a full refund cancels the waiting ticket: off the board and the calling order, journaled with the refund and its supervisor', async () => {
    const { driver, refunds, followed } = await rig();
    const v = await paidVisit(driver, 'E-1');
    expect(waitingPassport()).toBe(1);
    const r = await refunds().refund({ paymentId: v.payment.id, why: 'service cannot be delivered', requestedBy: 'sup-1' });
    expect(r).toMatchObject({ ok: true, fullyRefunded: true });
    expect(followed).toEqual([{ ok: true, ticketId: v.ticketId }]);
    expect(getTicket(db, v.ticketId)).toMatchObject({
      state: 'cancelled',
      cancelled_by: 'sup-1',
      cancel_reason: 'visit refunded in full: service cannot be delivered',
    });
    expect(waitingPassport()).toBe(0);
    expect(queue.callNext('1', { id: 'amina' })).toMatchObject({ ok: false, reason: 'empty' });
    expect(recentEvents(db, { subject: v.ticketId })[0]).toMatchObject({
      kind: 'queue.ticket.cancelled',
      payload: { actor: 'sup-1', paymentId: v.payment.id, refundId: r.ok ? r.refund.id : '' },
    });
  });

  it('a partial refund leaves the ticket; the refund of the rest cancels it', async () => {
    const { driver, refunds, followed } = await rig();
    const v = await paidVisit(driver, 'E-2');
    const tomorrow = () => new Date(Date.now() + 36 * 3600_000); // a refund (06 31), which may be partial
    expect(await refunds(tomorrow).refund({ paymentId: v.payment.id, why: 'one service fewer', requestedBy: 'sup-1', amountMinor: 1000 })).toMatchObject({
      ok: true,
      fullyRefunded: false,
    });
    expect(followed.at(-1)).toMatchObject({ ok: false, reason: 'partial', ticketId: v.ticketId });
    expect(getTicket(db, v.ticketId)?.state).toBe('waiting');
    expect(leftEvents()).toEqual([expect.objectContaining({ reason: 'partial', ticketId: v.ticketId, paymentId: v.payment.id })]);
    expect(await refunds(tomorrow).refund({ paymentId: v.payment.id, why: 'the rest', requestedBy: 'sup-2' })).toMatchObject({ ok: true, fullyRefunded: true });
    expect(getTicket(db, v.ticketId)).toMatchObject({ state: 'cancelled', cancelled_by: 'sup-2' });
  });

  it('a visit already served keeps its ticket as done; the refund still succeeds and the journal says why the ticket was left', async () => {
    const { driver, refunds, followed } = await rig();
    const v = await paidVisit(driver, 'E-3');
    expect(queue.callNext('1', { id: 'amina' }).ok).toBe(true);
    expect(queue.finish('1', { id: 'amina' }).ok).toBe(true);
    const r = await refunds().refund({ paymentId: v.payment.id, why: 'fee charged in error', requestedBy: 'sup-1' });
    expect(r).toMatchObject({ ok: true, outcome: 'refunded', fullyRefunded: true });
    expect(getTicket(db, v.ticketId)?.state).toBe('done');
    expect(followed).toEqual([expect.objectContaining({ ok: false, reason: 'closed' })]);
    expect(leftEvents()).toEqual([expect.objectContaining({ reason: 'closed', ticketId: v.ticketId, detail: expect.stringMatching(/is done/) })]);
  });

  it("where the post's hub owns the queue, or the visit had no ticket, the ticket is left and the journal says so", async () => {
    const { driver } = await rig();
    const v = await paidVisit(driver, 'E-4');
    const refund = { id: 'rf-x', why: 'w', requestedBy: 'sup-1' } as Parameters<typeof cancelRefundedVisitTicket>[1]['refund'];
    expect(cancelRefundedVisitTicket({ db, queue: null }, { refund, payment: v.payment, fullyRefunded: true })).toMatchObject({
      ok: false,
      reason: 'hub-queue',
      ticketId: v.ticketId,
    });
    expect(cancelRefundedVisitTicket({ db, queue }, { refund, payment: { id: 'pay-none', reference: 'E-none' }, fullyRefunded: true })).toMatchObject({
      ok: false,
      reason: 'no-ticket',
      ticketId: null,
    });
    expect(getTicket(db, v.ticketId)?.state).toBe('waiting');
    expect(leftEvents().map((p) => (p as { reason: string }).reason)).toEqual(['no-ticket', 'hub-queue']);
  });

  it("a command on a post kiosk's journal asks the hub for the ticket its queue does not hold (journaled for the daemon to send)", async () => {
    const { driver } = await rig();
    const v = await paidVisit(driver, 'E-5');
    // The visit's ticket as a kiosk of a post records it: the hub's id, not a ticket of this journal's queue.
    recordTicketIssued(db, 'FR-PAR/2026-12-02/C/41', { number: 'C-041', etimbreReference: 'E-5', source: 'walk-in' });
    const refund = { id: 'rf-post', why: 'paid twice', requestedBy: 'sup-1' } as Parameters<typeof cancelRefundedVisitTicket>[1]['refund'];
    expect(cancelRefundedVisitTicket(journalRefundTicketDeps(db), { refund, payment: v.payment, fullyRefunded: true })).toMatchObject({
      ok: false,
      reason: 'sent-to-hub',
      ticketId: 'FR-PAR/2026-12-02/C/41',
    });
    expect(pendingHubCancels(db)).toEqual([
      { ticketId: 'FR-PAR/2026-12-02/C/41', refundId: 'rf-post', reason: 'visit refunded in full: paid twice', by: 'sup-1' },
    ]);
    expect(getTicket(db, v.ticketId)?.state).toBe('waiting');
  });

  it('a refund done whose follow-up a crash cut off is followed at the next start, once', async () => {
    const { driver } = await rig();
    const v = await paidVisit(driver, 'E-5');
    const w = await paidVisit(driver, 'E-6');
    // As a crash right after the outcome's commit leaves them: refunded, the ticket untouched.
    const done = (id: string, paymentId: string, amountMinor?: number) => {
      const ask = { id, paymentId, method: 'refund' as const, kioskId: 'K1', terminalId: 'T1', why: 'office closed', requestedBy: 'sup-1' };
      expect(recordRefundIntent(db, { ...ask, ...(amountMinor ? { amountMinor } : {}) }).ok).toBe(true);
      expect(transitionRefund(db, id, 'refunded', {}, 'service').ok).toBe(true);
    };
    done('rf-full', v.payment.id);
    done('rf-part', w.payment.id, 1000);
    expect(unfollowedRefunds(db)).toEqual(['rf-full', 'rf-part']);
    expect(followUnfollowedRefunds({ db, queue })).toEqual([
      { refundId: 'rf-full', outcome: { ok: true, ticketId: v.ticketId } },
      { refundId: 'rf-part', outcome: expect.objectContaining({ ok: false, reason: 'partial' }) },
    ]);
    expect(getTicket(db, v.ticketId)?.state).toBe('cancelled');
    expect(getTicket(db, w.ticketId)?.state).toBe('waiting');
    expect(unfollowedRefunds(db)).toEqual([]);
    expect(followUnfollowedRefunds({ db, queue })).toEqual([]);
  });
});
