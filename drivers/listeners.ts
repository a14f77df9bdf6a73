/**
 * A tiny listener list for the drivers' onData/onClose/onLost subscriptions. A listener that unsubscribes
 * while being called does not disturb the others: emit iterates over a copy.
 */
export class Listeners<T> {
  private readonly fns = new Set<(v: T) => void>();
  add(fn: (v: T) => void): () => void {
    this.fns.add(fn);
    return () => this.fns.delete(fn);
  }
  emit(v: T): void {
    for (const fn of [...this.fns]) fn(v);
  }
}
