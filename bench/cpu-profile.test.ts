// The CPU profile summary of bench/cpu-profile.ts: on a profile built by hand (what counts where), and on a real one
// taken by node:inspector in this process (V8's format as it is, and its clock the one process.hrtime reads, which
// bench/post.bench.ts relies on to cut the hub's profile to the replay's window).
import { Session } from 'node:inspector';
import { describe, expect, it } from 'vitest';
import { summarizeProfile, type CpuProfile } from './cpu-profile';

const frame = (functionName: string, url = '') => ({ functionName, url, lineNumber: 0 });

// root → handler → commitWithoutFsync → commitWithoutFsync (recursion) ; root → (idle) ; root → (garbage collector)
const handMade: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 5, 6] },
    { id: 2, callFrame: frame('handler', 'file:///srv/kiosk/dist/server/daemon-X.js'), children: [3] },
    { id: 3, callFrame: frame('commitWithoutFsync', 'file:///srv/kiosk/dist/server/chunk-Y.js'), children: [4] },
    { id: 4, callFrame: frame('commitWithoutFsync', 'file:///srv/kiosk/dist/server/chunk-Y.js') },
    { id: 5, callFrame: frame('(idle)') },
    { id: 6, callFrame: frame('(garbage collector)') },
  ],
  startTime: 1_000_000,
  // Samples at 1,000,100 (handler), +100 (commit), +100 (recursive commit), +100 (idle), +100 (GC), +100 (handler).
  samples: [2, 3, 4, 5, 6, 2],
  timeDeltas: [100, 100, 100, 100, 100, 100],
};
const matches = [
  { label: 'commit', functions: ['commitWithoutFsync'] },
  { label: 'handler', functions: ['handler'], url: 'daemon-' },
  { label: 'handler elsewhere', functions: ['handler'], url: 'central-' },
  { label: 'GC', functions: ['(garbage collector)'] },
];

describe('summarizeProfile', () => {
  it('counts a sample once under each frame on its stack, however deep the recursion, and idle apart', () => {
    const s = summarizeProfile(handMade, matches);
    expect(s.samples).toBe(6);
    // Each sample stands for the 0.1 ms up to the next one; the last has no next.
    expect(s.busyMs).toBeCloseTo(0.4);
    expect(s.idleMs).toBeCloseTo(0.1);
    expect(s.under.commit).toBeCloseTo(0.2);
    expect(s.under.handler).toBeCloseTo(0.3);
    expect(s.under['handler elsewhere']).toBe(0);
    expect(s.under.GC).toBeCloseTo(0.1);
    expect(s.topSelf[0]).toEqual({ frame: 'commitWithoutFsync dist/server/chunk-Y.js:1', ms: expect.closeTo(0.2) });
  });

  it('keeps only the samples inside the window', () => {
    const s = summarizeProfile(handMade, matches, { fromUs: 1_000_150, toUs: 1_000_350 });
    // The samples at 1,000,200 (commit) and 1,000,300 (recursive commit).
    expect(s.samples).toBe(2);
    expect(s.under.commit).toBeCloseTo(0.2);
    expect(s.under.handler).toBeCloseTo(0.2);
    expect(s.idleMs).toBe(0);
  });

  it("reads a real profile of this process, on process.hrtime's clock", async () => {
    const session = new Session();
    session.connect();
    const post = <T>(method: string, params?: object) =>
      new Promise<T>((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res as T))));
    try {
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: 100 });
      await post('Profiler.start');
      const from = Number(process.hrtime.bigint() / 1000n);
      let x = 0;
      // A function of its own name, busy for 60 ms of wall time.
      const spinForTheProfile = () => {
        const end = Date.now() + 60;
        while (Date.now() < end) x += Math.sqrt(x + 1);
      };
      spinForTheProfile();
      const to = Number(process.hrtime.bigint() / 1000n);
      const { profile } = await post<{ profile: CpuProfile }>('Profiler.stop');
      expect(x).toBeGreaterThan(0);
      const spin = [{ label: 'spin', functions: ['spinForTheProfile'] }];
      const inside = summarizeProfile(profile, spin, { fromUs: from, toUs: to });
      // The window read from process.hrtime holds the spin's samples: the profile's clock is the same.
      expect(inside.samples).toBeGreaterThan(10);
      expect(inside.under.spin).toBeGreaterThan(inside.busyMs * 0.5);
      const whole = summarizeProfile(profile, spin);
      expect(inside.under.spin).toBeGreaterThan(whole.under.spin! * 0.9);
      // A window of the same length a second earlier holds none of it.
      expect(summarizeProfile(profile, spin, { fromUs: from - 1_000_000, toUs: to - 1_000_000 }).under.spin).toBe(0);
    } finally {
      session.disconnect();
    }
  });
});
