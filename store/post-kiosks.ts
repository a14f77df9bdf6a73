// The kiosks a post hub trusts (migration 012): one-time enrolment codes and per-kiosk credentials, both
// kept as hashes only. Joining and revoking are journalled; the last contact is a plain column, not an event.
import type { Db } from './db';
import { appendEvent } from './events';
import { commitWithoutFsync, inOneCommit } from './commit';
import { prepared } from './statements';

export interface KioskRow {
  kioskId: string;
  enrolledAt: string;
  revokedAt: string | null;
  lastSeenAt: string | null;
}

export type RedeemResult =
  { ok: true; kioskId: string } | { ok: false; reason: 'unknown' } | { ok: false; reason: 'expired' | 'used'; kioskId: string; at: string };

export type RevokeResult = { ok: true; revokedAt: string } | { ok: false; reason: 'unknown' } | { ok: false; reason: 'already-revoked'; revokedAt: string };

export function addEnrolmentCode(db: Db, c: { kioskId: string; secretHash: string; expiresAt: Date; at: Date }): void {
  inOneCommit(db, () => {
    prepared(db, 'INSERT INTO post_enrolment_codes (secret_hash, kiosk_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(
      c.secretHash,
      c.kioskId,
      c.at.toISOString(),
      c.expiresAt.toISOString(),
    );
    appendEvent(db, { kind: 'post.kiosk.enrolment', subject: c.kioskId, payload: { expiresAt: c.expiresAt.toISOString() }, at: c.at });
  });
}

/**
 * Uses a code once: the kiosk it names gets `credentialHash` as its credential (replacing any earlier one, and
 * lifting a revocation: the supervisor enrolled it again). Refuses an unknown, used or expired code.
 */
export function redeemEnrolmentCode(db: Db, r: { secretHash: string; credentialHash: string; at: Date }): RedeemResult {
  return inOneCommit(db, (): RedeemResult => {
    const code = prepared(db, 'SELECT kiosk_id, expires_at, used_at FROM post_enrolment_codes WHERE secret_hash = ?').get(r.secretHash) as
      { kiosk_id: string; expires_at: string; used_at: string | null } | undefined;
    if (!code) return { ok: false, reason: 'unknown' };
    if (code.used_at !== null) return { ok: false, reason: 'used', kioskId: code.kiosk_id, at: code.used_at };
    if (Date.parse(code.expires_at) <= r.at.getTime()) return { ok: false, reason: 'expired', kioskId: code.kiosk_id, at: code.expires_at };
    const at = r.at.toISOString();
    prepared(db, 'UPDATE post_enrolment_codes SET used_at = ? WHERE secret_hash = ?').run(at, r.secretHash);
    prepared(
      db,
      `INSERT INTO post_kiosks (kiosk_id, credential_hash, enrolled_at) VALUES (?, ?, ?)
       ON CONFLICT(kiosk_id) DO UPDATE SET
         credential_hash = excluded.credential_hash, enrolled_at = excluded.enrolled_at, revoked_at = NULL, last_seen_at = NULL`,
    ).run(code.kiosk_id, r.credentialHash, at);
    appendEvent(db, { kind: 'post.kiosk.joined', subject: code.kiosk_id, payload: {}, at: r.at });
    return { ok: true, kioskId: code.kiosk_id };
  });
}

/** Refuses the kiosk's credential from now on and voids its unused codes. */
export function revokeKiosk(db: Db, kioskId: string, at: Date): RevokeResult {
  return inOneCommit(db, (): RevokeResult => {
    const row = prepared(db, 'SELECT revoked_at FROM post_kiosks WHERE kiosk_id = ?').get(kioskId) as { revoked_at: string | null } | undefined;
    const pending = prepared(db, 'DELETE FROM post_enrolment_codes WHERE kiosk_id = ? AND used_at IS NULL').run(kioskId).changes;
    if (!row) {
      if (pending > 0) appendEvent(db, { kind: 'post.kiosk.revoked', subject: kioskId, payload: { codesVoided: pending, enrolled: false }, at });
      return { ok: false, reason: 'unknown' };
    }
    if (row.revoked_at !== null) return { ok: false, reason: 'already-revoked', revokedAt: row.revoked_at };
    prepared(db, 'UPDATE post_kiosks SET revoked_at = ? WHERE kiosk_id = ?').run(at.toISOString(), kioskId);
    appendEvent(db, { kind: 'post.kiosk.revoked', subject: kioskId, payload: { codesVoided: pending, enrolled: true }, at });
    return { ok: true, revokedAt: at.toISOString() };
  });
}

export function kioskByCredentialHash(db: Db, credentialHash: string): { kioskId: string; revokedAt: string | null; lastSeenAt: string | null } | undefined {
  const row = prepared(db, 'SELECT kiosk_id, revoked_at, last_seen_at FROM post_kiosks WHERE credential_hash = ?').get(credentialHash) as
    { kiosk_id: string; revoked_at: string | null; last_seen_at: string | null } | undefined;
  return row && { kioskId: row.kiosk_id, revokedAt: row.revoked_at, lastSeenAt: row.last_seen_at };
}

/**
 * The kiosk's last contact, written by the hub's request guard (at most every 15 s per kiosk). Its own commit used to
 * end with an fdatasync on the event loop (synchronous FULL): every request behind it waited for the disk, a tail of
 * the hub's answer times (issue 14). Without it (store/commit.ts): what a kiosk's contact changes that matters (a block, an upload) is
 * committed durably after the touch in the same request, and that commit's sync makes the touch durable too. A number is answered
 * at its commit and synced just after (server/post/numbers/group-commit.ts): a power cut may lose the touch with it, which only
 * matters for a kiosk first seen today right then (server/post/numbers/recover.ts's limit).
 */
export function touchKiosk(db: Db, kioskId: string, at: Date): void {
  commitWithoutFsync(db, () => prepared(db, 'UPDATE post_kiosks SET last_seen_at = ? WHERE kiosk_id = ?').run(at.toISOString(), kioskId));
}

export function listKiosks(db: Db): KioskRow[] {
  const rows = prepared(db, 'SELECT kiosk_id, enrolled_at, revoked_at, last_seen_at FROM post_kiosks ORDER BY kiosk_id').all() as Array<{
    kiosk_id: string;
    enrolled_at: string;
    revoked_at: string | null;
    last_seen_at: string | null;
  }>;
  return rows.map((r) => ({ kioskId: r.kiosk_id, enrolledAt: r.enrolled_at, revokedAt: r.revoked_at, lastSeenAt: r.last_seen_at }));
}
