// How good is the wait a visitor is told (issue 18, item 2)? Replayed days of walk-ins at a post's counters, each
// visitor told the estimate of domain/queue/estimate.ts at arrival (people waiting × the mean of the service's
// recent service times ÷ the counters open for it), against the wait they then had (arrival to being called).
// Reported: the absolute error in minutes, median and 90th percentile, over every visitor of every day, and how often a
// visitor waited more than 10 minutes past what they were told; beside it, in the same days, the estimate before issue
// 18 (the median instead of the mean), what the visitor would be told without learning (the configured default
// minutes per person), and an alternative that also counts the visitor's own turn.
// The days are ours, not a consulate's records: arrivals follow bench/post-day.ts (the morning peak), service times a
// log-normal around a typical time of 4 to 14 minutes (it differs by post) with one case in twenty four times longer
// (a file that needs a supervisor), 2–4 counters, one of which leaves for lunch 12:00–13:00. Seeded: a change to the estimate is judged on the same days.
//   npm run bench -- estimate      (ESTIMATE_BENCH_DAYS=200 for more days)
import { dayArrivals, CLOSES, OPENS } from './post-day';
import { estimateWaitMinutes, median } from '../domain/queue/estimate';
import { seededRandom } from '../test/support/random';
import { table } from './support';

const DAYS = Number(process.env.ESTIMATE_BENCH_DAYS) || 60;
const SAMPLE_SIZE = 20; // server/queue/config.ts estimate.sampleSize default
const DEFAULT_MINUTES = 8; // server/queue/config.ts estimate.defaultServiceMinutes default

type Estimator = (ahead: number, recent: readonly number[], open: number, idle: number) => number;
const meanOf = (recent: readonly number[]) => (recent.length >= 3 ? recent.reduce((a, b) => a + b, 0) / recent.length : DEFAULT_MINUTES);
const ESTIMATORS: Record<string, Estimator> = {
  'ours: ahead × mean of recent ÷ open counters': (ahead, recent, open) =>
    estimateWaitMinutes({ ahead, recentMinutes: recent, openCounters: open, defaultServiceMinutes: DEFAULT_MINUTES }),
  'baseline: ahead × median of recent ÷ open counters (before issue 18)': (ahead, recent, open) =>
    Math.round((ahead * (recent.length >= 3 ? median(recent) : DEFAULT_MINUTES)) / Math.max(1, open)),
  'baseline: ahead × the configured default ÷ open counters (no learning)': (ahead, _recent, open) => Math.round((ahead * DEFAULT_MINUTES) / Math.max(1, open)),
  // Counts the visitor's own turn too: better still while every counter is busy, but it tells "a few minutes" to a
  // visitor a free counter calls at once, unless the queue knew which counters are staffed and free (it does not yet).
  'alternative: (ahead + 1 − free counters) × mean ÷ open counters': (ahead, recent, open, idle) =>
    Math.round((Math.max(0, ahead + 1 - idle) * meanOf(recent)) / Math.max(1, open)),
};

/** A log-normal service time around `medianMin`, with one case in twenty four times longer. */
function serviceMinutes(random: () => number, medianMin: number): number {
  const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const t = medianMin * Math.exp(0.45 * z);
  return random() < 0.05 ? t * 4 : t;
}

interface Told {
  estimate: Record<string, number>;
  actual: number;
}

/** One day at one service's counters: each arrival told every estimator's figure, then served in order. */
function day(seed: number): Told[] {
  const random = seededRandom(seed * 7919);
  const counters = 2 + (seed % 3);
  // Posts differ: a service's typical time is 4 to 14 minutes, and the day's visitors fill about what its counters can serve.
  const typical = 4 + ((seed * 37) % 11);
  const perCounter = Math.round((CLOSES - OPENS) / (typical * 1.25));
  const arrivals = dayArrivals(Math.round(perCounter * counters * (0.8 + 0.3 * random())), seed).map((m) => OPENS + m);
  const lunch = { from: 12 * 60, to: 13 * 60 };
  const freeAt = Array.from({ length: counters }, () => OPENS);
  const recent: number[] = []; // newest first, finished services
  const finished: Array<{ at: number; minutes: number }> = [];
  const waiting: Array<{ arrived: number; told: Record<string, number> }> = [];
  const out: Told[] = [];
  const open = (t: number) => counters - (t >= lunch.from && t < lunch.to ? 1 : 0);
  const available = (c: number, t: number) => !(c === 0 && t >= lunch.from && t < lunch.to);
  // Event loop in minutes: the next arrival or the next counter free to call, whichever is first.
  let next = 0;
  for (let t = OPENS; t <= CLOSES + 600 && (next < arrivals.length || waiting.length > 0);) {
    // Services finished by t are known to the estimate (the queue reads finished tickets).
    for (let i = finished.length - 1; i >= 0; i--)
      if (finished[i]!.at <= t) {
        recent.unshift(finished[i]!.minutes);
        finished.splice(i, 1);
      }
    if (recent.length > SAMPLE_SIZE) recent.length = SAMPLE_SIZE;
    const c = freeAt.findIndex((f, i) => f <= t && available(i, t));
    if (c >= 0 && waiting.length > 0) {
      const v = waiting.shift()!;
      out.push({ estimate: v.told, actual: t - v.arrived });
      const minutes = serviceMinutes(random, typical);
      freeAt[c] = t + minutes;
      finished.push({ at: t + minutes, minutes });
      continue;
    }
    if (next < arrivals.length && arrivals[next]! <= t) {
      const told = Object.fromEntries(
        Object.entries(ESTIMATORS).map(([k, f]) => [k, f(waiting.length, recent, open(t), freeAt.filter((f, i) => f <= t && available(i, t)).length)]),
      );
      waiting.push({ arrived: arrivals[next]!, told });
      next++;
      continue;
    }
    // Nothing now: advance to the next arrival, counter becoming free, or end of lunch.
    const candidates = [next < arrivals.length ? arrivals[next]! : Infinity, ...freeAt.filter((f) => f > t), lunch.to > t ? lunch.to : Infinity];
    t = Math.max(t + 1e-9, Math.min(...candidates));
  }
  return out;
}

const all: Told[] = [];
for (let d = 1; d <= DAYS; d++) all.push(...day(d));
const pct = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const waits = all.map((x) => x.actual);
console.log(
  `${DAYS} replayed days, ${all.length} walk-in visitors (2–4 counters, lunch 12:00–13:00 one counter fewer); ` +
    `actual wait median ${median(waits).toFixed(1)} min, p90 ${pct(waits, 0.9).toFixed(1)} min`,
);
table(
  Object.keys(ESTIMATORS).map((k) => {
    const err = all.map((x) => Math.abs(x.estimate[k]! - x.actual));
    const under = all.filter((x) => x.actual - x.estimate[k]! > 10).length;
    return {
      'told at arrival': k,
      'median absolute error, min': median(err),
      'p90 absolute error, min': pct(err, 0.9),
      'waited > 10 min longer than told, %': (100 * under) / all.length,
    };
  }),
);
