// Reception check-in at a counter (issue 18 item 5) on a real journal and the real queue service: the kiosk's
// verifier and register, the appointment lane, the fee record, and the refusals both ways between kiosk and counter.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openJournal, type Db } from '../../store/db';
import { recentEvents } from '../../store/events';
import { recordTicketIssued } from '../../store/checkin';
import { recordETimbreReference } from '../../store/etimbre';
import { counterFeesBetween } from '../../store/counter-checkins';
import { tempDir } from '../../test/support/tmp';
import { KID_A, KID_B, SLOT, issue, pem } from '../../test/appointment/fixtures';
import { codeFromTokenId } from '../../domain/appointment';
import { QueueConfig } from '../queue/config';
import { QueueService } from '../queue/service';
import { AppointmentsConfig, appointmentRuntime, type AppointmentRuntime } from './config';
import { checkIn as kioskCheckIn } from './check-in';
import { createReception } from './reception';
import { reportStats } from '../reports/stats';

const MIN = 60_000;
let db: Db;
let cleanup: () => void;
let now: Date;
let queue: QueueService;

const SERVICES = [
  { code: 'passport', prefix: 'C', name: { fr: 'Passeport' }, feeMad: 860 },
  { code: 'registration', prefix: 'A', name: { fr: 'Immatriculation' }, feeMad: 0 },
];
const tokenId = (n: number) => Uint8Array.from([0x40 + n, 1, 2, 3, 4, 5, 6, 7]);
const hex = (n: number) => Buffer.from(tokenId(n)).toString('hex');

function runtime(dayTokens: string[] = [], revoked: string[] = []): AppointmentRuntime {
  return appointmentRuntime(AppointmentsConfig.parse({ trustedKeys: [{ publicKeyPem: pem(KID_A, 'pub') }], dayTokens, revoked }), { demo: true });
}
function reception(rt: AppointmentRuntime) {
  return createReception({
    db,
    appointments: rt,
    consulate: 'FR-PAR',
    currency: 'EUR',
    fees: () => ({ chanceryRate: '0.1', services: SERVICES }),
    queue,
    now: () => now,
  });
}
const paid = (reference = 'TRM-0042') => ({ kind: 'paid' as const, reference });
const at = (r: ReturnType<typeof reception>, text: string, fee: Parameters<ReturnType<typeof reception>['checkIn']>[0]['fee']) =>
  r.checkIn({ text, fee, counter: '1', by: 'amina' });

beforeEach(() => {
  const t = tempDir('reception-');
  cleanup = t.cleanup;
  db = openJournal(join(t.dir, 'journal.sqlite'));
  now = new Date(SLOT.getTime() - 10 * MIN);
  queue = new QueueService({
    db,
    consulate: { code: 'FR-PAR', timeZone: 'Europe/Paris' },
    services: SERVICES,
    kioskId: 'PAR-K1',
    now: () => now,
    config: QueueConfig.parse({ counters: [{ id: '1', services: ['passport', 'registration'] }] }),
  });
});
afterEach(() => {
  db.close();
  cleanup();
});

describe('looking an appointment up at the counter', () => {
  it('shows a typed code’s appointment and its fee, without checking it in', async () => {
    const t = await issue({ tokenId: tokenId(1), persons: 2 });
    const r = reception(runtime([t]));
    const found = await r.lookup(codeFromTokenId(tokenId(1)));
    expect(found).toMatchObject({
      ok: true,
      appointment: { appointmentId: '123456', services: ['passport'], persons: 2 },
      fee: { amountMinor: 17200, currency: 'EUR' },
    });
    // Looking is not checking in: the kiosk can still take it.
    expect(await kioskCheckIn(db, t, runtime(), { consulate: 'FR-PAR', services: new Set(['passport']), kioskId: 'PAR-K1', at: now })).toMatchObject({
      ok: true,
    });
  });

  it('gives the kiosk’s named refusals: forged, revoked, another consulate, another day, unknown code, mistyped', async () => {
    const forged = await issue({ tokenId: tokenId(2) }, KID_B);
    const revoked = await issue({ tokenId: tokenId(3) });
    const abroad = await issue({ tokenId: tokenId(4), consulate: 'ES-MAD' });
    const tomorrow = await issue({
      tokenId: tokenId(5),
      slotStart: new Date(SLOT.getTime() + 24 * 60 * MIN),
      notBefore: new Date(SLOT.getTime() + 23 * 60 * MIN),
      expires: new Date(SLOT.getTime() + 25 * 60 * MIN),
    });
    const r = reception(runtime([], [hex(3)]));
    expect(await r.lookup(forged)).toMatchObject({ ok: false, reason: 'unknown-key' });
    expect(await r.lookup(revoked)).toMatchObject({ ok: false, reason: 'revoked' });
    expect(await r.lookup(abroad)).toMatchObject({ ok: false, reason: 'other-consulate', detail: expect.stringMatching(/ES-MAD/) });
    expect(await r.lookup(tomorrow)).toMatchObject({ ok: false, reason: 'too-early' });
    expect(await r.lookup(codeFromTokenId(tokenId(6)))).toMatchObject({ ok: false, reason: 'unknown-code' });
    expect(await r.lookup('7K4-M2Q')).toMatchObject({ ok: false, reason: 'bad-code' });
    // A tampered token: its signature no longer matches. The character changed is the third from the end (the last may
    // carry unused bits), and it is the one compared: comparing the last one left the token unchanged 1 time in 64.
    const tampered = revoked.slice(0, -3) + (revoked.at(-3) === 'A' ? 'B' : 'A') + revoked.slice(-2);
    expect(tampered).not.toBe(revoked);
    expect(await r.lookup(tampered)).toMatchObject({ ok: false, reason: expect.stringMatching(/^(bad-signature|malformed)$/) });
  });
});

