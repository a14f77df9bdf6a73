// Whether the kiosk screen needs staff now, and why: what the counters show, here and through the hub.
import type { CheckinView } from '../../shared/checkin-api';
import type { KioskAlertReport } from '../../shared/post-alerts-api';

export function staffAlertOf(v: CheckinView): KioskAlertReport {
  const needsStaff = v.screen.startsWith('lockedForStaff') || v.screen.startsWith('printFailed') || v.tags.includes('staffCall');
  return {
    needsStaff,
    screen: v.screen,
    reason: v.visit.lockReason ?? v.visit.problem?.code ?? (v.tags.includes('staffCall') ? 'staff-call' : null),
    ticket: v.visit.ticket?.number ?? null,
  };
}
