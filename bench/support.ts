// Small helpers shared by the benchmarks: timing with warm-up, a plain table, the run's options (visits),
// temp folders removed however the bench ends, and goal lines that `npm run bench` gathers into a summary.
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';

export function measure(fn: () => void, { warmup = 200, iterations = 5000 } = {}): { perOpUs: number; opsPerSec: number } {
  for (let i = 0; i < warmup; i++) fn();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn();
  const ns = Number(process.hrtime.bigint() - t0);
  return { perOpUs: ns / iterations / 1000, opsPerSec: (iterations * 1e9) / ns };
}

export async function measureAsync(
  fn: () => Promise<void>,
  { warmup = 50, iterations = 1000 } = {},
): Promise<{ perOpUs: number; opsPerSec: number; p50Us: number; p99Us: number }> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) {
    const s = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - s) / 1000);
  }
  const ns = Number(process.hrtime.bigint() - t0);
  samples.sort((a, b) => a - b);
  return {
    perOpUs: ns / iterations / 1000,
    opsPerSec: (iterations * 1e9) / ns,
    p50Us: samples[Math.floor(iterations / 2)]!,
    p99Us: samples[Math.floor(iterations * 0.99)]!,
  };
}

export function table(rows: Array<Record<string, string | number>>): void {
  const cols = Object.keys(rows[0] ?? {});
  const fmt = (v: string | number) => (typeof v === 'number' ? (Number.isInteger(v) || Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2)) : v);
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(fmt(r[c] ?? '')).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(line(cols));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(cols.map((c) => String(fmt(r[c] ?? '')))));
}

/**
 * How many visits a bench that simulates visits runs: `--visits N` given to `npm run bench` reaches each bench as
 * KIOSK_BENCH_VISITS (`--quick` as 300 unless --visits is given); a bench run alone may still take N as its first argument.
 */
export function benchVisits(fallback: number): number {
  const arg = process.argv[2];
  const raw = process.env.KIOSK_BENCH_VISITS ?? (arg !== undefined && !arg.startsWith('-') ? arg : undefined);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 2) {
    console.error(`visits must be a whole number of at least 2, got "${raw}": npm run bench -- --visits 1000`);
    process.exit(2);
  }
  return n;
}

const tempDirs = new Set<string>();
let hooked = false;

function removeTempDirs(): void {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

/**
 * A temp folder for this bench, removed by `cleanup()` or, whatever happens first, when the process ends: normally,
 * by process.exit, by an uncaught error ('exit' still fires) or by Ctrl-C / kill (the signal handlers exit, which fires it).
 */
export function benchTempDir(prefix = 'kiosk-bench-'): { dir: string; cleanup: () => void } {
  if (!hooked) {
    hooked = true;
    process.on('exit', removeTempDirs);
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => process.exit(128 + constants.signals[signal]));
  }
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(dir);
  return {
    dir,
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true });
      tempDirs.delete(dir);
    },
  };
}

/** What a goal asks: an absolute bound on ours, or a bound on ours ÷ baseline. */
export type GoalTarget = { atMost: number } | { atLeast: number } | { ratioAtMost: number } | { ratioAtLeast: number };

// Three significant digits for figures, two for ratios, no trailing zeros: "12 ms", "0.7 ms", "0.058×".
const num = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : String(Number(v.toPrecision(3))));
const ratio = (v: number) => (v >= 10 ? v.toFixed(0) : String(Number(v.toPrecision(2))));

/** The line `goal()` prints; exported so that the runner's summary and its test speak the same format. */
export function goalLine(name: string, baseline: number | null, ours: number, target: GoalTarget, unit: string): string {
  const u = unit ? ` ${unit}` : '';
  const want =
    'atMost' in target
      ? `≤ ${num(target.atMost)}${u}`
      : 'atLeast' in target
        ? `≥ ${num(target.atLeast)}${u}`
        : 'ratioAtMost' in target
          ? `≤ ${ratio(target.ratioAtMost)}× baseline`
          : `≥ ${ratio(target.ratioAtLeast)}× baseline`;
  // A goal is judged beside its baseline in the same run; without one it is not met, whatever ours is.
  if (baseline === null) return `${name}: baseline none in this run, ours ${num(ours)}${u}, goal ${want} ✗ (no baseline)`;
  const r = ours / baseline;
  const met =
    'atMost' in target
      ? ours <= target.atMost
      : 'atLeast' in target
        ? ours >= target.atLeast
        : 'ratioAtMost' in target
          ? r <= target.ratioAtMost
          : r >= target.ratioAtLeast;
  return `${name}: baseline ${num(baseline)}${u}, ours ${num(ours)}${u} (${ratio(r)}×), goal ${want} ${met ? '✓' : '✗'}`;
}

/**
 * Prints one goal of issue 14 beside its baseline, e.g. "composing a ticket: baseline 12 ms, ours 0.7 ms (0.058×), goal ≤ 2 ms ✓",
 * and hands it to `npm run bench` (the file named by KIOSK_BENCH_GOALS) for the summary at the end of the run.
 */
export function goal(name: string, baseline: number | null, ours: number, target: GoalTarget, unit: string): string {
  const line = goalLine(name, baseline, ours, target, unit);
  console.log(`goal: ${line}`);
  const file = process.env.KIOSK_BENCH_GOALS;
  if (file) appendFileSync(file, `${line}\n`);
  return line;
}
