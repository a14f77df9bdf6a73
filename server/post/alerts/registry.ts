// The hub's picture of every kiosk's staff alert and devices, as each last reported them. Kept in memory: a
// kiosk reports on every change and re-sends its state every heartbeat, so a restarted hub is whole again within
// one heartbeat; each change of "needs staff" and of the devices is journaled, so the history survives and a
// restarted hub shows a silent kiosk's last known devices (as stale) rather than nothing.
import type { Db } from '../../../store/db';
import { appendEvent } from '../../../store/events';
import { KIOSK_DEVICES_EVENT, lastKioskDevices } from '../../../store/post-kiosk-devices';
import { devicesNeedingStaff, KioskDeviceReport, type KioskAlert, type KioskAlertReport, type KioskDevicesSeen } from '../../../shared/post-alerts-api';

export class KioskAlerts {
  private readonly byKiosk = new Map<string, KioskAlert>();
  private readonly devicesByKiosk = new Map<string, KioskDevicesSeen>();

  constructor(private readonly o: { db: Db; onChange: () => void; now?: () => Date }) {
    for (const row of lastKioskDevices(o.db)) {
      const p = JSON.parse(row.payload) as { devices?: unknown; heartbeatSeconds?: number | null };
      const list = KioskDeviceReport.array().safeParse(p.devices);
      if (list.success) this.devicesByKiosk.set(row.kioskId, { reportedAt: row.at, heartbeatSeconds: p.heartbeatSeconds ?? null, list: list.data });
    }
  }

  report(kioskId: string, r: KioskAlertReport): void {
    const at = (this.o.now?.() ?? new Date()).toISOString();
    const { devices, heartbeatSeconds, ...alert } = r;
    if (devices) this.seeDevices(kioskId, devices, heartbeatSeconds ?? null, at);
    const before = this.byKiosk.get(kioskId);
    // A report without devices (a kiosk of an older version) keeps what the hub knew of them.
    const needing = devicesNeedingStaff(this.devicesByKiosk.get(kioskId)?.list ?? []);
    const devicesChanged = JSON.stringify(before?.devices ?? []) !== JSON.stringify(needing);
    const changed = !before || before.needsStaff !== alert.needsStaff || before.reason !== alert.reason || before.ticket !== alert.ticket;
    const since = alert.needsStaff ? (before?.needsStaff && before.since ? before.since : at) : null;
    this.byKiosk.set(kioskId, { ...alert, kioskId, lastContact: at, since, devices: needing });
    // Paper out or a fault at a kiosk is the counters' business too (someone must go there): they hear of it.
    if (devicesChanged && !changed) return this.o.onChange();
    if (!changed) return;
    if (alert.needsStaff || before?.needsStaff)
      appendEvent(this.o.db, {
        kind: 'post.kiosk-alert',
        subject: kioskId,
        payload: { needsStaff: alert.needsStaff, reason: alert.reason, ticket: alert.ticket },
      });
    this.o.onChange();
  }

  /** Device reports are the technician's picture: journaled on change; the counters hear only of devices needing someone. */
  private seeDevices(kioskId: string, list: KioskDeviceReport[], heartbeatSeconds: number | null, at: string): void {
    const before = this.devicesByKiosk.get(kioskId);
    this.devicesByKiosk.set(kioskId, { reportedAt: at, heartbeatSeconds, list });
    if (before && JSON.stringify(before.list) === JSON.stringify(list) && before.heartbeatSeconds === heartbeatSeconds) return;
    appendEvent(this.o.db, { kind: KIOSK_DEVICES_EVENT, subject: kioskId, payload: { devices: list, heartbeatSeconds } });
  }

  list(): KioskAlert[] {
    return [...this.byKiosk.values()].sort((a, b) => a.kioskId.localeCompare(b.kioskId));
  }

  devices(): ReadonlyMap<string, KioskDevicesSeen> {
    return this.devicesByKiosk;
  }
}
