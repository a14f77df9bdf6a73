// The services the hub's supervisor paused for walk-ins, as a kiosk of a post learns them (issue 18 item 4). The hub
// holds the post's queue and its floor; a kiosk that did not know a pause let visitors pay for a service nobody
// would call. The kiosk reads the hub's board (the same read as the wait before paying: one request serves both)
// every few seconds, and its walk-in screen and its check before payment use what it read. When the hub is away the
// last known pauses stay: a network fault neither pauses nor resumes a service.
import type { HubBoardReader } from '../checkin/wait-preview';

export interface ServicePauses {
  isPaused(service: string): boolean;
  onChange(fn: () => void): () => void;
}

export interface HubServicePauses extends ServicePauses {
  /** Reads the hub's board now (the poll's tick; tests call it). */
  refresh(): Promise<void>;
  stop(): void;
}

/** How often a kiosk of a post reads the hub's pauses: a pause reaches every kiosk within this. */
export const HUB_PAUSES_EVERY_MS = 5_000;

export function hubServicePauses(board: HubBoardReader, o: { everyMs?: number } = {}): HubServicePauses {
  let paused = new Set<string>();
  const listeners = new Set<() => void>();
  let reading: Promise<void> | null = null;

  async function readOnce(): Promise<void> {
    const b = await board.read();
    if (!b) return;
    const now = new Set(b.waiting.filter((w) => w.paused).map((w) => w.service));
    const changed = now.size !== paused.size || [...now].some((s) => !paused.has(s));
    paused = now;
    if (changed) for (const l of listeners) l();
  }

  const refresh = () => (reading ??= readOnce().finally(() => (reading = null)));
  const timer = setInterval(() => void refresh(), o.everyMs ?? HUB_PAUSES_EVERY_MS);
  timer.unref();
  void refresh();

  return {
    isPaused: (service) => paused.has(service),
    onChange(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    refresh,
    stop: () => clearInterval(timer),
  };
}
