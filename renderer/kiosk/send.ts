import type { CheckinCommand } from '../../shared/checkin-api';

/** Sends one visitor action to the flow in the daemon; the new screen arrives over the WebSocket. */
export async function send(cmd: CheckinCommand): Promise<void> {
  const res = await fetch('/api/checkin/event', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(cmd) });
  if (!res.ok) console.warn('the kiosk refused an action', cmd.type, res.status, await res.text());
}
