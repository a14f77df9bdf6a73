// The named waits of the check-in flow, in milliseconds. The machine reads them through setup({ delays });
// the daemon passes config values through checkinDelays() so the accessibility floor cannot be configured
// away: a visitor always gets at least 20 s to continue after the idle warning (EN 301 549, Section 508).

export interface CheckinDelays {
  /** On the scan screen without a scan: show help (type the code, or queue as a walk-in). */
  SCAN_TIMEOUT: number;
  /** No touch on a visitor screen: show the idle warning. */
  IDLE_TIMEOUT: number;
  /** Time to continue with one touch before the visit is reset and forgotten. */
  IDLE_GRACE: number;
  /** The done screen (ticket number) before the attract screen returns. */
  DONE_TIMEOUT: number;
  /** An error screen before the attract screen returns. */
  ERROR_TIMEOUT: number;
  /** A payment on the terminal before the kiosk asks it to abort, and again for the abort's answer. */
  PAYMENT_TIMEOUT: number;
}

export const MIN_IDLE_GRACE = 20_000;

export const DEFAULT_DELAYS: Readonly<CheckinDelays> = {
  SCAN_TIMEOUT: 30_000,
  IDLE_TIMEOUT: 60_000,
  IDLE_GRACE: 30_000,
  DONE_TIMEOUT: 15_000,
  ERROR_TIMEOUT: 30_000,
  PAYMENT_TIMEOUT: 180_000,
};

export type DelaysResult = { ok: true; delays: CheckinDelays } | { ok: false; reason: 'bad-delay'; detail: string };

/** Defaults overridden by config values; refuses non-positive values and a grace under 20 s. */
export function checkinDelays(overrides: Partial<CheckinDelays> = {}): DelaysResult {
  const delays: CheckinDelays = { ...DEFAULT_DELAYS, ...overrides };
  for (const [name, ms] of Object.entries(delays)) {
    if (!Number.isInteger(ms) || ms <= 0)
      return { ok: false, reason: 'bad-delay', detail: `${name} is ${String(ms)}; give a whole number of milliseconds above 0.` };
  }
  if (delays.IDLE_GRACE < MIN_IDLE_GRACE) {
    return {
      ok: false,
      reason: 'bad-delay',
      detail: `IDLE_GRACE is ${delays.IDLE_GRACE} ms; visitors must get at least ${MIN_IDLE_GRACE} ms to continue (accessibility rule). Raise it.`,
    };
  }
  return { ok: true, delays };
}
