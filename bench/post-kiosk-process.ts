// One kiosk of the post in a process of its own, for part 4 of bench/post.bench.ts (issue 14, post scale): a post's
// kiosks are separate PCs. With the five kiosks in the bench's process, each kiosk's own journal commit (an fsync on
// that shared event loop) left the others' answers from the hub unread meanwhile, and the wait counted in the hub's
// answer times (the bench's loop delay p99 was 27 ms in a run whose hub p99 was 226 ms). Here each kiosk waits only
// on itself. The kiosk is joined to the hub by the parent; this process opens its journal and its post parts
// (server/post/kiosk-parts.ts), issues at its arrival times (open loop) and reports what its link timed.
import { fork } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openJournal } from '../store/db';
import { createLogger } from '../server/log';
import { kioskParts } from '../server/post/kiosk-parts';
import type { PostConfig } from '../server/post/config';
import type { KioskConfig } from '../server/config/schema';
import { createPeerLink } from '../server/http/peer-link';
import { clock } from './board-clients';

const ENV = 'KIOSK_BENCH_KIOSK';

export interface KioskProcessOptions {
  id: string;
  dir: string;
  post: PostConfig;
  consulate: KioskConfig['consulate'];
  services: KioskConfig['services'];
  numbering: { start: number; end: number; wrap: boolean; digits: number };
  /** Walk-in services issued in turn. */
  walkIns: string[];
  /**
   * The floor of the machine (bench/post-floor.ts): no journal and no kiosk parts, only the kiosk's link to this server
   * (the hub's TLS identity, `caPem` its CA), asked POST /api/post/tickets with the issuer's body at each arrival.
   */
  floor?: { url: string; caPem: string };
}
/** The kiosk's own timings of its day (ms): the hub's answers as its link saw them, whole issues, timer lateness. */
export interface KioskDay {
  answers: number[];
  issues: number[];
  lateMs: number[];
  offline: number;
  loopP99Ms: number;
}
type Ask = { day: { t0: number; arrivals: number[] } } | { close: true };
type Told = { ready: true } | { day: KioskDay } | { failed: string };

/**
 * Runs `one(i)` at each arrival (ms after `t0`, open loop: a late answer does not delay the next arrival); each run's
 * milliseconds, how late each timer fired, and the process's event-loop delay p99 meanwhile.
 */
async function replayArrivals(t0: number, arrivals: number[], one: (i: number) => Promise<void>) {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const times: number[] = [];
  const lateMs: number[] = [];
  try {
    await Promise.all(
      arrivals.map(async (at, i) => {
        await new Promise((r) => setTimeout(r, Math.max(0, t0 + at - clock())));
        const s = clock();
        lateMs.push(s - (t0 + at));
        await one(i);
        times.push(clock() - s);
      }),
    );
  } finally {
    loop.disable();
  }
  return { times, lateMs, loopP99Ms: loop.percentile(99) / 1e6 };
}

/** The floor's client: the same arrivals, the same link code, a server that answers at once (bench/post-floor.ts). */
function floorProcess(o: KioskProcessOptions, floor: { url: string; caPem: string }): void {
  const tell = (m: Told) => process.send!(m);
  const link = createPeerLink({ url: floor.url, peer: 'the floor', self: o.id, credential: `floor-${o.id}`, caPem: floor.caPem });
  // The body the issuer sends (server/post/numbers/issuer.ts).
  const body = (i: number) => ({ requestKey: `floor-${o.id}-${i}`, service: o.walkIns[i % o.walkIns.length]!, kind: 'walk-in', persons: 1, lang: 'fr' });
  const ask = async (i: number) => {
    const a = await link.request('POST', '/api/post/tickets', body(i), { timeoutMs: o.post.answerWithinMs });
    if (!a.ok) throw new Error(`the floor's server: ${a.detail}`);
  };
  process.on('message', (m: Ask) => {
    void (async () => {
      if ('close' in m) {
        link.close();
        process.exit(0);
      }
      try {
        const { times, lateMs, loopP99Ms } = await replayArrivals(m.day.t0, m.day.arrivals, ask);
        tell({ day: { answers: times, issues: times, lateMs, offline: 0, loopP99Ms } });
      } catch (err) {
        tell({ failed: String(err) });
      }
    })();
  });
  // Warm: the TLS session and the code, as the kiosks' three warm-up tickets, one after another.
  void (async () => {
    for (let i = 1; i <= 3; i++) await ask(-i);
  })().then(
    () => tell({ ready: true }),
    (err: unknown) => tell({ failed: String(err) }),
  );
}

