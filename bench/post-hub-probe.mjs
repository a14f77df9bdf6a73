// Loaded into the hub's process by part 4 of bench/post.bench.ts (NODE_OPTIONS=--import, issue 14, post scale): what
// the hub itself saw, to set beside what the kiosks timed. Nothing here changes the hub's work: it listens.
// - each HTTP request, from its headers read to its answer written (Node's http.server diagnostics channels);
// - the group commits of the number allocations and the batches of shipped events taken (the hub's own channels:
//   server/post/numbers/group-commit.ts, server/post/events/routes.ts);
// - the event loop's delay, sampled every 5 ms with the time of each sample (a histogram would mix the phases);
// - the journal's checkpoints, run by a worker thread (store/wal-checkpoint.ts);
// - garbage collections (perf_hooks gc entries).
// Written as JSON to $POST_BENCH_HUB_PROBE when the hub exits; times are performance.timeOrigin + now() as the
// bench's clock() (one clock for every process of the machine).
import { subscribe } from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
import { PerformanceObserver, performance } from 'node:perf_hooks';

const out = process.env.POST_BENCH_HUB_PROBE;
if (out) {
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
  process.on('exit', () => writeFileSync(out, JSON.stringify({ requests, groups, ingests, checkpoints, loop, gc })));
}
