// A kiosk of a post reports to its hub its staff alert (for the counters) and its devices (for the hub's
// diagnostics): at once on a change the check-in flow or the device registry announces, as a slow heartbeat so
// that a restarted hub knows every kiosk again and sees when one went silent, and again after a failed send.
// Nothing polls: the flow and the registry say when something changed (issue 15, items 6 and 7).
import type { CheckinView } from '../../../shared/checkin-api';
import { DEFAULT_HEARTBEAT_SECONDS, type KioskAlertReport } from '../../../shared/post-alerts-api';
import { staffAlertOf } from '../../checkin/staff-alert';
import type { DeviceRegistry } from '../../devices/registry';
import type { HubLink } from '../link';
import { deviceReporter, type PaperBits } from './devices';

export interface AlertReporter {
  /** Call when something the hub shows may have changed; sends only when it did. */
  changed(): void;
  stop(): void;
  /** The last failure to reach the hub, or null once it answered. */
  lastError(): string | null;
}

export interface KioskReporterDeps {
  link: Pick<HubLink, 'request'>;
  /** The check-in flow: its current view, and a call on each change (CheckinRunner.onView). */
  checkin: { view(): CheckinView; onView(fn: () => void): () => void };
  /** What the kiosk's own diagnostics page shows of its devices (null: not reported, the hub keeps what it knew). */
  devices: Pick<DeviceRegistry, 'list' | 'onChange'> | null;
  /** The printer's last status bits, for its paper state (PrinterSlot.service.lastStatus). */
  printerStatus?: () => PaperBits | null;
  heartbeatMs?: number;
  /** The first retry after a failed send; each further one waits twice as long, up to the heartbeat. */
  retryMs?: number;
  timeoutMs?: number;
}

export function startKioskReporter(o: KioskReporterDeps): AlertReporter {
  const heartbeatMs = o.heartbeatMs ?? DEFAULT_HEARTBEAT_SECONDS * 1000;
  const firstRetryMs = Math.min(o.retryMs ?? 2000, heartbeatMs);
  const devices = o.devices ? deviceReporter(o.devices, o.printerStatus ?? (() => null)) : null;
  let sentKey: string | null = null;
  let inFlight = false;
  let again = false;
  let queued = false;
  let failing = false;
  let stopped = false;
  let error: string | null = null;
  let retryMs = firstRetryMs;
  let timer: NodeJS.Timeout | null = null;

  const current = (): { report: KioskAlertReport; key: string } => {
    const alert = staffAlertOf(o.checkin.view());
    const list = devices?.list();
    // What the counters show: a kiosk that needs no staff shows nothing, whatever ticket its visit holds (else
    // every visit would be reported twice, its ticket given then gone).
    const shown = alert.needsStaff ? [true, alert.reason, alert.ticket] : [false];
    const heartbeatSeconds = Math.max(1, Math.round(heartbeatMs / 1000));
    return { report: { ...alert, ...(list ? { devices: list } : {}), heartbeatSeconds }, key: JSON.stringify([shown, list ?? null]) };
  };

  const arm = (ms: number) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void send(true);
    }, ms);
    timer.unref();
  };

  const send = async (force: boolean): Promise<void> => {
    if (stopped) return;
    if (inFlight) {
      again = true;
      return;
    }
    const { report, key } = current();
    if (!force && key === sentKey) return;
    inFlight = true;
    const r = await o.link.request('POST', '/api/post/alerts', report, { timeoutMs: o.timeoutMs ?? 5000 });
    inFlight = false;
    if (stopped) return;
    if (r.ok) {
      sentKey = key;
      error = null;
      failing = false;
      retryMs = firstRetryMs;
      arm(heartbeatMs);
    } else {
      sentKey = null;
      error = r.detail;
      failing = true;
      arm(retryMs);
      retryMs = Math.min(retryMs * 2, heartbeatMs);
    }
    if (again) {
      again = false;
      // While the hub is away the retry sends the latest state: a busy screen must not knock on every change.
      if (!failing) void send(false);
    }
  };

  /** Changes in one turn (a screen and the devices it woke) go as one report. */
  const changed = () => {
    if (stopped || queued || failing) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      void send(false);
    });
  };

  const offView = o.checkin.onView(changed);
  const offDevices =
    o.devices?.onChange((list) => {
      devices?.saw(list);
      changed();
    }) ?? (() => {});
  void send(true);
  return {
    changed,
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      offView();
      offDevices();
    },
    lastError: () => error,
  };
}
