// The back-off clock of the reconciler, injectable so tests fire it by hand instead of sleeping.

/** Calls `fn` after `ms`; returns the cancel function. */
export type RetryTimer = (ms: number, fn: () => Promise<void>) => () => void;

export const realTimer: RetryTimer = (ms, fn) => {
  // A failing question is logged by the caller's promise; the timer itself must never throw.
  const t = setTimeout(() => void fn().catch(() => undefined), ms);
  // Shutdown cancels it explicitly; unref so a forgotten stop() never keeps a process alive.
  t.unref();
  return () => clearTimeout(t);
};

/** 1 s, 2 s, 4 s … capped at 30 s: a terminal finishing a transaction is asked soon, a dead one rarely. */
export const DEFAULT_BACKOFF = (failures: number): number => Math.min(30_000, 1000 * 2 ** Math.max(0, failures - 1));
