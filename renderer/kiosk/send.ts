import type { CheckinCommand } from '../../shared/checkin-api';
import { APP_HEADER } from '../../shared/page-app';

/** The kiosk page's calls say so: the daemon never lets them use a staff session. */
export const KIOSK_HEADERS = { [APP_HEADER]: 'kiosk' } as const;

/** Sends one visitor action to the flow in the daemon; the new screen arrives over the WebSocket. */
export async function send(cmd: CheckinCommand): Promise<void> {
  const res = await fetch('/api/checkin/event', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...KIOSK_HEADERS },
    body: JSON.stringify(cmd),
  });
  if (!res.ok) console.warn('the kiosk refused an action', cmd.type, res.status, await res.text());
}

/** Signs this browser out of every staff page: a technician who signed in on the kiosk's screen does not
 *  stay signed in for the next visitor. Called whenever the attract screen shows. */
export async function endStaffSessions(): Promise<void> {
  const res = await fetch('/api/auth/logout', { method: 'POST', headers: KIOSK_HEADERS, credentials: 'same-origin' }).catch(() => null);
  if (res && !res.ok) console.warn('the kiosk could not end staff sessions', res.status);
}
