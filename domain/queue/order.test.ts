import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_ORDER, pickNext, rankWaiting, type OrderRule, type Priority, type WaitingTicket } from './order';

const T0 = Date.parse('2025-05-12T07:00:00Z'); // 09:00 in Paris
const min = (n: number) => T0 + n * 60_000;
let seq = 0;
function walkIn(id: string, arrivedMin: number, priority: Priority | null = null, service = 'passport'): WaitingTicket {
  return { id, seq: ++seq, service, arrivedAt: min(arrivedMin), booking: { kind: 'walk-in' }, priority };
}
function appt(id: string, arrivedMin: number, slotMin: number, service = 'passport', priority: Priority | null = null): WaitingTicket {
  return { id, seq: ++seq, service, arrivedAt: min(arrivedMin), booking: { kind: 'appointment', slot: min(slotMin) }, priority };
}
const rule = (p: Partial<OrderRule> = {}): OrderRule => ({ ...DEFAULT_ORDER, ...p });
const ctx = (nowMin: number, extra: { services?: string[]; normalSinceLastPriority?: number } = {}) => ({
  now: min(nowMin),
  services: new Set(extra.services ?? ['passport', 'cnie']),
  normalSinceLastPriority: extra.normalSinceLastPriority ?? 0,
});
const ids = (r: ReturnType<typeof rankWaiting>) => r.map((x) => x.ticket.id);

