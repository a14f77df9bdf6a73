// A kiosk's device in one line, for `kiosk diag` on the hub.
import type { KioskDeviceReport } from '../../../shared/post-alerts-api';

export function deviceLine(d: KioskDeviceReport): string {
  const paper = d.paper && d.paper !== 'ok' ? `, paper ${d.paper === 'out' ? 'out' : d.paper}` : '';
  const last = d.lastError && d.status === 'ok' ? ` (last error ${d.lastError.at}: ${d.lastError.detail})` : '';
  return `${d.id} ${d.driver}${d.simulated ? ' (simulated)' : ''} ${d.status}${d.detail ? `: ${d.detail}` : ''}${paper}${last}`;
}

export function ago(iso: string, now: Date): string {
  const s = Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 1000));
  return s < 120 ? `${s} s ago` : s < 7200 ? `${Math.round(s / 60)} min ago` : `at ${iso}`;
}
