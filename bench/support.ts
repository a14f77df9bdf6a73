// Small helpers shared by the benchmarks: timing with warm-up, and a plain table.

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
  const fmt = (v: string | number) => (typeof v === 'number' ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2)) : v);
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(fmt(r[c] ?? '')).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(line(cols));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(cols.map((c) => String(fmt(r[c] ?? '')))));
}
