// The code before issue 14 (git commit f4586c5, "the daemon before issue 14"), checked out beside ours so that a bench
// can run the old code in the same run as a baseline when the old behaviour cannot be measured in-process.
import { execFileSync } from 'node:child_process';
import { existsSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchTempDir } from './support';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * `rev`'s tree (git archive: tracked files only) in a temp folder removed by `cleanup()` or when the process ends, with
 * node_modules and, when ours has it, dist/ linked from this checkout (the old daemon serves the same built UI). Copy
 * the bench files you run into it yourself: the old tree may not have them.
 */
export function baselineTree(rev = 'f4586c5'): { dir: string; cleanup: () => void } {
  const t = benchTempDir(`kiosk-baseline-${rev}-`);
  try {
    const tar = execFileSync('git', ['-C', ROOT, 'archive', rev], { maxBuffer: 1 << 30 });
    execFileSync('tar', ['-x', '-C', t.dir], { input: tar });
    for (const link of ['node_modules', 'dist'])
      if (existsSync(join(ROOT, link)) && !existsSync(join(t.dir, link))) symlinkSync(join(ROOT, link), join(t.dir, link));
  } catch (err) {
    t.cleanup();
    throw new Error(`cannot check out ${rev} for the baseline (is this a git checkout with that commit?): ${(err as Error).message}`, { cause: err });
  }
  return t;
}