describe('calling order', () => {
  it('clause 1: a counter sees only the services it serves', () => {
    const list = [walkIn('w1', 0, null, 'marriage'), walkIn('w2', 5, null, 'passport')];
    expect(ids(rankWaiting(list, rule(), ctx(10)))).toEqual(['w2']);
    expect(pickNext(list, rule(), ctx(10, { services: ['information'] }))).toBeUndefined();
  });

  it('clause 2: arriving later than the window after the slot drops to the walk-in lane, by arrival', () => {
    // slot at 0, arrives at 20 (> 15 late): behind the walk-in who came at 10, ahead of the one at 30
    const list = [walkIn('w30', 30), appt('late', 20, 0), walkIn('w10', 10)];
    const r = rankWaiting(list, rule(), ctx(40));
    expect(ids(r)).toEqual(['w10', 'late', 'w30']);
    expect(r[1]).toMatchObject({ lane: 'walk-in', reason: 'appointment-late' });
  });
  it('clause 2: arriving exactly at the end of the window still counts as on time', () => {
    const list = [walkIn('w', -30), appt('a', 15, 0)];
    expect(ids(rankWaiting(list, rule(), ctx(16)))).toEqual(['a', 'w']);
  });

  it('clause 3: due appointments go first, by booked slot, not by arrival', () => {
    const list = [walkIn('w', -60), appt('a10', -20, 10), appt('a0', 0, 0)];
    // at 6, a10 is due (5 min before its slot)
    expect(ids(rankWaiting(list, rule(), ctx(6)))).toEqual(['a0', 'a10', 'w']);
  });
  it('clause 3: same slot, earlier arrival first', () => {
    const list = [appt('later', -5, 0), appt('earlier', -10, 0)];
    expect(ids(rankWaiting(list, rule(), ctx(0)))).toEqual(['earlier', 'later']);
  });
  it('clause 3: priority does not reorder the appointment lane', () => {
    const list = [appt('a0', -5, 0), appt('a1', -5, 1, 'passport', 'elderly')];
    expect(ids(rankWaiting(list, rule(), ctx(2)))).toEqual(['a0', 'a1']);
  });

  it('clause 4: walk-ins are called oldest first', () => {
    const list = [walkIn('b', 5), walkIn('c', 9), walkIn('a', 1)];
    expect(ids(rankWaiting(list, rule(), ctx(10)))).toEqual(['a', 'b', 'c']);
  });
  it('clause 4a (ratio 2:1): two ordinary calls, then the oldest priority visitor', () => {
    const list = [walkIn('n1', 0), walkIn('n2', 1), walkIn('n3', 2), walkIn('n4', 3), walkIn('p1', 4, 'elderly'), walkIn('p2', 5, 'pregnant')];
    expect(ids(rankWaiting(list, rule(), ctx(10)))).toEqual(['n1', 'n2', 'p1', 'n3', 'n4', 'p2']);
  });
  it('clause 4a: the count carries over from calls already made', () => {
    const list = [walkIn('n1', 0), walkIn('p1', 4, 'disabled')];
    expect(pickNext(list, rule(), ctx(10, { normalSinceLastPriority: 2 }))?.ticket.id).toBe('p1');
    expect(pickNext(list, rule(), ctx(10, { normalSinceLastPriority: 1 }))?.ticket.id).toBe('n1');
  });
  it('clause 4a: a priority visitor is called at once when no ordinary walk-in waits', () => {
    expect(pickNext([walkIn('p', 0, 'elderly')], rule(), ctx(1))?.ticket.id).toBe('p');
  });
  it('clause 4a: a priority visitor never starves: with N=3, at most 3 ordinary calls come first', () => {
    const list = [...Array.from({ length: 10 }, (_, i) => walkIn(`n${i}`, i)), walkIn('p', 50, 'elderly')];
    const r = ids(rankWaiting(list, rule({ priority: { rule: 'ratio', normalPerPriority: 3 } }), ctx(60)));
    expect(r.indexOf('p')).toBe(3);
  });
  it('clause 4b (ageing): a priority visitor is credited creditMinutes of waiting', () => {
    const r = rule({ priority: { rule: 'ageing', creditMinutes: 20 } });
    const list = [walkIn('n0', 0), walkIn('n15', 15), walkIn('p30', 30, 'elderly')];
    // p30 counts as arrived at 10: after n0 (waited longer than the credit), before n15
    expect(ids(rankWaiting(list, r, ctx(40)))).toEqual(['n0', 'p30', 'n15']);
  });
  it('clause 4b: someone who waited for hours is not overtaken', () => {
    const r = rule({ priority: { rule: 'ageing', creditMinutes: 20 } });
    const list = [walkIn('p', 200, 'pregnant'), walkIn('n', 0)];
    expect(ids(rankWaiting(list, r, ctx(210)))).toEqual(['n', 'p']);
  });

  it('clause 5: appointments not yet due wait behind walk-ins, but an idle counter calls them', () => {
    const list = [appt('a60', 0, 60), walkIn('w', 10)];
    expect(ids(rankWaiting(list, rule(), ctx(20)))).toEqual(['w', 'a60']);
    expect(pickNext([appt('a60', 0, 60)], rule(), ctx(20))?.ticket.id).toBe('a60');
    expect(rankWaiting(list, rule(), ctx(20))[1]).toMatchObject({ lane: 'early-appointment' });
  });
  it('clause 5: the due boundary is dueBeforeMinutes before the slot', () => {
    const list = [walkIn('w', 0), appt('a', 0, 30)];
    expect(ids(rankWaiting(list, rule(), ctx(24)))).toEqual(['w', 'a']);
    expect(ids(rankWaiting(list, rule(), ctx(25)))).toEqual(['a', 'w']);
  });

  it('clause 6: equal times are broken by issue order', () => {
    const a = walkIn('first', 0);
    const b = walkIn('second', 0);
    expect(ids(rankWaiting([b, a], rule(), ctx(1)))).toEqual(['first', 'second']);
  });

  it('NULL-ordering trap: walk-ins and appointments mixed keep the rule whatever the input order', () => {
    // An SQL "ORDER BY slot, arrived" would put every walk-in (slot NULL) first in SQLite. Here the due
    // appointment is first, walk-ins follow by arrival, the late appointment sits by arrival.
    const list = [walkIn('w1', -40), appt('due', -10, 0), walkIn('w2', -20), appt('late', 30, 0), appt('early', -30, 120)];
    expect(ids(rankWaiting(list, rule(), ctx(35)))).toEqual(['due', 'w1', 'w2', 'late', 'early']);
    fc.assert(
      fc.property(fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }), (shuffled) => {
        expect(ids(rankWaiting(shuffled, rule(), ctx(35)))).toEqual(['due', 'w1', 'w2', 'late', 'early']);
      }),
    );
  });

  it('every waiting ticket of the counter is ranked exactly once (any mix, any rule)', () => {
    const ticket = fc.record({
      arrived: fc.integer({ min: -300, max: 300 }),
      slot: fc.option(fc.integer({ min: -300, max: 300 }), { nil: undefined }),
      priority: fc.constantFrom<Priority | null>(null, null, 'elderly', 'pregnant'),
      service: fc.constantFrom('passport', 'cnie', 'marriage'),
    });
    const prio = fc.oneof(
      fc.record({ rule: fc.constant('ratio' as const), normalPerPriority: fc.integer({ min: 1, max: 4 }) }),
      fc.record({ rule: fc.constant('ageing' as const), creditMinutes: fc.integer({ min: 0, max: 60 }) }),
    );
    fc.assert(
      fc.property(fc.array(ticket, { maxLength: 30 }), prio, fc.integer({ min: 0, max: 5 }), (raw, priority, k) => {
        const list = raw.map((r, i) =>
          r.slot === undefined ? walkIn(`t${i}`, r.arrived, r.priority, r.service) : appt(`t${i}`, r.arrived, r.slot, r.service, r.priority),
        );
        const ranked = rankWaiting(list, rule({ priority }), ctx(0, { normalSinceLastPriority: k }));
        const expected = list
          .filter((t) => t.service !== 'marriage')
          .map((t) => t.id)
          .sort();
        expect(ids(ranked).sort()).toEqual(expected);
      }),
    );
  });
});
