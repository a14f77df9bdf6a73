// The hub's profile summary of part 4 of bench/post.bench.ts (./post-hub-profile.ts): its frames still name functions
// of the project (a rename would make the line print 0 ms, not fail), the build keeps those names, and the lines cut
// the profile to the replay's window on the bench's clock and say what the named frames leave.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../test/support/daemon';
import { tempDir } from '../test/support/tmp';
import { HUB_FRAMES, hubProfileLines } from './post-hub-profile';
import type { CpuProfile } from './cpu-profile';

/** Frames of Node, Fastify and V8 (not the project's): the test below asks the project's sources for the others. */
const RUNTIME = new Set([
  'parserOnHeadersComplete',
  'parserOnBody',
  'parserOnMessageComplete',
  'endReadableNT',
  'onSendEnd',
  'Reply.send',
  'onWriteComplete',
  'safeParse',
  'writevGeneric',
  'writeGeneric',
  '(garbage collector)',
]);

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => readFileSync(join(ROOT, dir, f), 'utf8'));
}

const tmp = tempDir('hub-profile-');
afterAll(() => tmp.cleanup());

describe("the hub's profile summary", () => {
  it('names functions the project still defines, under names the build keeps', () => {
    const code = [...sources('store'), ...sources('server')].join('\n');
    const named = HUB_FRAMES.flatMap((f) => f.functions).filter((n) => !RUNTIME.has(n));
    expect(named.length).toBeGreaterThan(4);
    for (const n of named) expect(code, `${n} is defined in store/ or server/`).toMatch(new RegExp(`(function ${n}\\b|^\\s+${n}\\()`, 'm'));
    // Fastify's reply still sends through the function the answer's line is summed under.
    expect(readFileSync(join(ROOT, 'node_modules/fastify/lib/reply.js'), 'utf8')).toMatch(/function onSendEnd\b/);
    const build = readFileSync(join(ROOT, 'scripts/build-server.js'), 'utf8');
    expect(build).not.toMatch(/minifyIdentifiers:\s*true|minify:\s*true/);
  });

  it("sums the replay's window only, per ticket, with what the named frames leave", () => {
    const frame = (functionName: string, url = '') => ({ functionName, url, lineNumber: 0 });
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame('(root)'), children: [2, 4, 5, 6] },
        { id: 2, callFrame: frame('processImmediate', 'node:internal/timers'), children: [3] },
        { id: 3, callFrame: frame('commitWithoutFsync', 'file:///opt/kiosk/dist/server/chunk-A.js') },
        { id: 4, callFrame: frame('listOnTimeout', 'node:internal/timers') },
        { id: 5, callFrame: frame('(idle)') },
        { id: 6, callFrame: frame('parserOnHeadersComplete', 'node:_http_common') },
      ],
      // On the profile's clock (µs): samples every 1 ms from 10,001 ms.
      startTime: 10_000_000,
      samples: [3, 3, 4, 5, 6, 3, 3],
      timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000, 1000],
    };
    const file = join(tmp.dir, 'hub.cpuprofile');
    writeFileSync(file, JSON.stringify(profile));
    // The bench's clock is the profile's plus 5,000 ms: its window 15,001.5–15,005.5 holds the samples at 10,002–10,005.
    const lines = hubProfileLines({ profileTo: file, profileClockOffsetMs: 5000 }, 15_001.5, 15_005.5, 2)!;
    const at = (label: string) => lines.find((l) => l.trimStart().startsWith(label));
    expect(lines[0]).toContain('busy 1.500 ms a ticket (2 tickets, 4 samples');
    expect(at('the group commit')).toMatch(/: 0\.500 ms$/);
    expect(at('requests read')).toMatch(/: 0\.500 ms$/);
    expect(at('garbage collection')).toMatch(/: 0\.000 ms$/);
    // The timer's sample is the hub's other work.
    expect(at('the rest')).toMatch(/: 0\.500 ms$/);
    expect(hubProfileLines({}, 0, 1, 1)).toBeNull();
    expect(hubProfileLines({ profileTo: join(tmp.dir, 'none'), profileClockOffsetMs: 0 }, 0, 1, 1)).toEqual([
      `(no CPU profile in ${join(tmp.dir, 'none')}: the hub did not write it)`,
    ]);
  });
});