describe('checking a visitor in at the counter', () => {
  it('issues an appointment-lane ticket by slot, records the fee paid at the counter with who, and journals it', async () => {
    const t = await issue({ tokenId: tokenId(1), persons: 2 });
    const r = reception(runtime());
    const out = await at(r, t, paid(' TRM-0042 '));
    expect(out).toMatchObject({ ok: true, ticket: { service: 'passport' }, fee: { kind: 'paid', amountMinor: 17200, currency: 'EUR', reference: 'TRM-0042' } });
    if (!out.ok) return;
    const row = db.prepare('SELECT kind, slot, persons, service FROM queue_tickets WHERE id = ?').get(out.ticket.id);
    expect(row).toEqual({ kind: 'appointment', slot: SLOT.toISOString(), persons: 2, service: 'passport' });
    expect(db.prepare("SELECT actor FROM queue_ticket_events WHERE ticket_id = ? AND kind = 'issued'").get(out.ticket.id)).toEqual({ actor: 'amina' });
    expect(db.prepare('SELECT kiosk_id FROM appointment_tokens_used WHERE token_id = ?').get(hex(1))).toEqual({ kiosk_id: 'counter:1' });
    const ev = recentEvents(db, { kindPrefix: 'reception.' });
    expect(ev).toHaveLength(1);
    expect(ev[0]!.payload).toMatchObject({
      number: out.ticket.number,
      counter: '1',
      by: 'amina',
      fee: { kind: 'paid', reference: 'TRM-0042', amountMinor: 17200 },
    });
    // Counted as the counter's, never as a card payment of this journal (card reconciliation stays as it was).
    expect(counterFeesBetween(db, '2000-01-01', '2100-01-01')).toEqual([{ service: 'passport', currency: 'EUR', kind: 'paid', visits: 1, totalMinor: 17200 }]);
    expect(db.prepare('SELECT count(*) AS n FROM payments').get()).toEqual({ n: 0 });
    const stats = reportStats(db, { from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z', timeZone: 'Europe/Paris' });
    expect(stats.counterFees).toEqual([{ service: 'passport', currency: 'EUR', kind: 'paid', visits: 1, totalMinor: 17200 }]);
    expect([stats.fees, stats.net]).toEqual([[], []]);
  });

  it('refuses "exempt" without a reason and "paid" without a reference, and then nothing is checked in', async () => {
    const t = await issue({ tokenId: tokenId(1) });
    const r = reception(runtime());
    expect(await at(r, t, { kind: 'exempt', reason: '  ' })).toMatchObject({ ok: false, reason: 'exempt-reason-required' });
    expect(await at(r, t, paid(''))).toMatchObject({ ok: false, reason: 'reference-required' });
    expect(await at(r, t, null)).toMatchObject({ ok: false, reason: 'fee-required' });
    expect(db.prepare('SELECT count(*) AS n FROM appointment_tokens_used').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM queue_tickets').get()).toEqual({ n: 0 });
    const out = await at(r, t, { kind: 'exempt', reason: 'passeport diplomatique' });
    expect(out).toMatchObject({ ok: true, fee: { kind: 'exempt', reason: 'passeport diplomatique', amountMinor: 17200 } });
  });

  it('an appointment of several services: one ticket routed through them in order, the fee of all of them (registration is free)', async () => {
    const t = await issue({ tokenId: tokenId(1), services: ['passport', 'registration'] });
    const out = await at(reception(runtime()), t, paid());
    expect(out).toMatchObject({ ok: true, ticket: { service: 'passport' }, fee: { kind: 'paid', amountMinor: 17200 } });
    if (!out.ok) return;
    const issued = db.prepare("SELECT detail FROM queue_ticket_events WHERE ticket_id = ? AND kind = 'issued'").get(out.ticket.id) as { detail: string };
    expect(JSON.parse(issued.detail)).toMatchObject({ route: ['passport', 'registration'] });
  });

  it('a free service needs no fee word and is recorded as free', async () => {
    const t = await issue({ tokenId: tokenId(1), services: ['registration'] });
    expect(await at(reception(runtime()), t, null)).toMatchObject({ ok: true, fee: { kind: 'free', amountMinor: 0 } });
  });

  it('twice at the counter: the second is refused with the ticket the visitor already has, and no second ticket', async () => {
    const t = await issue({ tokenId: tokenId(1) });
    const r = reception(runtime());
    const first = await at(r, t, paid());
    if (!first.ok) throw new Error(first.reason);
    now = new Date(now.getTime() + MIN);
    expect(await at(r, t, paid('TRM-0043'))).toMatchObject({
      ok: false,
      reason: 'already-checked-in',
      kioskId: 'counter:1',
      ticket: first.ticket.number,
      detail: expect.stringContaining(`ticket ${first.ticket.number}`),
    });
    expect(await r.lookup(t)).toMatchObject({ ok: false, reason: 'already-checked-in', ticket: first.ticket.number });
    expect(db.prepare('SELECT count(*) AS n FROM queue_tickets').get()).toEqual({ n: 1 });
  });

  it('checked in at the counter: the kiosk then refuses the same QR, naming the counter', async () => {
    const t = await issue({ tokenId: tokenId(1) });
    expect(await at(reception(runtime()), t, paid())).toMatchObject({ ok: true });
    expect(await kioskCheckIn(db, t, runtime(), { consulate: 'FR-PAR', services: new Set(['passport']), kioskId: 'PAR-K1', at: now })).toMatchObject({
      ok: false,
      reason: 'already-used',
      kioskId: 'counter:1',
    });
  });

  it('checked in at a kiosk: the counter refuses it with the ticket number the kiosk gave', async () => {
    const t = await issue({ tokenId: tokenId(1) });
    expect(await kioskCheckIn(db, t, runtime(), { consulate: 'FR-PAR', services: new Set(['passport']), kioskId: 'PAR-K1', at: now })).toMatchObject({
      ok: true,
    });
    const r = reception(runtime());
    // Claimed, the visitor still at the kiosk: no ticket yet.
    expect(await r.lookup(t)).toMatchObject({ ok: false, reason: 'already-checked-in', kioskId: 'PAR-K1', ticket: null });
    // The kiosk's ticket, as its issueTicket actor records it (with the token id).
    recordTicketIssued(db, 'tk-1', { number: 'C-007', etimbreReference: 'ET-1', source: 'appointment', tokenId: hex(1) });
    expect(await at(r, t, paid())).toMatchObject({ ok: false, reason: 'already-checked-in', kioskId: 'PAR-K1', ticket: 'C-007' });
    expect(db.prepare('SELECT count(*) AS n FROM queue_tickets').get()).toEqual({ n: 0 });
  });

  it('a kiosk ticket recorded before the token id was journaled is found through its eTimbre reference', async () => {
    const t = await issue({ tokenId: tokenId(1) });
    await kioskCheckIn(db, t, runtime(), { consulate: 'FR-PAR', services: new Set(['passport']), kioskId: 'PAR-K1', at: now });
    recordETimbreReference(db, {
      reference: 'ET-9',
      consulate: 'FR-PAR',
      kioskId: 'PAR-K1',
      amountMinor: 8600,
      currency: 'EUR',
      services: ['passport'],
      persons: 1,
      appointmentId: '123456',
      at: now,
    });
    recordTicketIssued(db, 'tk-9', { number: 'C-009', etimbreReference: 'ET-9', source: 'appointment' });
    expect(await reception(runtime()).lookup(t)).toMatchObject({ ok: false, reason: 'already-checked-in', ticket: 'C-009' });
  });

  it('journals a refused check-in with who asked', async () => {
    const r = reception(runtime([], [hex(3)]));
    expect(await at(r, await issue({ tokenId: tokenId(3) }), paid())).toMatchObject({ ok: false, reason: 'revoked' });
    expect(recentEvents(db, { kindPrefix: 'reception.' }).map((e) => [e.kind, e.payload])).toEqual([
      ['reception.refused', { reason: 'revoked', counter: '1', by: 'amina' }],
    ]);
  });
});
