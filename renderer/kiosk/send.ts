import type { CheckinCommand } from '../../shared/checkin-api';
import { api, UNREACHABLE } from '../lib/api';

/** Sends one visitor action to the flow in the daemon; the new screen arrives over the WebSocket. */
export async function send(cmd: CheckinCommand): Promise<void> {
  const r = await api('event', { body: cmd });
  // Unreachable daemon: the action is lost and the call rejects, as it always has; the link light shows
  // the lost connection (what the visitor sees then is another issue's).
  if (r.status === UNREACHABLE && !r.ok) throw new Error(r.reason);
  if (!r.ok) console.warn('the kiosk refused an action', cmd.type, r.status, r.reason);
}

/** Signs this browser out of every staff page: a technician who signed in on the kiosk's screen does not
 *  stay signed in for the next visitor. Called whenever the attract screen shows. */
export async function endStaffSessions(): Promise<void> {
  const r = await api('logout');
  if (!r.ok && r.status !== UNREACHABLE) console.warn('the kiosk could not end staff sessions', r.status);
}
