// `npm run bench` (bench/run.js) as a user runs it: probe benches in a folder of their own (`--dir`), the run's TMPDIR
// pointed at an empty folder so that anything left behind shows, whatever else runs on the machine.
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT } from '../support/daemon';
import { tempDir } from '../support/tmp';

const SUPPORT = pathToFileURL(join(ROOT, 'bench/support.ts')).href;

// A bench as the real ones are: a temp folder of its own, one a harness makes and forgets, the visit count, two goals.
const PROBE = `
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchTempDir, benchVisits, goal } from '${SUPPORT}';
benchTempDir('probe-');
mkdtempSync(join(tmpdir(), 'forgotten-by-a-harness-'));
console.log('visits=' + benchVisits(1000));
goal('probe compose', 12, 0.7, { atMost: 2 }, 'ms');
goal('probe visits per second', null, 40, { ratioAtLeast: 4 }, '/s');
if (process.env.PROBE_CRASH) throw new Error('probe crashed on purpose');
`;

function run(args: string[], tmp: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, 'bench/run.js'), ...args],
      { cwd: ROOT, env: { ...process.env, TMPDIR: tmp, ...env }, timeout: 90_000 },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

describe('npm run bench (bench/run.js)', () => {
  let t: ReturnType<typeof tempDir>;
  let benches: string;
  let tmp: string;
  beforeEach(() => {
    t = tempDir('bench-runner-');
    benches = join(t.dir, 'benches');
    tmp = join(t.dir, 'tmp');
    mkdirSync(benches);
    mkdirSync(tmp);
    writeFileSync(join(benches, 'probe.bench.ts'), PROBE);
  });
  afterEach(() => t.cleanup());

  it('passes --visits to the bench, prints every goal beside its baseline in a summary and leaves nothing in the temp folder', async () => {
    const r = await run(['--dir', benches, 'probe', '--visits', '5'], tmp);
    expect(r.out).toContain('visits=5');
    expect(r.out).toContain('goal: probe compose: baseline 12 ms, ours 0.7 ms (0.058×), goal ≤ 2 ms ✓');
    const summary = r.out.slice(r.out.indexOf('=== goals (2) ==='));
    expect(summary).toContain('probe compose: baseline 12 ms, ours 0.7 ms (0.058×), goal ≤ 2 ms ✓');
    expect(summary).toContain('probe visits per second: baseline none in this run, ours 40 /s, goal ≥ 4× baseline ✗ (no baseline)');
    // The bench's own folder went with it; the one it forgot was found and removed by the runner.
    expect(r.out).toMatch(/probe\.bench\.ts left forgotten-by-a-harness-\w+ in its temp folder: removed/);
    expect(r.out).not.toMatch(/left [^\n]*probe-/);
    expect(readdirSync(tmp)).toEqual([]);
    expect(r.code).toBe(0);
  }, 120_000);

  it('a bench that crashes fails the run, the summary still shows, and its folders are removed', async () => {
    const r = await run(['--dir', benches, '--quick'], tmp, { PROBE_CRASH: '1' });
    expect(r.out).toContain('visits=300');
    expect(r.out).toContain('probe crashed on purpose');
    expect(r.out).toContain('=== goals (2) ===');
    expect(r.out).toContain('1 benchmark(s) failed: probe.bench.ts (exit 1)');
    expect(r.out).not.toMatch(/left [^\n]*probe-/);
    expect(readdirSync(tmp)).toEqual([]);
    expect(r.code).toBe(1);
  }, 120_000);

  it('refuses a visit count that is not a whole number of at least 2', async () => {
    const r = await run(['--dir', benches, '--visits', 'many'], tmp);
    expect(r.out).toContain('--visits must be a whole number of at least 2, got "many"');
    expect(r.code).toBe(2);
    expect(readdirSync(tmp)).toEqual([]);
  });
});
