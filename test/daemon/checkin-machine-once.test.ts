// A daemon start builds the check-in machine's tree of states once (issue 14): a machine built on import and then
// given the daemon's actors with provide() was built twice before the first /api/health. The count starts before
// any of the daemon's modules is imported, so a machine built at import counts too.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StateNode } from 'xstate';
import { tempDir } from '../support/tmp';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('daemon start', () => {
  it('builds the check-in machine once', async () => {
    const roots: string[] = [];
    // _initialize is xstate's internal step, not in its typings: typed here as what it is.
    const proto = StateNode.prototype as unknown as { _initialize(this: StateNode): void };
    const initialize = proto._initialize;
    vi.spyOn(proto, '_initialize').mockImplementation(function (this: StateNode) {
      // A machine's root is initialized once per build; its states are initialized from it.
      if (this.parent === undefined) roots.push(this.machine.id);
      return initialize.call(this);
    });
    const { startTestDaemon } = await import('../support/daemon');
    const t = tempDir();
    const daemon = await startTestDaemon(t.dir);
    try {
      const health = await fetch(`${daemon.url}/api/health`);
      expect(health.status).toBe(200);
      expect(roots.filter((id) => id === 'checkin')).toHaveLength(1);
    } finally {
      await daemon.close();
      t.cleanup();
    }
  });
});
