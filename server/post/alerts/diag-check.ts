// `kiosk diag` on a hub: each kiosk's devices as it last reported them, from the hub's journal (the last
// `post.kiosk-devices` event and the kiosk's last request), so it answers even when the hub's daemon is down.
// A device in fault or a kiosk silent for two heartbeats is a warning: the hub itself is fine.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { KioskConfig } from '../../config/schema';
import type { CheckResult } from '../../diagnostics/checks';
import { openJournal } from '../../../store/db';
import { listKiosks } from '../../../store/post-kiosks';
import { lastKioskDevices } from '../../../store/post-kiosk-devices';
import { devicesStale, KioskDeviceReport } from '../../../shared/post-alerts-api';
import { deviceLine, ago } from './words';

export function checkKioskDevices(cfg: Pick<KioskConfig, 'role' | 'dataDir'>, now = new Date()): CheckResult[] {
  if (cfg.role === 'kiosk') return [];
  const file = join(resolve(cfg.dataDir), 'journal.sqlite');
  if (!existsSync(file)) return [];
  let rows: ReturnType<typeof lastKioskDevices>;
  let seen: Map<string, string | null>;
  try {
    const db = openJournal(file, { readonly: true, migrate: false });
    try {
      rows = lastKioskDevices(db);
      seen = new Map(listKiosks(db).map((k) => [k.kioskId, k.lastSeenAt]));
    } finally {
      db.close();
    }
  } catch (err) {
    return [{ name: 'kiosk devices', ok: true, warning: true, detail: `not read from ${file}: ${(err as Error).message}` }];
  }
  return rows.map((row): CheckResult => {
    const p = JSON.parse(row.payload) as { devices?: unknown; heartbeatSeconds?: number | null };
    const list = KioskDeviceReport.array().safeParse(p.devices);
    const name = `kiosk ${row.kioskId} devices`;
    if (!list.success) return { name, ok: true, warning: true, detail: 'the last report does not read as a device list (another version?)' };
    // The kiosk's last request (any, every 15 s at most) vouches for the devices it reported last.
    const lastSeen = seen.get(row.kioskId);
    const reportedAt = lastSeen && lastSeen > row.at ? lastSeen : row.at;
    const stale = devicesStale({ reportedAt, heartbeatSeconds: p.heartbeatSeconds ?? null }, now);
    const faulty = list.data.some((d) => d.status !== 'ok');
    const head = stale ? `STALE, last heard ${ago(reportedAt, now)} (the kiosk stopped reporting); last known:` : `as of ${ago(reportedAt, now)}:`;
    return { name, ok: true, warning: stale || faulty, detail: `${head} ${list.data.map(deviceLine).join('; ')}` };
  });
}
