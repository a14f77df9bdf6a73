// The hub's post day (issue 15): a kiosk enrolled at the hub that never shipped anything still has its row
// ("nothing received", its last contact) and keeps the day from being complete; a kiosk's day-close corrections,
// journaled on the kiosk (day.correction) and shipped, are shown with its close. Real SQLite files: the kiosk's
// journal written by the real day-close store functions, shipped into the hub's journal through receiveEvents.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openJournal, type Db } from '../../store/db';
import { receiveEvents } from '../../store/post-events';
import { outgoingBatch } from '../../store/post-outbox';
import { recordIntent, transition } from '../../store/payments';
import { addCorrection, recordDayClose } from '../../store/day-close';
import { addEnrolmentCode, redeemEnrolmentCode, revokeKiosk, touchKiosk } from '../../store/post-kiosks';
import { postDay } from '../../server/reports/post-day';
import { periodBounds } from '../../server/reports/period';
import { PostDayAnswer } from '../../shared/reports-api';
import { tempDir } from '../support/tmp';

const TZ = 'Europe/Paris';
const DAY = '2026-12-01';
const bounds = periodBounds(DAY, DAY, TZ);
let hub: Db;
let k1: Db;
let cleanup = () => {};
beforeEach(() => {
  const t = tempDir();
  cleanup = t.cleanup;
  hub = openJournal(join(t.dir, 'hub.sqlite'));
  k1 = openJournal(join(t.dir, 'k1.sqlite'));
});
afterEach(() => {
  hub.close();
  k1.close();
  cleanup();
});

function enrol(kioskId: string, at: string) {
  addEnrolmentCode(hub, { kioskId, secretHash: `code-${kioskId}`, expiresAt: new Date(Date.parse(at) + 600_000), at: new Date(at) });
  expect(redeemEnrolmentCode(hub, { secretHash: `code-${kioskId}`, credentialHash: `cred-${kioskId}`, at: new Date(at) }).ok).toBe(true);
}
function ship(kiosk: Db, kioskId: string) {
  const b = outgoingBatch(kiosk, 0, { maxEvents: 100_000, maxBytes: 1e8 });
  expect(receiveEvents(hub, kioskId, b).ok).toBe(true);
}
function paidAndClosed(db: Db, journalTotalMinor: number) {
  const at = new Date('2026-12-01T09:00:00Z');
  expect(
    recordIntent(db, { id: 'k1-a', kioskId: 'K1', terminalId: 'terminal', protocol: 'zvt', amountMinor: 8600, currency: 'EUR', isTest: false }, at).ok,
  ).toBe(true);
  expect(transition(db, 'k1-a', 'sent', {}, 'service', { at }).ok).toBe(true);
  expect(transition(db, 'k1-a', 'approved', { authCode: 'A1' }, 'service', { at }).ok).toBe(true);
  const r = recordDayClose(db, {
    businessDay: DAY,
    terminalId: 'terminal',
    currency: 'EUR',
    source: 'zvt-end-of-day',
    terminalTotalMinor: 8600,
    terminalCount: 1,
    journalTotalMinor,
    journalCount: 1,
    detail: {},
    closedBy: 'Sofia (sofia)',
    at: new Date('2026-12-01T17:00:00Z'),
  });
  if (!r.ok) throw new Error(r.detail);
  return r.close.id;
}

describe("the hub's post day: every enrolled kiosk, and the kiosks' day-close corrections", () => {
  it('a kiosk enrolled at the hub that never shipped anything is listed as "nothing received" with its last contact, and the day is not complete', () => {
    enrol('K1', '2026-12-01T07:00:00Z');
    enrol('K3', '2026-12-01T07:05:00Z');
    touchKiosk(hub, 'K3', new Date('2026-12-01T08:30:00Z'));
    paidAndClosed(k1, 8600);
    ship(k1, 'K1');

    const d = postDay(hub, DAY, bounds, { localId: 'hub' });
    expect(PostDayAnswer.safeParse(d).success).toBe(true);
    expect(d.kiosks.map((k) => k.kioskId)).toEqual(['K1', 'K3']);
    const k3 = d.kiosks.find((k) => k.kioskId === 'K3')!;
    expect(k3).toMatchObject({ nothingReceived: true, link: null, enrolment: { lastSeenAt: '2026-12-01T08:30:00.000Z', revokedAt: null } });
    expect(d.kiosks.find((k) => k.kioskId === 'K1')).toMatchObject({ nothingReceived: false, dayClose: 'closed' });
    expect(d.complete).toBe(false);
    expect(d.refusals.map((r) => [r.kioskId, r.reason])).toEqual([['K3', 'nothing-received']]);
    expect(d.refusals[0]!.text).toMatch(/K3.*nothing.*2026-12-01T08:30:00.000Z.*kiosk diag.*revoke/);

    // Revoked (taken out of service): still listed, no longer holding the day back.
    expect(revokeKiosk(hub, 'K3', new Date('2026-12-01T18:00:00Z')).ok).toBe(true);
    const after = postDay(hub, DAY, bounds, { localId: 'hub' });
    expect(after.kiosks.find((k) => k.kioskId === 'K3')).toMatchObject({ nothingReceived: true, enrolment: { revokedAt: '2026-12-01T18:00:00.000Z' } });
    expect(after.refusals).toEqual([]);
    expect(after.complete).toBe(true);
  });

  it("shows a kiosk's day-close corrections, as the kiosk journaled and shipped them, with its close", () => {
    enrol('K1', '2026-12-01T07:00:00Z');
    const closeId = paidAndClosed(k1, 8500);
    const c = addCorrection(k1, closeId, {
      paymentId: 'k1-a',
      amountMinor: 100,
      note: 'terminal counted 1 EUR more: receipt found',
      by: 'Sofia (sofia)',
      at: new Date('2026-12-01T17:10:00Z'),
    });
    expect(c.ok).toBe(true);
    ship(k1, 'K1');

    const d = postDay(hub, DAY, bounds, { localId: 'hub' });
    expect(PostDayAnswer.safeParse(d).success).toBe(true);
    const k = d.kiosks.find((x) => x.kioskId === 'K1')!;
    expect(k.dayClose).toBe('differences');
    expect(k.closes).toEqual([
      expect.objectContaining({
        terminalId: 'terminal',
        balanced: false,
        corrections: [
          { paymentId: 'k1-a', amountMinor: 100, note: 'terminal counted 1 EUR more: receipt found', by: 'Sofia (sofia)', at: '2026-12-01T17:10:00.000Z' },
        ],
      }),
    ]);
  });

  it("shows the hub's own day-close corrections too", () => {
    const closeId = paidAndClosed(hub, 8500);
    expect(addCorrection(hub, closeId, { note: 'counted again', by: 'Sofia (sofia)', at: new Date('2026-12-01T17:20:00Z') }).ok).toBe(true);
    const d = postDay(hub, DAY, bounds, { localId: 'hub' });
    expect(d.kiosks[0]!.closes![0]!.corrections).toEqual([
      { paymentId: null, amountMinor: null, note: 'counted again', by: 'Sofia (sofia)', at: '2026-12-01T17:20:00.000Z' },
    ]);
  });
});
