// Wrong-PIN counters: at most `max` failures per key in a window, then the key is locked for a while.
// Keys come from the network (client addresses), so the map is bounded: expired entries go first, then
// the least recently failed ones. Evicting an address only forgets its count; the global key still holds.

interface Entry {
  count: number;
  since: number;
  lockedUntil: number;
}

export interface ThrottleRule {
  max: number;
  windowMs: number;
  lockMs: number;
}

export class FailureThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity: number) {}

  /** Milliseconds until `key` may try again; 0 when it may now. */
  lockedFor(key: string, now: number): number {
    const e = this.entries.get(key);
    return e && e.lockedUntil > now ? e.lockedUntil - now : 0;
  }

  /** Counts one failure; true when it locked the key. */
  fail(key: string, now: number, rule: ThrottleRule): boolean {
    let e = this.entries.get(key);
    if (!e || this.expired(e, now, rule.windowMs)) e = { count: 0, since: now, lockedUntil: 0 };
    e.count++;
    const locks = e.count >= rule.max && e.lockedUntil <= now;
    if (locks) e.lockedUntil = now + rule.lockMs;
    // Re-inserted at the end: Map order is then "least recently failed first" for eviction.
    this.entries.delete(key);
    this.entries.set(key, e);
    if (this.entries.size > this.capacity) this.evict(now, rule.windowMs);
    return locks;
  }

  /** Takes back one counted failure (it was a right PIN after all), and the lock it set, if it set one. */
  refund(key: string, locked: boolean): void {
    const e = this.entries.get(key);
    if (!e) return;
    e.count = Math.max(0, e.count - 1);
    if (locked) e.lockedUntil = 0;
  }

  clear(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  private expired(e: Entry, now: number, windowMs: number): boolean {
    return now >= e.since + windowMs && now >= e.lockedUntil;
  }

  private evict(now: number, windowMs: number): void {
    for (const [k, e] of this.entries) if (this.expired(e, now, windowMs)) this.entries.delete(k);
    for (const k of this.entries.keys()) {
      if (this.entries.size <= this.capacity) break;
      this.entries.delete(k);
    }
  }
}
