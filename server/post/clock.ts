// The kiosk's clock against its hub's (issue 15, item 7). Numbers are per business day in the consulate's zone:
// a kiosk whose clock is minutes off would print tickets (from the hub or from its offline block) dated on the
// wrong day or ordered wrongly among the other kiosks'. The kiosk asks GET /api/post/hello at start and every few
// minutes; the difference is the hub's time against the midpoint of the request (the usual NTP-style estimate:
// the hub read its clock somewhere between send and receive, so the error is at most half the round trip).
// Beyond post.maxClockSkewSeconds the kiosk refuses to issue numbers until the clock is back within bounds.
import type { Db } from '../../store/db';
import { appendEvent } from '../../store/events';
import { HubHello } from '../../shared/post-trust-api';
import type { HubFailureReason, HubLink } from './link';

export type SkewMeasure =
  { ok: true; skewMs: number; roundTripMs: number; hubTime: string } | { ok: false; reason: HubFailureReason | 'bad-answer'; detail: string };

/** One measure: positive skewMs means the hub's clock is ahead of this kiosk's. */
export async function measureSkew(link: HubLink, now: () => Date = () => new Date(), timeoutMs = 5000): Promise<SkewMeasure> {
  const sent = now().getTime();
  const a = await link.request('GET', '/api/post/hello', undefined, { timeoutMs });
  const received = now().getTime();
  if (!a.ok) return { ok: false, reason: a.reason, detail: a.detail };
  const p = HubHello.safeParse(a.body);
  if (!p.success) return { ok: false, reason: 'bad-answer', detail: "the hub's hello has no time in it: do hub and kiosk run the same version?" };
  return { ok: true, skewMs: Date.parse(p.data.hubTime) - (sent + received) / 2, roundTripMs: received - sent, hubTime: p.data.hubTime };
}

/** "the kiosk's clock is 7 minutes behind the hub's: a technician must set the time" — shown to the visitor and staff. */
export function skewText(skewMs: number): string {
  const abs = Math.abs(skewMs);
  const amount = abs >= 90_000 ? `${Math.round(abs / 60_000)} minutes` : `${Math.round(abs / 1000)} seconds`;
  return `the kiosk's clock is ${amount} ${skewMs > 0 ? 'behind' : 'ahead of'} the hub's`;
}

/** Why numbers are refused: the words for staff and the log, and the facts for the visitor's flow and the staff alert. */
export interface ClockRefusal {
  reason: 'clock';
  detail: string;
  /** Positive: the hub's clock is ahead of this kiosk's. */
  skewMs: number;
  maxSkewSeconds: number;
}

export interface ClockStatus {
  /** Last successful measure (ISO), null before the first. */
  checkedAt: string | null;
  skewMs: number | null;
  roundTripMs: number | null;
  maxSkewSeconds: number;
  /** Why numbers are refused now, or null. */
  refusal: string | null;
  lastFailure: { reason: string; detail: string; at: string } | null;
}

export interface ClockCheck {
  /** Measures once now; resolves with the status after it. */
  check(): Promise<ClockStatus>;
  start(): void;
  stop(): void;
  status(): ClockStatus;
  /** Null while numbers may be issued; else why, for the visitor flow and the staff alert. */
  refusal(): ClockRefusal | null;
}

export function createClockCheck(o: {
  link: HubLink;
  db: Db;
  kioskId: string;
  maxSkewSeconds: number;
  now?: () => Date;
  /** Between checks (default 3 min). An unreachable hub keeps the last verdict: the clock does not jump by itself. */
  intervalMs?: number;
  timeoutMs?: number;
}): ClockCheck {
  const now = o.now ?? (() => new Date());
  const interval = o.intervalMs ?? 180_000;
  let checkedAt: string | null = null;
  let skewMs: number | null = null;
  let roundTripMs: number | null = null;
  let refusal: ClockRefusal | null = null;
  let lastFailure: ClockStatus['lastFailure'] = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = true;
  let inFlight: Promise<ClockStatus> | null = null;

  const status = (): ClockStatus => ({ checkedAt, skewMs, roundTripMs, maxSkewSeconds: o.maxSkewSeconds, refusal: refusal?.detail ?? null, lastFailure });

  async function measure(): Promise<ClockStatus> {
    const m = await measureSkew(o.link, now, o.timeoutMs);
    const at = now().toISOString();
    if (!m.ok) {
      lastFailure = { reason: m.reason, detail: m.detail, at };
      return status();
    }
    lastFailure = null;
    checkedAt = at;
    skewMs = Math.round(m.skewMs);
    roundTripMs = m.roundTripMs;
    const off = Math.abs(m.skewMs) > o.maxSkewSeconds * 1000;
    if (off) {
      const first = !refusal;
      const detail = `${skewText(m.skewMs)} (${o.maxSkewSeconds} s allowed): a technician must set the time; no ticket numbers until then`;
      refusal = { reason: 'clock', detail, skewMs, maxSkewSeconds: o.maxSkewSeconds };
      if (first) appendEvent(o.db, { kind: 'post.clock-off', subject: o.kioskId, payload: { skewMs, maxSkewSeconds: o.maxSkewSeconds, hubTime: m.hubTime } });
    } else if (refusal) {
      refusal = null;
      appendEvent(o.db, { kind: 'post.clock-ok', subject: o.kioskId, payload: { skewMs, maxSkewSeconds: o.maxSkewSeconds } });
    }
    return status();
  }

  function check(): Promise<ClockStatus> {
    inFlight ??= measure().finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  function schedule(ms: number) {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = null;
      // A failed measure is retried sooner: the first verdict matters most.
      void check().then((s) => schedule(s.lastFailure ? Math.min(interval, 15_000) : interval));
    }, ms);
    timer.unref?.();
  }

  return {
    check,
    status,
    refusal: () => refusal,
    start() {
      stopped = false;
      schedule(0);
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
