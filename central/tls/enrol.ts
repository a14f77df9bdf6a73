// `kiosk central enrol --post FR-PAR`: a one-time code for one post, pinned to the central CA (shared/enrolment-code.ts).
import { PostId } from '../../shared/central-api';
import { newEnrolmentCode, secretHash } from '../../shared/enrolment-code';
import { pemFingerprint } from '../../shared/x509';
import type { CentralDb } from '../db/db';
import { addEnrolmentCode } from '../db/enrolment';
import { centralCaPem } from './identity';

/** A week: a code travels to a post by a second channel (a phone call, a sealed letter) and may wait for its technician. */
export const MAX_VALID_MINUTES = 7 * 24 * 60;

export type EnrolPostResult = { ok: true; postId: string; code: string; expiresAt: string } | { ok: false; detail: string };

export async function enrolPost(
  db: CentralDb,
  dataDir: string,
  o: { postId: string; validMinutes: number; name?: string; now?: Date },
): Promise<EnrolPostResult> {
  const id = PostId.safeParse(o.postId);
  if (!id.success) return { ok: false, detail: `--post ${o.postId}: ${id.error.issues[0]?.message}` };
  if (!Number.isInteger(o.validMinutes) || o.validMinutes < 1 || o.validMinutes > MAX_VALID_MINUTES)
    return { ok: false, detail: `--valid-minutes ${o.validMinutes}: give whole minutes from 1 to ${MAX_VALID_MINUTES} (a week)` };
  const ca = centralCaPem(dataDir);
  if (!ca.ok) return ca;
  const now = o.now ?? new Date();
  const expiresAt = new Date(now.getTime() + o.validMinutes * 60_000);
  const { text, code } = newEnrolmentCode(pemFingerprint(ca.caPem));
  await addEnrolmentCode(db, { postId: id.data, secretHash: secretHash(code.secret), expiresAt, at: now, name: o.name ?? null });
  return { ok: true, postId: id.data, code: text, expiresAt: expiresAt.toISOString() };
}
