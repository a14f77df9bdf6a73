// Which post sent a request: its bearer credential (from `kiosk central join`) → its post id. The central
// service keeps only the credential's SHA-256; a revoked post is refused with what to do.
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { CentralDb } from '../db/db';
import { postByCredentialHash, touchPost } from '../db/posts';

export type PostAuthResult = { ok: true; postId: string } | { ok: false; status: 401 | 403; reason: 'no-credential' | 'unknown' | 'revoked'; detail: string };

export type PostAuth = (req: FastifyRequest) => Promise<PostAuthResult>;

export const credentialHash = (credential: string): Buffer => createHash('sha256').update(credential).digest();

/** "Last contact" is written at most this often per post. */
const TOUCH_EVERY_MS = 15_000;

export function postAuth(db: CentralDb, o: { now?: () => Date } = {}): PostAuth {
  const now = o.now ?? (() => new Date());
  const touched = new Map<string, number>();
  return async (req) => {
    const m = /^Bearer +(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!m)
      return {
        ok: false,
        status: 401,
        reason: 'no-credential',
        detail: 'this request carries no post credential: on the post, run kiosk central join --url https://HOST:PORT --code CODE',
      };
    const post = await postByCredentialHash(db, credentialHash(m[1]!));
    if (!post)
      return {
        ok: false,
        status: 401,
        reason: 'unknown',
        detail: 'the central service does not know this credential: enrol the post again (kiosk central enrol --post ID) and run kiosk central join on it',
      };
    if (post.revokedAt)
      return {
        ok: false,
        status: 403,
        reason: 'revoked',
        detail: `post ${post.postId} was revoked at ${post.revokedAt.toISOString()} (${post.revokedReason ?? 'no reason given'}): enrol it again to resume`,
      };
    const t = now();
    const last = touched.get(post.postId);
    if (last === undefined || t.getTime() - last >= TOUCH_EVERY_MS) {
      touched.set(post.postId, t.getTime());
      await touchPost(db, post.postId, t);
    }
    return { ok: true, postId: post.postId };
  };
}