async function kioskProcess(o: KioskProcessOptions): Promise<void> {
  const tell = (m: Told) => process.send!(m);
  const db = openJournal(join(o.dir, 'journal.sqlite'));
  const { log, close: closeLog } = await createLogger({ log: { level: 'error', maxSize: '10m', keep: 2 } }, null);
  const k = kioskParts({ kioskId: o.id, dataDir: o.dir, post: o.post, db, log, consulate: o.consulate, services: o.services, numbering: o.numbering });
  if (!k.ok) {
    tell({ failed: k.detail });
    return;
  }
  const answers: number[] = [];
  const link = k.parts.link;
  const request = link.request.bind(link);
  link.request = async (method, path, body, ro) => {
    const t0 = clock();
    const a = await request(method, path, body, ro);
    // An answer later than the kiosk's window counts as the window (a lower bound), as in the bench's own kiosks.
    if (path === '/api/post/tickets' && (a.ok || a.reason === 'timeout')) answers.push(clock() - t0);
    return a;
  };
  const walkIn = (i: number) => ({ service: o.walkIns[i % o.walkIns.length]!, kind: 'walk-in' as const, persons: 1, lang: 'fr' });
  for (let i = 0; i < 3; i++) await k.parts.issuer.issue(walkIn(i), `warm-p-${o.id}-${i}`);
  answers.length = 0;
  process.on('message', (ask: Ask) => {
    void (async () => {
      if ('close' in ask) {
        k.parts.claims.stop();
        await k.parts.shipper.stop();
        await k.parts.issuer.stop();
        db.close();
        await closeLog();
        process.exit(0);
      }
      let offline = 0;
      try {
        const { times, lateMs, loopP99Ms } = await replayArrivals(ask.day.t0, ask.day.arrivals, async (i) => {
          const r = await k.parts.issuer.issue(walkIn(i), `day-p-${o.id}-${i}`);
          if (!r.ok) throw new Error(`kiosk ${o.id}, arrival ${i}: ${r.reason}: ${r.detail}`);
          if (r.offline) offline++;
        });
        tell({ day: { answers, issues: times, lateMs, offline, loopP99Ms } });
      } catch (err) {
        tell({ failed: String(err) });
      }
    })();
  });
  tell({ ready: true });
}

/** Starts a kiosk's process (already joined to its hub in `o.dir`); resolves once it has issued its warm-up tickets. */
export async function startKioskProcess(o: KioskProcessOptions) {
  const child = fork(fileURLToPath(import.meta.url), [], { execArgv: ['--import', 'tsx'], env: { ...process.env, [ENV]: JSON.stringify(o) } });
  let waiting: ((m: Told) => void) | null = null;
  child.on('message', (m: Told) => waiting?.(m));
  const exited = new Promise<never>((_, rej) => child.once('exit', (code) => rej(new Error(`kiosk ${o.id}'s process ended (${code})`))));
  exited.catch(() => {});
  const next = async (ask: Ask | null): Promise<Told> => {
    const answer = new Promise<Told>((r) => (waiting = r));
    if (ask) child.send(ask);
    const m = await Promise.race([answer, exited]);
    if ('failed' in m) throw new Error(`kiosk ${o.id}: ${m.failed}`);
    return m;
  };
  await next(null);
  return {
    id: o.id,
    /** Replays the kiosk's arrivals (ms after `t0`, a clock() time shared by every process). */
    async day(t0: number, arrivals: number[]): Promise<KioskDay> {
      const m = await next({ day: { t0, arrivals } });
      if (!('day' in m)) throw new Error(`kiosk ${o.id}: no day in its answer`);
      return m.day;
    },
    async close(): Promise<void> {
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      child.send({ close: true });
      await gone;
    },
  };
}

const child = process.env[ENV];
if (child) {
  const o = JSON.parse(child) as KioskProcessOptions;
  if (o.floor) floorProcess(o, o.floor);
  else await kioskProcess(o);
}
