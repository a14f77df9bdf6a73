// The hub's picture of every kiosk's staff alert, as each last reported it. Kept in memory: a kiosk reports
// on every change and re-sends its state every heartbeat, so a restarted hub is whole again within one
// heartbeat; each change of "needs staff" is journaled, so the history survives.
import type { Db } from '../../../store/db';
import { appendEvent } from '../../../store/events';
import type { KioskAlert, KioskAlertReport } from '../../../shared/post-alerts-api';

export class KioskAlerts {
  private readonly byKiosk = new Map<string, KioskAlert>();

  constructor(private readonly o: { db: Db; onChange: () => void; now?: () => Date }) {}

  report(kioskId: string, r: KioskAlertReport): void {
    const at = (this.o.now?.() ?? new Date()).toISOString();
    const before = this.byKiosk.get(kioskId);
    const changed = !before || before.needsStaff !== r.needsStaff || before.reason !== r.reason || before.ticket !== r.ticket;
    const since = r.needsStaff ? (before?.needsStaff && before.since ? before.since : at) : null;
    this.byKiosk.set(kioskId, { ...r, kioskId, lastContact: at, since });
    if (!changed) return;
    if (r.needsStaff || before?.needsStaff)
      appendEvent(this.o.db, { kind: 'post.kiosk-alert', subject: kioskId, payload: { needsStaff: r.needsStaff, reason: r.reason, ticket: r.ticket } });
    this.o.onChange();
  }

  list(): KioskAlert[] {
    return [...this.byKiosk.values()].sort((a, b) => a.kioskId.localeCompare(b.kioskId));
  }
}
