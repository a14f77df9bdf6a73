// Estimated wait: people ahead × the median of recent service times ÷ counters open for the service.
// The median, not the mean: one 40-minute case should not make the next twenty visitors expect an hour.

export interface EstimateInput {
  ahead: number;
  /** Recent service durations in minutes (newest first); may be empty. */
  recentMinutes: readonly number[];
  openCounters: number;
  defaultServiceMinutes: number;
  /** Below this many samples the default is used. */
  minSamples?: number;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  if (s.length === 0) return NaN;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function estimateWaitMinutes(i: EstimateInput): number {
  const per = i.recentMinutes.length >= (i.minSamples ?? 3) ? median(i.recentMinutes) : i.defaultServiceMinutes;
  return Math.round((i.ahead * per) / Math.max(1, i.openCounters));
}
