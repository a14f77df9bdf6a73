// A single-consumer queue of decoded line events, so the protocol code reads like the spec:
// "send ENQ, wait up to 3 s for ACK". Waiting returns a value on timeout or abort, never throws.

export type Waited<T> = { kind: 'event'; event: T } | { kind: 'timeout' } | { kind: 'aborted' } | { kind: 'closed'; reason: string };

export class Inbox<T> {
  private readonly items: T[] = [];
  private waiter: ((w: Waited<T>) => void) | undefined;
  private closedReason: string | undefined;

  push(event: T): void {
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w({ kind: 'event', event });
    } else {
      this.items.push(event);
    }
  }

  /** Puts an event back at the front (a reader that looked one event too far). */
  unshift(event: T): void {
    this.items.unshift(event);
  }

  close(reason: string): void {
    this.closedReason = reason;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w({ kind: 'closed', reason });
    }
  }

  get closed(): string | undefined {
    return this.closedReason;
  }

  clear(): void {
    this.items.length = 0;
  }

  get size(): number {
    return this.items.length;
  }

  next(timeoutMs: number, signal?: AbortSignal): Promise<Waited<T>> {
    const first = this.items.shift();
    if (first !== undefined) return Promise.resolve({ kind: 'event', event: first });
    if (this.closedReason !== undefined) return Promise.resolve({ kind: 'closed', reason: this.closedReason });
    if (signal?.aborted) return Promise.resolve({ kind: 'aborted' });
    return new Promise((resolve) => {
      const finish = (w: Waited<T>) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (this.waiter === finish) this.waiter = undefined;
        resolve(w);
      };
      const onAbort = () => finish({ kind: 'aborted' });
      const timer = setTimeout(() => finish({ kind: 'timeout' }), Math.max(0, timeoutMs));
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiter = finish;
    });
  }
}

/** Zero or less resolves at once (setTimeout(0) would still cost a millisecond per call). */
export function sleep(ms: number): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((r) => setTimeout(r, ms));
}
