import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openJournal, type Db } from './db';
import { recentEvents } from './events';
import { usedRecord } from './appointment-tokens';
import {
  acknowledgeConflict,
  beginKioskClaim,
  confirmKioskClaim,
  hubClaim,
  hubProvisional,
  hubRelease,
  kioskClaimCounts,
  listConflicts,
  markKioskClaimProvisional,
  provisionalKioskClaims,
  recoverKioskClaims,
  refuseKioskClaim,
  releaseKioskClaim,
  purgePostClaims,
  releasingKioskClaims,
  settleUploadedClaims,
} from './post-claims';
import { tempDir } from '../test/support/tmp';

let db: Db;
let cleanup: () => void;
beforeEach(() => {
  const t = tempDir('post-claims-');
  cleanup = t.cleanup;
  db = openJournal(join(t.dir, 'j.sqlite'));
});
afterEach(() => {
  db.close();
  cleanup();
});

const T = 'ab12cd34ef567890';
const at = new Date('2026-12-01T08:12:00.000Z');
const later = new Date('2026-12-01T08:20:00.000Z');
const claim = (visitKey: string, when = at) => ({
  tokenId: T,
  visitKey,
  at: when,
  consulate: 'FR-PAR',
  appointmentId: 'APT-1',
  expiresAt: new Date('2026-12-02T00:00:00Z'),
});

describe('hub register', () => {
  it('a token claimed by one kiosk is refused to another, naming the first; the same visit again is accepted', () => {
    expect(hubClaim(db, 'K1', claim('visit-k1-1'))).toEqual({ ok: true });
    expect(hubClaim(db, 'K2', claim('visit-k2-1', later))).toEqual({ ok: false, kioskId: 'K1', usedAt: at.toISOString() });
    expect(hubClaim(db, 'K1', claim('visit-k1-1'))).toEqual({ ok: true });
    expect(hubClaim(db, 'K1', claim('visit-k1-2', later))).toEqual({ ok: false, kioskId: 'K1', usedAt: at.toISOString() });
  });

  it('only the claiming kiosk and visit release; a release is idempotent', () => {
    hubClaim(db, 'K1', claim('visit-k1-1'));
    expect(hubRelease(db, 'K2', { tokenId: T, visitKey: 'visit-k1-1', reason: 'x', at })).toEqual({ ok: false, reason: 'not-yours', kioskId: 'K1' });
    expect(hubRelease(db, 'K1', { tokenId: T, visitKey: 'visit-old-1', reason: 'x', at })).toEqual({ ok: true, released: false });
    expect(hubRelease(db, 'K1', { tokenId: T, visitKey: 'visit-k1-1', reason: 'walked away', at })).toEqual({ ok: true, released: true });
    expect(hubRelease(db, 'K1', { tokenId: T, visitKey: 'visit-k1-1', reason: 'walked away', at })).toEqual({ ok: true, released: false });
    expect(hubClaim(db, 'K2', claim('visit-k2-1', later))).toEqual({ ok: true });
  });

  it('a provisional claim the register holds for another visit is one conflict, raised and journaled once', () => {
    expect(hubProvisional(db, 'K1', [claim('visit-k1-1')], later)).toEqual({ results: [{ visitKey: 'visit-k1-1', outcome: 'accepted' }], raised: [] });
    const first = hubProvisional(db, 'K2', [claim('visit-k2-1', new Date(at.getTime() + 5000))], later);
    expect(first.results).toEqual([{ visitKey: 'visit-k2-1', outcome: 'conflict', conflictId: expect.any(Number) }]);
    expect(first.raised).toHaveLength(1);
    const again = hubProvisional(db, 'K2', [claim('visit-k2-1', new Date(at.getTime() + 5000))], later);
    expect(again.raised).toEqual([]);
    expect(again.results).toEqual(first.results);
    expect(recentEvents(db, { kindPrefix: 'post.token-conflict' })).toHaveLength(1);
    const [c] = listConflicts(db);
    expect(c).toMatchObject({ tokenId: T, kioskId: 'K2', heldKioskId: 'K1', heldAt: at.toISOString(), appointmentId: 'APT-1', acknowledgedAt: null });
    expect(acknowledgeConflict(db, c!.id, 'sup1', 'both seen at counter 3', later)).toEqual({ ok: true });
    expect(acknowledgeConflict(db, c!.id, 'sup1', null, later)).toEqual({ ok: false, reason: 'already-acknowledged' });
    expect(acknowledgeConflict(db, 999, 'sup1', null, later)).toEqual({ ok: false, reason: 'not-found' });
    expect(listConflicts(db)[0]).toMatchObject({ acknowledgedBy: 'sup1', note: 'both seen at counter 3' });
  });
});

