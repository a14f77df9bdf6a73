// The hub's last known picture of each kiosk's devices: the journal's latest `post.kiosk-devices` event per kiosk
// (journaled on each change a kiosk reports), read when the hub starts and by `kiosk diag` on the hub.
import type { Db } from './db';
import { prepared } from './statements';

export const KIOSK_DEVICES_EVENT = 'post.kiosk-devices';

/** Per kiosk, its last device report: when the hub journaled it and the payload as written. */
export function lastKioskDevices(db: Db): Array<{ kioskId: string; at: string; payload: string }> {
  return prepared(
    db,
    `SELECT subject AS kioskId, at, payload FROM events
     WHERE id IN (SELECT max(id) FROM events WHERE kind = '${KIOSK_DEVICES_EVENT}' GROUP BY subject) ORDER BY subject`,
  ).all() as Array<{ kioskId: string; at: string; payload: string }>;
}
