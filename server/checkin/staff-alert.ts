// Whether the kiosk screen needs staff now, and why: what the counters show, here and through the hub.
import type { CheckinView } from '../../shared/checkin-api';
import type { KioskAlertReport } from '../../shared/post-alerts-api';

/** Error screens that send the visitor to staff because only staff can act (set the kiosk's clock). */
const STAFF_PROBLEMS = new Set(['numbers-clock']);

export function staffAlertOf(v: CheckinView): KioskAlertReport {
  const needsStaff =
    v.screen.startsWith('lockedForStaff') ||
    v.screen.startsWith('printFailed') ||
    v.tags.includes('printerWaiting') ||
    v.tags.includes('staffCall') ||
    (v.screen.startsWith('error') && STAFF_PROBLEMS.has(v.visit.problem?.code ?? ''));
  return {
    needsStaff,
    screen: v.screen,
    reason: v.visit.lockReason ?? v.visit.problem?.code ?? (v.tags.includes('staffCall') ? 'staff-call' : null),
    ticket: v.visit.ticket?.number ?? null,
  };
}
