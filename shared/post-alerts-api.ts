// A kiosk of a post tells its hub whether a visitor needs staff (payment locked, paper out, a call for
// help), so the counters, which connect to the hub only, see every kiosk's alert; and what its devices say,
// so the hub's diagnostics show every kiosk's devices (issue 15, items 6 and 7).
import { z } from 'zod';
import { lazy } from './lazy-schema';
import { DeviceKind, DeviceStatus } from './devices';

/** What the printer's status bits say of its paper; `unknown` when it cannot tell (one-way USB, no answer). */
export const PaperState = lazy(() => z.enum(['ok', 'near-end', 'out', 'unknown']));
export type PaperState = z.infer<typeof PaperState>;

/** One device of the kiosk, as its own diagnostics page shows it (the device registry), with its last error. */
export const KioskDeviceReport = lazy(() =>
  z.strictObject({
    id: z.string().max(32),
    kind: DeviceKind,
    /** Protocol or model: "concert", "escpos TM-T88V", "serial". */
    driver: z.string().max(128),
    simulated: z.boolean(),
    /** ok, warning, error (a fault), offline (not connected), unknown. */
    status: DeviceStatus,
    detail: z.string().max(300).nullable(),
    /** Since when the device has had this status (the kiosk's clock, ISO). */
    since: z.string().max(40),
    /** The last time the device was in error or offline, even if it recovered since. */
    lastError: z.strictObject({ detail: z.string().max(300), at: z.string().max(40) }).nullable(),
    /** Printers only. */
    paper: PaperState.nullable(),
  }),
);
export type KioskDeviceReport = z.infer<typeof KioskDeviceReport>;

const StaffAlert = lazy(() =>
  z.strictObject({
    needsStaff: z.boolean(),
    /** A lock reason, a problem code, 'staff-call', or null (the words are the counter page's). */
    reason: z.string().max(64).nullable(),
    ticket: z.string().max(32).nullable(),
    screen: z.string().max(64),
  }),
);

export const KioskAlertReport = lazy(() =>
  StaffAlert.extend({
    /** The kiosk's devices. Absent from a kiosk of an older version: the hub keeps what it knew. */
    devices: z.array(KioskDeviceReport).max(16).optional(),
    /** How often the kiosk reports when nothing changes: the hub calls its picture stale after two missed heartbeats. */
    heartbeatSeconds: z.number().int().positive().max(3600).optional(),
  }),
);
export type KioskAlertReport = z.infer<typeof KioskAlertReport>;

/**
 * A kiosk's device that keeps visitors from being served until someone acts: its printer out of paper, or a device
 * in error or not connected. The counters show it beside the kiosk's staff alert (issue 15, item 6).
 */
export const DeviceNeedingStaff = lazy(() =>
  z.strictObject({
    id: z.string(),
    kind: DeviceKind,
    problem: z.enum(['paper-out', 'fault', 'offline']),
    detail: z.string().nullable(),
  }),
);
export type DeviceNeedingStaff = z.infer<typeof DeviceNeedingStaff>;

export function devicesNeedingStaff(list: readonly KioskDeviceReport[]): DeviceNeedingStaff[] {
  return list.flatMap((d): DeviceNeedingStaff[] => {
    const base = { id: d.id, kind: d.kind, detail: d.detail };
    if (d.kind === 'printer' && d.paper === 'out') return [{ ...base, problem: 'paper-out' }];
    if (d.status === 'error') return [{ ...base, problem: 'fault' }];
    if (d.status === 'offline') return [{ ...base, problem: 'offline' }];
    return [];
  });
}

export const KioskAlert = lazy(() =>
  StaffAlert.extend({
    kioskId: z.string(),
    /** When the hub last heard from the kiosk (ISO). */
    lastContact: z.string(),
    /** Since when the kiosk has needed staff (ISO), or null. */
    since: z.string().nullable(),
    /** Its devices that need someone now (paper out, a fault), as it last reported them. */
    devices: z.array(DeviceNeedingStaff).default([]),
  }),
);
export type KioskAlert = z.infer<typeof KioskAlert>;

/** A kiosk's devices as the hub last heard them. */
export const KioskDevicesSeen = lazy(() =>
  z.object({
    /** When the hub last heard the kiosk report (ISO): a heartbeat counts, the list is as of then. */
    reportedAt: z.string(),
    heartbeatSeconds: z.number().nullable(),
    list: z.array(KioskDeviceReport),
  }),
);
export type KioskDevicesSeen = z.infer<typeof KioskDevicesSeen>;

/** A kiosk silent for two heartbeats and a margin is no longer vouching for its devices. */
export const DEFAULT_HEARTBEAT_SECONDS = 30;
export function devicesStale(seen: Pick<KioskDevicesSeen, 'reportedAt' | 'heartbeatSeconds'>, now: Date): boolean {
  const hb = seen.heartbeatSeconds ?? DEFAULT_HEARTBEAT_SECONDS;
  return now.getTime() - Date.parse(seen.reportedAt) > (2 * hb + 10) * 1000;
}
