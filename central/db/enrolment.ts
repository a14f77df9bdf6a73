// Enrolling posts (issue 16): one-time codes (their SHA-256 only), redeemed once for a post credential, and revocation.
// As the hub's store/post-kiosks.ts for kiosks. A code is bound to the post it was issued for.
import { inTransaction, type CentralDb } from './db';

const bytes = (hex: string) => Buffer.from(hex, 'hex');

/** Creates the post if new (with its name, if given) and stores a code for it. */
export async function addEnrolmentCode(
  db: CentralDb,
  o: { postId: string; secretHash: string; expiresAt: Date; at: Date; name?: string | null },
): Promise<void> {
  await inTransaction(db, async (c) => {
    await c.query('INSERT INTO posts (post_id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (post_id) DO UPDATE SET name = coalesce($2, posts.name)', [
      o.postId,
      o.name ?? null,
      o.at,
    ]);
    await c.query('INSERT INTO enrolment_codes (secret_hash, post_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [
      bytes(o.secretHash),
      o.postId,
      o.at,
      o.expiresAt,
    ]);
  });
}

export type RedeemResult =
  | { ok: true; postId: string }
  | { ok: false; reason: 'unknown' }
  | { ok: false; reason: 'other-post'; postId: string }
  | { ok: false; reason: 'used' | 'expired'; postId: string; at: string };

/**
 * Spends the code and sets the post's credential (replacing an earlier one, lifting a revocation), in one transaction.
 * A code presented by another post is not spent (it was mistaken, or stolen: either way its own post still needs it).
 */
export async function redeemEnrolmentCode(db: CentralDb, o: { secretHash: string; postId: string; credentialHash: Buffer; at: Date }): Promise<RedeemResult> {
  return inTransaction(db, async (c) => {
    const r = await c.query<{ postId: string; expiresAt: Date; usedAt: Date | null }>(
      'SELECT post_id AS "postId", expires_at AS "expiresAt", used_at AS "usedAt" FROM enrolment_codes WHERE secret_hash = $1 FOR UPDATE',
      [bytes(o.secretHash)],
    );
    const code = r.rows[0];
    if (!code) return { ok: false, reason: 'unknown' };
    if (code.postId !== o.postId) return { ok: false, reason: 'other-post', postId: code.postId };
    if (code.usedAt) return { ok: false, reason: 'used', postId: code.postId, at: code.usedAt.toISOString() };
    if (code.expiresAt.getTime() <= o.at.getTime()) return { ok: false, reason: 'expired', postId: code.postId, at: code.expiresAt.toISOString() };
    await c.query('UPDATE enrolment_codes SET used_at = $2 WHERE secret_hash = $1', [bytes(o.secretHash), o.at]);
    await c.query('UPDATE posts SET credential_hash = $2, enrolled_at = $3, revoked_at = NULL, revoked_reason = NULL WHERE post_id = $1', [
      o.postId,
      o.credentialHash,
      o.at,
    ]);
    return { ok: true, postId: o.postId };
  });
}

export type RevokeResult = { ok: true; revokedAt: string } | { ok: false; reason: 'unknown' } | { ok: false; reason: 'already'; revokedAt: string };

/** Refuses the post's credential from now on and deletes its unused codes (a code issued before the revocation must not undo it). */
export async function revokePostAndCodes(db: CentralDb, o: { postId: string; reason: string; at: Date }): Promise<RevokeResult> {
  return inTransaction(db, async (c) => {
    const r = await c.query<{ revokedAt: Date | null }>('SELECT revoked_at AS "revokedAt" FROM posts WHERE post_id = $1 FOR UPDATE', [o.postId]);
    const post = r.rows[0];
    if (!post) return { ok: false, reason: 'unknown' };
    if (post.revokedAt) return { ok: false, reason: 'already', revokedAt: post.revokedAt.toISOString() };
    await c.query('UPDATE posts SET revoked_at = $2, revoked_reason = $3 WHERE post_id = $1', [o.postId, o.at, o.reason]);
    await c.query('DELETE FROM enrolment_codes WHERE post_id = $1 AND used_at IS NULL', [o.postId]);
    return { ok: true, revokedAt: o.at.toISOString() };
  });
}
