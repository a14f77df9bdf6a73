// Loaded into the hub's process by part 4 of bench/post.bench.ts (NODE_OPTIONS=--import, issue 14, post scale): what
// the hub itself saw, to set beside what the kiosks timed. Nothing here changes the hub's work: it listens.
// - each HTTP request, from its headers read to its answer written (Node's http.server diagnostics channels);
// - the group commits of the number allocations and the batches of shipped events taken (the hub's own channels:
//   server/post/numbers/group-commit.ts, server/post/events/routes.ts);
// - the event loop's delay, sampled every 5 ms with the time of each sample (a histogram would mix the phases);
// - the journal's checkpoints, run by a worker thread (store/wal-checkpoint.ts);
// - garbage collections (perf_hooks gc entries);
// - with POST_BENCH_HUB_PROFILE=<file>, a CPU profile of the hub's main thread (V8's sampling profiler, every 200 µs),
//   written to that file (a .cpuprofile: Chrome's DevTools open it) when the hub exits; the bench sums it over the
//   replay (bench/cpu-profile.ts). Off by default: sampling costs the hub CPU, and the goal is timed without it.
// Written as JSON to $POST_BENCH_HUB_PROBE when the hub exits; times are performance.timeOrigin + now() as the
// bench's clock() (one clock for every process of the machine).
import { subscribe } from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { isMainThread } from 'node:worker_threads';

const out = process.env.POST_BENCH_HUB_PROBE;
// The hub's main thread only: a worker it starts (store/wal-checkpoint.ts) may load this too, and would write here.
if (out && isMainThread) {
  const now = () => performance.timeOrigin + performance.now();
  /** [url, start, end] */
  const requests = [];
  const groups = [];
  const ingests = [];
  /** [at, ms late] of each 5 ms tick. */
  const loop = [];
  /** [start, ms, kind] */
  const gc = [];
  const started = new WeakMap();
  subscribe('http.server.request.start', ({ request }) => started.set(request, now()));
  subscribe('http.server.response.finish', ({ request }) => {
    const s = started.get(request);
    if (s !== undefined) requests.push([request.url, s, now()]);
  });
  subscribe('kiosk:post.group-commit', (m) => groups.push(m));
  subscribe('kiosk:post.ingest', (m) => ingests.push(m));
  /** The journal's periodic checkpoints on their worker thread (store/wal-checkpoint.ts). */
  const checkpoints = [];
  subscribe('kiosk:journal.checkpoint', (m) => checkpoints.push(m));
  const TICK = 5;
  let expected = now() + TICK;
  setInterval(() => {
    const t = now();
    loop.push([t, Math.max(0, t - expected)]);
    expected = t + TICK;
  }, TICK).unref();
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gc.push([performance.timeOrigin + e.startTime, e.duration, e.detail?.kind ?? 0]);
  }).observe({ entryTypes: ['gc'] });
  const profileTo = process.env.POST_BENCH_HUB_PROFILE;
  /** The profile's clock (process.hrtime's, µs) to the bench's clock() (ms): clock() = µs / 1000 + this. */
  const profileClockOffsetMs = now() - Number(process.hrtime.bigint()) / 1e6;
  let profiler = null;
  if (profileTo) {
    profiler = new Session();
    profiler.connect();
    profiler.post('Profiler.enable');
    profiler.post('Profiler.setSamplingInterval', { interval: 200 });
    profiler.post('Profiler.start');
  }
  process.on('exit', () => {
    // An in-process session answers at once, so the profile is written before the process ends.
    profiler?.post('Profiler.stop', (err, res) => {
      if (!err) writeFileSync(profileTo, JSON.stringify(res.profile));
    });
    writeFileSync(out, JSON.stringify({ requests, groups, ingests, checkpoints, loop, gc, ...(profileTo ? { profileTo, profileClockOffsetMs } : {}) }));
  });
}
