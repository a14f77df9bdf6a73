import { describe, expect, it } from 'vitest';
import { checkCounterServices, counterState, floorView, type FloorCounterFacts, type FloorFacts } from './floor';

const at = (hhmm: string) => `2025-05-12T${hhmm}:00.000Z`;
const counter = (o: Partial<FloorCounterFacts> & { id: string }): FloorCounterFacts => ({
  name: o.id,
  services: ['passport'],
  configured: ['passport'],
  changed: null,
  pausedSince: null,
  ticket: null,
  staff: 'Amina B.',
  ...o,
});
const facts = (o: Partial<FloorFacts> = {}): FloorFacts => ({
  now: new Date(at('09:30')),
  businessDay: '2025-05-12',
  timeZone: 'Europe/Paris',
  services: [
    { code: 'passport', prefix: 'C', name: { fr: 'Passeport' } },
    { code: 'cnie', prefix: 'B', name: { fr: 'CNIE' } },
    { code: 'marriage', prefix: 'M', name: { fr: 'Mariage' } },
  ],
  waiting: new Map([
    ['passport', 3],
    ['cnie', 1],
  ]),
  oldest: new Map([
    ['passport', at('09:10')],
    ['cnie', at('08:45')],
  ]),
  pauses: new Map(),
  counters: [],
  tickets: [],
  waitingShown: 60,
  noShows: [],
  ...o,
});

describe('a counter’s state on the floor', () => {
  const ticket = { id: 't', label: 'C-001', service: 'passport', calledAt: at('09:00'), startedAt: at('09:02') };
  it('is what it does with a ticket first: serving since the start, called since the call, even when paused or with nobody signed in', () => {
    expect(counterState({ ticket: { ...ticket, state: 'serving' }, pausedSince: at('09:05'), staff: null })).toEqual({ state: 'serving', since: at('09:02') });
    expect(counterState({ ticket: { ...ticket, state: 'called', startedAt: null }, pausedSince: null, staff: null })).toEqual({
      state: 'called',
      since: at('09:00'),
    });
  });
  it('without a ticket: paused (since the pause) before offline, offline when nobody is signed in, else idle', () => {
    expect(counterState({ ticket: null, pausedSince: at('09:05'), staff: null })).toEqual({ state: 'paused', since: at('09:05') });
    expect(counterState({ ticket: null, pausedSince: null, staff: null })).toEqual({ state: 'offline', since: null });
    expect(counterState({ ticket: null, pausedSince: null, staff: 'Amina B.' })).toEqual({ state: 'idle', since: null });
  });
});

describe('the floor view', () => {
  it('gives each service its waiting count and longest wait in whole minutes, and the longest wait of all', () => {
    const v = floorView(facts());
    expect(v.services.map((s) => [s.code, s.waiting, s.longestWaitMinutes])).toEqual([
      ['passport', 3, 20],
      ['cnie', 1, 45],
      ['marriage', 0, null],
    ]);
    expect(v.longestWait).toEqual({ service: 'cnie', minutes: 45 });
    expect(v.waitingTotal).toBe(4);
    expect(floorView(facts({ waiting: new Map(), oldest: new Map() })).longestWait).toBeNull();
  });

  it('counts a service’s open counters among those that can call now: not offline, not paused; a busy counter counts', () => {
    const v = floorView(
      facts({
        counters: [
          counter({ id: '1', services: ['passport', 'cnie'] }),
          counter({ id: '2', staff: null }),
          counter({ id: '3', pausedSince: at('09:00') }),
          counter({
            id: '4',
            staff: null,
            ticket: { id: 't', label: 'C-001', service: 'passport', state: 'serving', calledAt: at('09:00'), startedAt: at('09:01') },
          }),
        ],
      }),
    );
    expect(v.counters.map((c) => c.state)).toEqual(['idle', 'offline', 'paused', 'serving']);
    expect(v.services.map((s) => [s.code, s.openCounters])).toEqual([
      ['passport', 2],
      ['cnie', 1],
      ['marriage', 0],
    ]);
  });

  it('shows a paused service with who paused it, and each waiting ticket’s minutes (never below zero: a kiosk clock ahead)', () => {
    const v = floorView(
      facts({
        pauses: new Map([['marriage', { since: at('09:00'), by: 'sofia', reason: 'officer absent' }]]),
        tickets: [
          { id: 'a', label: 'B-001', service: 'cnie', kind: 'walk-in', priority: null, arrivedAt: at('08:45') },
          { id: 'b', label: 'C-004', service: 'passport', kind: 'walk-in', priority: null, arrivedAt: at('09:31') },
        ],
      }),
    );
    expect(v.services.find((s) => s.code === 'marriage')?.paused).toEqual({ since: at('09:00'), by: 'sofia', reason: 'officer absent' });
    expect(v.services.find((s) => s.code === 'passport')?.paused).toBeNull();
    expect(v.waiting.map((t) => t.waitingMinutes)).toEqual([45, 0]);
  });
});

describe('the services a supervisor gives a counter', () => {
  const known = ['passport', 'cnie', 'marriage'];
  it('are known services, at least one, each once in the order given', () => {
    expect(checkCounterServices(['cnie', 'passport', 'cnie'], known)).toEqual({ ok: true, services: ['cnie', 'passport'] });
    expect(checkCounterServices([], known)).toMatchObject({ ok: false, reason: 'invalid' });
    expect(checkCounterServices(['visa', 'cnie'], known)).toMatchObject({ ok: false, reason: 'unknown-service', detail: expect.stringContaining('visa') });
  });
});
