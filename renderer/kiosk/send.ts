import type { CheckinCommand } from '../../shared/checkin-api';
import { api, UNREACHABLE } from '../lib/api';

let onUnreachable: () => void = () => {};

/** What the page does when an action cannot reach the daemon (main.ts shows the kiosk out of service). */
export function whenUnreachable(handler: () => void): void {
  onUnreachable = handler;
}

/** Sends one visitor action to the flow in the daemon; the new screen arrives over the WebSocket. */
export async function send(cmd: CheckinCommand): Promise<void> {
  const r = await api('event', { body: cmd });
  // Unreachable daemon: the action is lost (the flow lives in the daemon, nothing here could carry it on); the
  // visitor is told at once that the kiosk is out of service, before the WebSocket notices the lost connection.
  if (r.status === UNREACHABLE && !r.ok) return onUnreachable();
  if (!r.ok) console.warn('the kiosk refused an action', cmd.type, r.status, r.reason);
}

/** Signs this browser out of every staff page: a technician who signed in on the kiosk's screen does not
 *  stay signed in for the next visitor. Called whenever the attract screen shows. */
export async function endStaffSessions(): Promise<void> {
  const r = await api('logout');
  if (!r.ok && r.status !== UNREACHABLE) console.warn('the kiosk could not end staff sessions', r.status);
}
