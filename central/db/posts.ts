// The network's posts and their credentials (issue 16). A post is known by the SHA-256 of its credential.
import type { CentralDb } from './db';

export interface PostRow {
  postId: string;
  name: string | null;
  enrolledAt: Date | null;
  revokedAt: Date | null;
  revokedReason: string | null;
  lastContact: Date | null;
}

const COLUMNS =
  'post_id AS "postId", name, enrolled_at AS "enrolledAt", revoked_at AS "revokedAt", revoked_reason AS "revokedReason", last_contact AS "lastContact"';

/** Creates the post if new (an enrolment code is issued for it next). */
export async function ensurePost(db: CentralDb, postId: string, name: string | null = null): Promise<void> {
  await db.query('INSERT INTO posts (post_id, name) VALUES ($1, $2) ON CONFLICT (post_id) DO UPDATE SET name = coalesce($2, posts.name)', [postId, name]);
}

/** Sets the post's credential (its hash), replacing any earlier one; an earlier revocation is lifted by a new enrolment. */
export async function setPostCredential(db: CentralDb, postId: string, credentialHash: Buffer, at: Date): Promise<void> {
  await db.query('UPDATE posts SET credential_hash = $2, enrolled_at = $3, revoked_at = NULL, revoked_reason = NULL WHERE post_id = $1', [
    postId,
    credentialHash,
    at,
  ]);
}

export async function postByCredentialHash(db: CentralDb, credentialHash: Buffer): Promise<PostRow | null> {
  const r = await db.query<PostRow>(`SELECT ${COLUMNS} FROM posts WHERE credential_hash = $1`, [credentialHash]);
  return r.rows[0] ?? null;
}

export async function touchPost(db: CentralDb, postId: string, at: Date): Promise<void> {
  await db.query('UPDATE posts SET last_contact = greatest(last_contact, $2) WHERE post_id = $1', [postId, at]);
}

export async function revokePost(db: CentralDb, postId: string, reason: string, at: Date): Promise<boolean> {
  const r = await db.query('UPDATE posts SET revoked_at = $2, revoked_reason = $3 WHERE post_id = $1 AND revoked_at IS NULL', [postId, at, reason]);
  return (r.rowCount ?? 0) > 0;
}

export async function listPosts(db: CentralDb): Promise<PostRow[]> {
  return (await db.query<PostRow>(`SELECT ${COLUMNS} FROM posts ORDER BY post_id`)).rows;
}
