import { describe, expect, it } from 'vitest';
import { hubServicePauses } from './hub-pauses';
import type { HubBoardReader } from '../checkin/wait-preview';
import type { BoardView } from '../../shared/queue-api';

const boardWith = (paused: string[]): BoardView =>
  ({
    waiting: ['passport', 'visa'].map((service) => ({
      service,
      prefix: service[0]!.toUpperCase(),
      name: {},
      count: 0,
      estimatedWaitMinutes: 0,
      paused: paused.includes(service),
    })),
  }) as unknown as BoardView;

function reader(answers: Array<BoardView | null>): HubBoardReader {
  return { read: async () => (answers.length > 1 ? answers.shift()! : answers[0]!) };
}

describe('hubServicePauses', () => {
  it("follows the hub's board, tells listeners on a change only, and keeps the last known pauses while the hub is away", async () => {
    const p = hubServicePauses(reader([boardWith([]), boardWith(['visa']), boardWith(['visa']), null, boardWith([])]), { everyMs: 60_000 });
    let told = 0;
    p.onChange(() => told++);
    await p.refresh(); // the first read, started at creation, or this one
    expect(p.isPaused('visa')).toBe(false);
    await p.refresh();
    expect([p.isPaused('visa'), p.isPaused('passport'), told]).toEqual([true, false, 1]);
    await p.refresh(); // the same pauses: nobody told
    expect(told).toBe(1);
    await p.refresh(); // the hub away: still paused, not resumed by a network fault
    expect([p.isPaused('visa'), told]).toEqual([true, 1]);
    await p.refresh();
    expect([p.isPaused('visa'), told]).toEqual([false, 2]);
    p.stop();
  });
});
