// `kiosk hub enrol --kiosk K2`: a one-time code for one kiosk, bound to this post's CA.
import type { Db } from '../../../store/db';
import { addEnrolmentCode } from '../../../store/post-kiosks';
import { KioskId } from '../../../shared/post-trust-api';
import { newEnrolmentCode, secretHash } from '../../../shared/enrolment-code';
import { pemFingerprint } from './fingerprint';
import { postCaPem } from './identity';

export const MAX_VALID_MINUTES = 7 * 24 * 60;

export type EnrolResult = { ok: true; kioskId: string; code: string; expiresAt: string } | { ok: false; detail: string };

export function enrolKiosk(db: Db, dataDir: string, o: { kioskId: string; validMinutes: number; now?: Date }): EnrolResult {
  const id = KioskId.safeParse(o.kioskId);
  if (!id.success) return { ok: false, detail: `--kiosk ${o.kioskId}: ${id.error.issues[0]?.message}` };
  if (!Number.isInteger(o.validMinutes) || o.validMinutes < 1 || o.validMinutes > MAX_VALID_MINUTES)
    return { ok: false, detail: `--valid-minutes ${o.validMinutes}: give whole minutes from 1 to ${MAX_VALID_MINUTES} (a week)` };
  const caPem = postCaPem(dataDir);
  if (!caPem) return { ok: false, detail: `this hub has no post identity in ${dataDir}: run kiosk hub init first` };
  const now = o.now ?? new Date();
  const expiresAt = new Date(now.getTime() + o.validMinutes * 60_000);
  const { text, code } = newEnrolmentCode(pemFingerprint(caPem));
  addEnrolmentCode(db, { kioskId: id.data, secretHash: secretHash(code.secret), expiresAt, at: now });
  return { ok: true, kioskId: id.data, code: text, expiresAt: expiresAt.toISOString() };
}
