import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TerminalStatus } from '../devices/index';
import { watchTerminalReadiness, type ReadinessSource, type TerminalStatusEvent } from './terminal-readiness';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function source(first: TerminalStatus | null) {
  const listeners = new Set<(s: TerminalStatus) => void>();
  let answer: TerminalStatus = { state: 'ready', detail: 'ready' };
  const src: ReadinessSource & { probes: number; answer(s: TerminalStatus): void } = {
    last: first,
    probes: 0,
    onStatus: (cb) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    probe: async () => {
      src.probes++;
      for (const l of listeners) l(answer);
      return answer;
    },
    answer: (s) => (answer = s),
  };
  return src;
}

describe('terminal readiness watch', () => {
  it('tells the machine the last status at once, then changes only', async () => {
    const src = source({ state: 'offline', detail: 'no ACK' });
    const sent: TerminalStatusEvent[] = [];
    const w = watchTerminalReadiness(src, (e) => sent.push(e), 1000);
    expect(sent).toEqual([{ type: 'TERMINAL_STATUS', ready: false, state: 'offline' }]);
    w.screen('summary');
    await vi.advanceTimersByTimeAsync(0);
    w.screen('summary');
    await vi.advanceTimersByTimeAsync(2500);
    expect(src.probes).toBe(3); // on entering the summary, then every second
    expect(sent.map((e) => e.state)).toEqual(['offline', 'ready']);
    w.stop();
  });

  it('checks on entering the summary and every recheckMs while it is shown; never on other screens', async () => {
    const src = source(null);
    const w = watchTerminalReadiness(src, () => undefined, 500);
    w.screen('attract');
    w.screen('identify.walkIn');
    await vi.advanceTimersByTimeAsync(2000);
    expect(src.probes).toBe(0);
    w.screen('summary');
    await vi.advanceTimersByTimeAsync(1100);
    expect(src.probes).toBe(3);
    w.screen('summary.confirming');
    await vi.advanceTimersByTimeAsync(2000);
    expect(src.probes).toBe(3);
    w.stop();
  });
});
