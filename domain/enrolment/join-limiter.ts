// How many enrolment-code guesses a joiner gets: per address and from everyone together, in windows of a minute.
// One limiter for both joins (a kiosk joining its post hub, server/post/trust/routes.ts; a post joining the central
// service, central/http/join.ts). Pure: the clock is injected. The codes are 72-bit secrets; this bounds the guessing.

export interface JoinLimits {
  /** Attempts a minute from one address. */
  perAddress: number;
  /** Attempts a minute from all addresses together. */
  all: number;
}

export type JoinAllowance = { ok: true } | { ok: false; reason: 'rate-limited'; retryAfterSeconds: number; detail: string };

export const DEFAULT_JOIN_LIMITS: JoinLimits = { perAddress: 10, all: 60 };

const WINDOW_MS = 60_000;
const EVERYONE = Symbol('everyone');

/** `take(address)` counts one attempt and says whether it may go on. */
export function createJoinLimiter(limits: JoinLimits, now: () => number, o: { maxAddresses?: number } = {}): (address: string) => JoinAllowance {
  const maxAddresses = o.maxAddresses ?? 10_000;
  const windows = new Map<string | typeof EVERYONE, { start: number; count: number }>();

  const count = (key: string | typeof EVERYONE, max: number, t: number): JoinAllowance => {
    let w = windows.get(key);
    if (!w || t - w.start >= WINDOW_MS) {
      windows.delete(key); // re-inserted last: the Map's order is the windows' age
      w = { start: t, count: 0 };
      windows.set(key, w);
    }
    w.count++;
    if (w.count <= max) return { ok: true };
    const retryAfterSeconds = Math.max(1, Math.ceil((w.start + WINDOW_MS - t) / 1000));
    return { ok: false, reason: 'rate-limited', retryAfterSeconds, detail: `too many join attempts; try again in ${retryAfterSeconds} s` };
  };

  return (address) => {
    const t = now();
    const mine = count(address, limits.perAddress, t);
    // The oldest windows go first when too many addresses are held (the everyone window is renewed each minute).
    for (const key of windows.keys()) {
      if (windows.size <= maxAddresses + 1) break;
      if (key !== EVERYONE && key !== address) windows.delete(key);
    }
    return mine.ok ? count(EVERYONE, limits.all, t) : mine;
  };
}
