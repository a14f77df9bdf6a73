import { describe, expect, it } from 'vitest';
import { applyBoardPatch, makeBoardPatch } from './board-patch';
import { ServerPush } from './api';
import { BoardPatch, type BoardCall, type BoardView } from './queue-api';

const SERVICES = ['passport', 'registration', 'cnie', 'anthropometric', 'visa', 'civil', 'legal', 'military', 'other'];
const call = (callId: number, n: number, counter = '1', kind: BoardCall['kind'] = 'called'): BoardCall => ({
  callId,
  at: `2026-12-03T09:${String(callId % 60).padStart(2, '0')}:00.000Z`,
  kind,
  ticketId: `t${n}`,
  label: `C-${String(n).padStart(3, '0')}`,
  prefix: 'C',
  number: n,
  service: 'passport',
  counter,
  counterName: `Guichet ${counter}`,
});
function view(calls: BoardCall[], counts: number[], o: Partial<BoardView> = {}): BoardView {
  return {
    current: calls[0] ?? null,
    lastCalls: calls,
    waiting: SERVICES.map((s, i) => ({
      service: s,
      prefix: String.fromCharCode(65 + i),
      name: { fr: `Service ${s}`, ar: `خدمة ${s}`, en: `Service ${s}`, es: `Servicio ${s}` },
      count: counts[i] ?? 0,
      estimatedWaitMinutes: (counts[i] ?? 0) * 3,
      paused: false,
    })),
    pausedCounters: [],
    counters: ['1', '2', '3'].map((id) => ({ id, name: `Guichet ${id}`, paused: false })),
    languages: ['fr', 'ar'],
    chime: true,
    businessDay: '2026-12-03',
    timeZone: 'Europe/Paris',
    consulateName: { fr: 'Consulat général du Maroc à Paris', ar: 'القنصلية العامة للمملكة المغربية بباريس' },
    serverTime: '2026-12-03T09:30:00.000Z',
    ...o,
  };
}
const calls = (ids: number[]) => ids.map((id) => call(id, id - 100));
const roundTrip = (prev: BoardView, next: BoardView) => {
  const patch = makeBoardPatch(prev, next);
  expect(patch).not.toBeNull();
  // Through the wire as the daemon sends it and the page parses it.
  const wire = ServerPush.parse(JSON.parse(JSON.stringify(ServerPush.parse({ type: 'board-patch', patch: patch! }))));
  if (wire.type !== 'board-patch') throw new Error('not a patch');
  expect(applyBoardPatch(prev, wire.patch)).toEqual(next);
  return patch!;
};

describe('the board view patch', () => {
  const before = view(calls([110, 109, 108, 107, 106, 105, 104, 103]), [3, 40, 2, 0, 1, 0, 0, 5, 0]);
  const after = view(calls([111, 110, 109, 108, 107, 106, 105, 104]), [3, 39, 2, 0, 1, 0, 0, 5, 0], { serverTime: '2026-12-03T09:30:05.000Z' });

  it('a call sends the new call whole and the rest as references, a fraction of the view', () => {
    const patch = roundTrip(before, after);
    expect(patch.lastCalls).toEqual([after.lastCalls[0], 110, 109, 108, 107, 106, 105, 104]);
    expect(patch.current).toBe(111);
    expect(patch.waiting![1]).toEqual([39, 117, false]);
    expect(patch.set).toBeUndefined();
    const bytes = (x: unknown) => JSON.stringify(x).length;
    expect(bytes({ type: 'board-patch', patch })).toBeLessThan(bytes({ type: 'board', view: after }) / 4);
  });

  it('a recall moves a shown ticket to the front as a new call; a counter paused and a service renamed are sent whole', () => {
    const recall = call(112, 107 - 100, '2', 'recalled');
    const next = view([recall, ...after.lastCalls.filter((c) => c.ticketId !== recall.ticketId)], [3, 39, 2, 0, 1, 0, 0, 5, 0], {
      pausedCounters: ['3'],
      counters: ['1', '2', '3'].map((id) => ({ id, name: `Guichet ${id}`, paused: id === '3' })),
    });
    next.waiting[4] = { ...next.waiting[4]!, name: { fr: 'Visas' } };
    const patch = roundTrip(after, next);
    expect(patch.set).toEqual({ pausedCounters: ['3'], counters: next.counters });
    expect(patch.waiting![4]).toEqual(next.waiting[4]);
  });

  it('no calls yet, then the first; the same view again is no push', () => {
    const empty = view([], [0, 1]);
    roundTrip(empty, view(calls([101]), [0, 0]));
    roundTrip(view(calls([101]), [0, 0]), empty);
    expect(makeBoardPatch(after, { ...after, serverTime: '2026-12-03T10:00:00.000Z' })).toBeNull();
  });

  it('a patch naming a call the board does not show is refused (the board re-reads)', () => {
    const patch = makeBoardPatch(before, after)!;
    expect(applyBoardPatch(view(calls([50]), [3, 40]), patch)).toBeNull();
    expect(applyBoardPatch(view(calls([110, 109, 108, 107, 106, 105, 104]), [3, 40], { waiting: [] }), patch)).toBeNull();
    expect(BoardPatch.safeParse({ serverTime: 'x', lastCalls: ['110'] }).success).toBe(false);
  });
});
