// Estimated wait: people ahead × the mean of recent service times ÷ counters open for the service.
// The mean, not the median: service times are skewed (most files take minutes, one in twenty a supervisor and four
// times as long), and a line of twenty people takes twenty times the mean, long cases included. Replayed days
// (bench/estimate.bench.ts, issue 18) measured the median making visitors wait longer than told twice as often: the
// median absolute error fell from 10.9 to 7.5 minutes with the mean, and visitors kept waiting more than 10 minutes
// past what they were told went from 48 % to 28 %. One long case among the last 20 moves the mean by a fifth, not to
// an hour.

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

export function mean(xs: readonly number[]): number {
  return xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
}

export function estimateWaitMinutes(i: EstimateInput): number {
  const per = i.recentMinutes.length >= (i.minSamples ?? 3) ? mean(i.recentMinutes) : i.defaultServiceMinutes;
  return Math.round((i.ahead * per) / Math.max(1, i.openCounters));
}
