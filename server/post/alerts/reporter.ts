// A kiosk of a post reports its staff alert to the hub: at once on a change, and as a heartbeat so that
// a restarted hub knows every kiosk's state again and shows when a kiosk went silent.
import type { CheckinView } from '../../../shared/checkin-api';
import { staffAlertOf } from '../../checkin/staff-alert';
import type { HubLink } from '../link';

export interface AlertReporter {
  /** Call when the screen changed; sends only when what the counters see changed. */
  changed(): void;
  stop(): void;
  /** The last failure to reach the hub, or null once it answered. */
  lastError(): string | null;
}

export function startAlertReporter(o: { link: HubLink; view: () => CheckinView; heartbeatMs?: number; watchMs?: number; timeoutMs?: number }): AlertReporter {
  let sent = '';
  let sending = false;
  let again = false;
  let stopped = false;
  let error: string | null = null;
  const send = async (force: boolean) => {
    if (stopped) return;
    const report = staffAlertOf(o.view());
    // What the counters show: a kiosk that needs no staff shows nothing, whatever ticket its visit holds (else
    // every visit would be reported twice, its ticket given then gone).
    const key = JSON.stringify(report.needsStaff ? [true, report.reason, report.ticket] : [false]);
    if (!force && key === sent) return;
    if (sending) {
      again = true;
      return;
    }
    sending = true;
    const r = await o.link.request('POST', '/api/post/alerts', report, { timeoutMs: o.timeoutMs ?? 5000 });
    sending = false;
    if (r.ok) {
      sent = key;
      error = null;
    } else {
      sent = '';
      error = r.detail;
    }
    if (again) {
      again = false;
      void send(false);
    }
  };
  const timer = setInterval(() => void send(true), o.heartbeatMs ?? 30_000);
  timer.unref();
  // The daemon does not call changed() on every screen: without this watch a visitor calling for help waited
  // up to a heartbeat (30 s) before any counter saw it. view() is the flow's last view and send() sends only
  // on a change, so the watch costs nothing while nothing changes. While the hub is unreachable the heartbeat
  // alone retries: the watch would knock every half second.
  const watch = setInterval(() => {
    if (error === null) void send(false);
  }, o.watchMs ?? 500);
  watch.unref();
  void send(true);
  return {
    changed: () => void send(false),
    stop: () => {
      stopped = true;
      clearInterval(timer);
      clearInterval(watch);
    },
    lastError: () => error,
  };
}
