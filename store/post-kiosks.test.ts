import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openJournal, type Db } from './db';
import { recentEvents } from './events';
import { addEnrolmentCode, kioskByCredentialHash, listKiosks, redeemEnrolmentCode, revokeKiosk, touchKiosk } from './post-kiosks';
import { tempDir } from '../test/support/tmp';

let db: Db;
let cleanup: () => void;
beforeEach(() => {
  const t = tempDir('post-kiosks-');
  cleanup = t.cleanup;
  db = openJournal(join(t.dir, 'j.sqlite'));
});
afterEach(() => {
  db.close();
  cleanup();
});

const T0 = new Date('2026-12-01T10:00:00.000Z');
const plus = (min: number) => new Date(T0.getTime() + min * 60_000);

describe('post kiosks (hub side)', () => {
  it('a code joins its kiosk once, before it expires; the kiosk is then known by its credential hash', () => {
    addEnrolmentCode(db, { kioskId: 'K2', secretHash: 's1', expiresAt: plus(60), at: T0 });
    expect(redeemEnrolmentCode(db, { secretHash: 'nope', credentialHash: 'c1', at: plus(1) })).toEqual({ ok: false, reason: 'unknown' });
    expect(redeemEnrolmentCode(db, { secretHash: 's1', credentialHash: 'c1', at: plus(1) })).toEqual({ ok: true, kioskId: 'K2' });
    expect(redeemEnrolmentCode(db, { secretHash: 's1', credentialHash: 'c2', at: plus(2) })).toEqual({
      ok: false,
      reason: 'used',
      kioskId: 'K2',
      at: plus(1).toISOString(),
    });
    expect(kioskByCredentialHash(db, 'c1')).toEqual({ kioskId: 'K2', revokedAt: null, lastSeenAt: null });
    expect(kioskByCredentialHash(db, 'c2')).toBeUndefined();

    addEnrolmentCode(db, { kioskId: 'K3', secretHash: 's2', expiresAt: plus(60), at: T0 });
    expect(redeemEnrolmentCode(db, { secretHash: 's2', credentialHash: 'c3', at: plus(61) })).toEqual({
      ok: false,
      reason: 'expired',
      kioskId: 'K3',
      at: plus(60).toISOString(),
    });
    expect(kioskByCredentialHash(db, 'c3')).toBeUndefined();
    expect(recentEvents(db, { kindPrefix: 'post.' }).map((e) => `${e.kind} ${e.subject}`)).toEqual(
      expect.arrayContaining(['post.kiosk.enrolment K2', 'post.kiosk.joined K2']),
    );
  });

  it('revocation refuses the credential and voids the unused codes; joining again replaces the credential', () => {
    addEnrolmentCode(db, { kioskId: 'K2', secretHash: 's1', expiresAt: plus(60), at: T0 });
    redeemEnrolmentCode(db, { secretHash: 's1', credentialHash: 'c1', at: plus(1) });
    addEnrolmentCode(db, { kioskId: 'K2', secretHash: 's2', expiresAt: plus(60), at: plus(2) });
    expect(revokeKiosk(db, 'K9', plus(3))).toEqual({ ok: false, reason: 'unknown' });
    expect(revokeKiosk(db, 'K2', plus(3))).toEqual({ ok: true, revokedAt: plus(3).toISOString() });
    expect(revokeKiosk(db, 'K2', plus(4))).toEqual({ ok: false, reason: 'already-revoked', revokedAt: plus(3).toISOString() });
    expect(kioskByCredentialHash(db, 'c1')).toMatchObject({ kioskId: 'K2', revokedAt: plus(3).toISOString() });
    expect(redeemEnrolmentCode(db, { secretHash: 's2', credentialHash: 'c2', at: plus(5) })).toEqual({ ok: false, reason: 'unknown' });

    addEnrolmentCode(db, { kioskId: 'K2', secretHash: 's3', expiresAt: plus(60), at: plus(6) });
    expect(redeemEnrolmentCode(db, { secretHash: 's3', credentialHash: 'c4', at: plus(7) })).toEqual({ ok: true, kioskId: 'K2' });
    expect(kioskByCredentialHash(db, 'c1')).toBeUndefined();
    expect(kioskByCredentialHash(db, 'c4')).toEqual({ kioskId: 'K2', revokedAt: null, lastSeenAt: null });
  });

  it('lists every kiosk with its enrolment, revocation and last contact', () => {
    addEnrolmentCode(db, { kioskId: 'K2', secretHash: 's1', expiresAt: plus(60), at: T0 });
    addEnrolmentCode(db, { kioskId: 'K1', secretHash: 's2', expiresAt: plus(60), at: T0 });
    redeemEnrolmentCode(db, { secretHash: 's1', credentialHash: 'c1', at: plus(1) });
    redeemEnrolmentCode(db, { secretHash: 's2', credentialHash: 'c2', at: plus(2) });
    touchKiosk(db, 'K1', plus(10));
    revokeKiosk(db, 'K2', plus(11));
    expect(listKiosks(db)).toEqual([
      { kioskId: 'K1', enrolledAt: plus(2).toISOString(), revokedAt: null, lastSeenAt: plus(10).toISOString() },
      { kioskId: 'K2', enrolledAt: plus(1).toISOString(), revokedAt: plus(11).toISOString(), lastSeenAt: null },
    ]);
  });

  it("writes a kiosk's last contact without its own fsync: the hub's event loop does not wait for the disk on a request (issue 14)", () => {
    addEnrolmentCode(db, { kioskId: 'K1', secretHash: 's1', expiresAt: plus(60), at: T0 });
    redeemEnrolmentCode(db, { secretHash: 's1', credentialHash: 'c1', at: plus(1) });
    // The synchronous level the touch's commit runs at, seen from inside it (a trigger on this connection only).
    db.exec(`CREATE TEMP TABLE seen (level INTEGER);
      CREATE TEMP TRIGGER seen_touch AFTER UPDATE OF last_seen_at ON main.post_kiosks BEGIN INSERT INTO seen SELECT synchronous FROM pragma_synchronous; END;`);
    touchKiosk(db, 'K1', plus(10));
    expect(db.prepare('SELECT level FROM seen').pluck().all()).toEqual([1]); // NORMAL: no fdatasync at its commit
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL again for the commits that need it
    expect(listKiosks(db)[0]!.lastSeenAt).toBe(plus(10).toISOString());
  });
});