describe('kiosk claims', () => {
  it('a claim checks in on the kiosk journal first; confirmed, provisional, refused', () => {
    expect(beginKioskClaim(db, 'K1', claim('visit-a-0001'))).toEqual({ ok: true });
    expect(usedRecord(db, T)).toEqual({ kioskId: 'K1', usedAt: at.toISOString() });
    expect(beginKioskClaim(db, 'K1', claim('visit-a-0002'))).toMatchObject({ ok: false, kioskId: 'K1' });
    markKioskClaimProvisional(db, 'K1', 'visit-a-0001', 'timeout', at);
    expect(provisionalKioskClaims(db).map((r) => r.visitKey)).toEqual(['visit-a-0001']);
    expect(recentEvents(db, { kindPrefix: 'appointment.claim-provisional' })).toHaveLength(1);
    settleUploadedClaims(db, [{ visitKey: 'visit-a-0001', outcome: 'conflict' }]);
    expect(kioskClaimCounts(db)).toMatchObject({ provisional: 0, conflict: 1 });

    const U = 'cd12cd34ef567890';
    beginKioskClaim(db, 'K1', { ...claim('visit-b-0001'), tokenId: U });
    refuseKioskClaim(db, 'K1', 'visit-b-0001', U, { kioskId: 'K2', usedAt: at.toISOString() }, at);
    expect(usedRecord(db, U)).toBeUndefined();
    expect(kioskClaimCounts(db)).toMatchObject({ claiming: 0 });

    beginKioskClaim(db, 'K1', { ...claim('visit-c-0001'), tokenId: U });
    confirmKioskClaim(db, 'visit-c-0001');
    expect(releaseKioskClaim(db, 'K1', U, 'visit ended before payment', at)).toBe('visit-c-0001');
    expect(usedRecord(db, U)).toBeUndefined();
    expect(releasingKioskClaims(db).map((r) => r.visitKey)).toEqual(['visit-c-0001']);
  });

  it('a claim left "claiming" by a crash is uploaded as provisional', () => {
    beginKioskClaim(db, 'K1', claim('visit-a-0001'));
    expect(provisionalKioskClaims(db)).toEqual([]);
    expect(recoverKioskClaims(db)).toBe(1);
    expect(provisionalKioskClaims(db).map((r) => r.visitKey)).toEqual(['visit-a-0001']);
  });

  it('retention takes the appointment ids out of the post tables and drops what is settled and expired', () => {
    beginKioskClaim(db, 'K1', claim('visit-a-0001'));
    confirmKioskClaim(db, 'visit-a-0001');
    const U = 'cd12cd34ef567890';
    beginKioskClaim(db, 'K1', { ...claim('visit-b-0001'), tokenId: U });
    markKioskClaimProvisional(db, 'K1', 'visit-b-0001', 'timeout', at);
    hubProvisional(db, 'K2', [{ ...claim('visit-k2-1'), tokenId: U }], later);
    const [c] = listConflicts(db);
    acknowledgeConflict(db, c!.id, 'sup1', null, later);
    const now = new Date('2026-12-20T00:00:00Z');
    expect(purgePostClaims(db, '2026-12-10T00:00:00.000Z', now)).toBeGreaterThan(0);
    expect(kioskClaimCounts(db)).toMatchObject({ confirmed: 0, provisional: 1 });
    expect(provisionalKioskClaims(db)[0]?.appointmentId).toBeNull(); // still to upload, without the id
    expect(listConflicts(db)[0]?.appointmentId).toBeNull();
  });
});
