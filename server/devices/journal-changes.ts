// Each change of this daemon's device lights is journaled as one `devices.changed` event holding the whole list (as a
// kiosk reports it to its hub: status, detail, last error, paper). The journal is what leaves the daemon: the central
// service projects a post's devices from it (issue 16, "devices in fault"). Before, only a hub's view of its kiosks
// (`post.kiosk-devices`) and a technician's simulated faults reached it, so a standalone post's printer out of paper
// or terminal unplugged never showed. Changes within `settleMs` are written once, with the state they settle on: a
// flapping cable costs one event per second at most, not one per flap.
import type { Db } from '../../store/db';
import { appendEvent } from '../../store/events';
import { deviceReporter, type PaperBits } from '../post/alerts/devices';
import type { DeviceRegistry } from './registry';

export const DEVICES_CHANGED_EVENT = 'devices.changed';

export interface DeviceChangeJournal {
  /** Writes a pending change now (at shutdown). */
  flush(): void;
  stop(): void;
}

export function journalDeviceChanges(o: {
  db: Db;
  registry: Pick<DeviceRegistry, 'list' | 'onChange'>;
  printerStatus: () => PaperBits | null;
  settleMs?: number;
}): DeviceChangeJournal {
  const reporter = deviceReporter(o.registry, o.printerStatus);
  // What a change is: a light, its words or the paper; not `since` alone nor the remembered last error.
  const keyOf = (list: ReturnType<typeof reporter.list>) => JSON.stringify(list.map((d) => [d.id, d.status, d.detail, d.paper]));
  let written: string | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const write = () => {
    timer = null;
    if (stopped || !o.db.open) return;
    const list = reporter.list();
    const key = keyOf(list);
    if (key === written) return;
    written = key;
    appendEvent(o.db, { kind: DEVICES_CHANGED_EVENT, payload: { devices: list } });
  };
  const off = o.registry.onChange((list) => {
    reporter.saw(list);
    if (!timer) timer = setTimeout(write, o.settleMs ?? 1000);
    timer.unref?.();
  });
  // The state at start: `daemon.started` names the devices but cannot know their lights yet.
  write();
  return {
    flush() {
      if (timer) clearTimeout(timer);
      write();
    },
    stop() {
      stopped = true;
      off();
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
