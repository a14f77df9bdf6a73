// Refused sign-ins go to the append-only journal, so the journal must not be a place an attacker can
// fill: the first refusal from an address in a minute is written at once (staff see it start), the rest
// of that minute become one summary event with a count. Addresses tracked per minute are bounded; beyond
// that, refusals are summed under "other addresses". Records carry bounded fields only.

export const REFUSAL_WINDOW_MS = 60_000;
const MAX_ADDRESSES = 64;
const MAX_SAMPLES = 5;
const OTHER = 'other addresses';

export type RefusalReason = 'bad-pin' | 'wrong-counter' | 'locked' | 'rate-limited';

export interface Refusal {
  address: string;
  reason: RefusalReason;
  counter?: string | undefined;
  user?: string | undefined;
}

interface Pending {
  since: number;
  count: number;
  reasons: Partial<Record<RefusalReason, number>>;
  counters: Set<string>;
  users: Set<string>;
}

export type WriteRefusal = (payload: Record<string, unknown>) => void;

/** Printable, short: the field is already schema-bounded, this keeps the journal safe on its own. */
const clip = (s: string) => s.replace(/[^\x20-\x7e]/g, '?').slice(0, 32);

export class RefusalLog {
  private readonly pending = new Map<string, Pending>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly write: WriteRefusal,
    private readonly now: () => number = Date.now,
  ) {}

  record(r: Refusal): void {
    const t = this.now();
    this.flush(false);
    const known = this.pending.has(r.address);
    const key = known || this.pending.size < MAX_ADDRESSES ? r.address : OTHER;
    let p = this.pending.get(key);
    if (!p) {
      p = { since: t, count: 0, reasons: {}, counters: new Set(), users: new Set() };
      this.pending.set(key, p);
      if (key !== OTHER) {
        // The first of this address's minute: written now, the rest are summed.
        this.write({
          address: clip(key),
          count: 1,
          reasons: { [r.reason]: 1 },
          counters: r.counter ? [clip(r.counter)] : [],
          users: r.user ? [clip(r.user)] : [],
          windowSeconds: 0,
        });
        this.arm();
        return;
      }
    }
    p.count++;
    p.reasons[r.reason] = (p.reasons[r.reason] ?? 0) + 1;
    if (r.counter && p.counters.size < MAX_SAMPLES) p.counters.add(clip(r.counter));
    if (r.user && p.users.size < MAX_SAMPLES) p.users.add(clip(r.user));
    this.arm();
  }

  /** Writes the summaries of finished minutes (all of them when `all`, e.g. at shutdown). */
  flush(all = true): void {
    const t = this.now();
    for (const [address, p] of this.pending) {
      if (!all && t < p.since + REFUSAL_WINDOW_MS) continue;
      this.pending.delete(address);
      if (p.count === 0) continue;
      this.write({
        address,
        count: p.count,
        reasons: p.reasons,
        counters: [...p.counters],
        users: [...p.users],
        windowSeconds: Math.max(1, Math.round((t - p.since) / 1000)),
      });
    }
    if (this.pending.size === 0) this.disarm();
  }

  close(): void {
    this.flush(true);
    this.disarm();
  }

  private arm(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush(false);
      if (this.pending.size) this.arm();
    }, REFUSAL_WINDOW_MS);
    this.timer.unref();
  }

  private disarm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
