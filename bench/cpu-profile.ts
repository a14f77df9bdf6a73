// A V8 CPU profile (the .cpuprofile that node:inspector's Profiler returns, which Chrome's DevTools open) summed for a
// bench: over a window of time, the busy milliseconds, those under each named frame (inclusive: a sample counts once
// for a frame however deep its recursion), and the functions with the most self time. Used by part 4 of
// bench/post.bench.ts to say where the hub's main thread spends a ticket (POST_BENCH_HUB_PROFILE, issue 14).

export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>;
  /** Microseconds on the monotonic clock (CLOCK_MONOTONIC, as process.hrtime). */
  startTime: number;
  samples: number[];
  /** Microseconds since the previous sample (the first: since startTime). */
  timeDeltas: number[];
}

export interface FrameMatch {
  label: string;
  /** A frame counts when its function's name is one of these (optionally in a script whose URL contains `url`). */
  functions: string[];
  url?: string;
}

export interface ProfileSummary {
  samples: number;
  busyMs: number;
  idleMs: number;
  /** Milliseconds of samples with a matching frame on their stack, by label. */
  under: Record<string, number>;
  /** The functions with the most self time: "name file:line". */
  topSelf: Array<{ frame: string; ms: number }>;
}

function frameName(cf: CpuProfile['nodes'][number]['callFrame']): string {
  // A file of the project or a package, not its whole URL.
  const where = cf.url.replace(/^file:\/\/.*\/node_modules\//, '').replace(/^file:\/\/.*?\/(dist|server|store|shared|domain|bench)\//, '$1/');
  return `${cf.functionName || '(anonymous)'} ${where || '(native)'}${cf.url ? `:${cf.lineNumber + 1}` : ''}`;
}

/**
 * Sums `p` over the samples taken in [fromUs, toUs] (the profile's own clock; all of it without a window). "(idle)" is
 * the event loop waiting; "(program)" (native work outside JavaScript) is busy.
 */
export function summarizeProfile(p: CpuProfile, matches: FrameMatch[], window?: { fromUs: number; toUs: number }, top = 8): ProfileSummary {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Which labels each node's stack holds, computed once per node.
  const labelsOf = new Map<number, Set<string>>();
  const labels = (id: number): Set<string> => {
    const known = labelsOf.get(id);
    if (known) return known;
    const n = byId.get(id)!;
    const up = parent.get(id);
    const set = new Set(up === undefined ? [] : labels(up));
    for (const m of matches) if (m.functions.includes(n.callFrame.functionName) && (m.url === undefined || n.callFrame.url.includes(m.url))) set.add(m.label);
    labelsOf.set(id, set);
    return set;
  };
  const under: Record<string, number> = Object.fromEntries(matches.map((m) => [m.label, 0]));
  const self = new Map<string, number>();
  let busy = 0;
  let idle = 0;
  let counted = 0;
  let t = p.startTime;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i]!;
    if (window && (t < window.fromUs || t > window.toUs)) continue;
    // A sample stands for the time up to the next one.
    const ms = (p.timeDeltas[i + 1] ?? 0) / 1000;
    const node = byId.get(p.samples[i]!);
    if (!node) continue;
    counted++;
    if (node.callFrame.functionName === '(idle)') {
      idle += ms;
      continue;
    }
    busy += ms;
    for (const l of labels(node.id)) under[l]! += ms;
    const k = frameName(node.callFrame);
    self.set(k, (self.get(k) ?? 0) + ms);
  }
  const topSelf = [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([frame, ms]) => ({ frame, ms }));
  return { samples: counted, busyMs: busy, idleMs: idle, under, topSelf };
}
