// The hub's KioskAuth (server/post/kiosk-auth.ts): the bearer credential of a kiosk's request → its kiosk id.
// The hub keeps only the credential's hash; revoked kiosks are refused with what to do.
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../../store/db';
import { kioskByCredentialHash, touchKiosk } from '../../../store/post-kiosks';
import type { KioskAuth } from '../kiosk-auth';
import { secretHash } from '../../../shared/enrolment-code';

/** "Last seen" is written at most this often per kiosk: not one journal write per request. */
const TOUCH_EVERY_MS = 15_000;

export function kioskAuth(db: Db, o: { now?: () => Date } = {}): KioskAuth {
  const now = o.now ?? (() => new Date());
  const touched = new Map<string, number>();
  return (req: FastifyRequest) => {
    const m = /^Bearer +(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!m)
      return {
        ok: false,
        status: 401,
        reason: 'no-credential',
        detail: 'this request carries no kiosk credential: on the kiosk PC, run kiosk join --hub https://HOST:PORT --code CODE',
      };
    const kiosk = kioskByCredentialHash(db, secretHash(m[1]!));
    if (!kiosk)
      return {
        ok: false,
        status: 401,
        reason: 'unknown',
        detail:
          'the hub does not know this kiosk credential (the kiosk joined again, or joined another hub): ' +
          'enrol it again (kiosk hub enrol --kiosk ID on the hub) and run kiosk join on the kiosk',
      };
    if (kiosk.revokedAt !== null)
      return {
        ok: false,
        status: 403,
        reason: 'revoked',
        detail: `kiosk ${kiosk.kioskId} was revoked at ${kiosk.revokedAt}: enrol it again (kiosk hub enrol --kiosk ${kiosk.kioskId}) and join`,
      };
    const t = now();
    const last = touched.get(kiosk.kioskId);
    if (last === undefined || t.getTime() - last >= TOUCH_EVERY_MS) {
      touched.set(kiosk.kioskId, t.getTime());
      touchKiosk(db, kiosk.kioskId, t);
    }
    return { ok: true, kioskId: kiosk.kioskId };
  };
}
