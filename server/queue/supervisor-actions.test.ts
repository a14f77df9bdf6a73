// The supervisor's actions on a real journal file: each one's rule, its event naming the supervisor, and the settings
// that must outlive a restart (a new FloorSettings and QueueService on the same file, as a daemon start makes).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openJournal, type Db } from '../../store/db';
import { recentEvents } from '../../store/events';
import { ticketEvents } from '../../store/queue';
import { tempDir } from '../../test/support/tmp';
import { effectiveCounters, QueueConfig } from './config';
import { FloorSettings } from './floor-settings';
import { QueueService } from './service';
import { supervisorActions } from './supervisor-actions';
import { readFloor } from './floor-view';

const SERVICES = [
  { code: 'registration', prefix: 'A', name: { fr: 'Immatriculation' } },
  { code: 'passport', prefix: 'C', name: { fr: 'Passeport' } },
  { code: 'marriage', prefix: 'M', name: { fr: 'Mariage' } },
];
const CONFIG = QueueConfig.parse({
  noShowAfterRecalls: 0,
  counters: [
    { id: '1', services: ['registration'] },
    { id: '2', services: ['passport'] },
  ],
});
const codes = SERVICES.map((s) => s.code);

let dir: string;
let cleanup: () => void;
let db: Db;
let now: Date;
let pokes: number;

function start() {
  const floor = new FloorSettings({ db, serviceCodes: codes, configured: effectiveCounters(CONFIG, codes), now: () => now });
  const queue = new QueueService({
    db,
    consulate: { code: 'FR-PAR', timeZone: 'Europe/Paris' },
    services: SERVICES,
    kioskId: 'K1',
    now: () => now,
    config: CONFIG,
    onChange: () => pokes++,
    counterServices: (c) => floor.servicesOf(c),
  });
  const actions = supervisorActions({ db, queue, floor, onChange: () => pokes++, now: () => now });
  const view = () => readFloor({ db, consulate: { code: 'FR-PAR', timeZone: 'Europe/Paris' }, queue, floor, sessions: () => [], now: () => now });
  return { floor, queue, actions, view };
}
function ticket(q: QueueService, service: string) {
  const r = q.issueTicket({ service, kind: 'walk-in', persons: 1, lang: 'fr' });
  if (!r.ok) throw new Error(r.detail);
  return r.ticket;
}

beforeEach(() => {
  ({ dir, cleanup } = tempDir('supervisor-'));
  db = openJournal(join(dir, 'journal.sqlite'));
  now = new Date('2025-05-12T08:00:00Z');
  pokes = 0;
});
afterEach(() => {
  db.close();
  cleanup();
});

describe('the supervisor’s actions', () => {
  it('moves a waiting ticket to another service: same number and arrival, journaled with the supervisor, counts follow', () => {
    const { queue, actions, view } = start();
    const t = ticket(queue, 'registration');
    now = new Date('2025-05-12T08:10:00Z');
    expect(actions.moveTicket(t.id, 'passport', 'sofia')).toEqual({ ok: true });
    expect(pokes).toBeGreaterThan(1);
    const moved = view().waiting[0]!;
    expect(moved).toMatchObject({ id: t.id, label: t.label, service: 'passport', arrivedAt: t.arrivedAt, waitingMinutes: 10 });
    expect(view().services.map((s) => [s.code, s.waiting])).toEqual([
      ['registration', 0],
      ['passport', 1],
      ['marriage', 0],
    ]);
    expect(ticketEvents(db, t.id).at(-1)).toMatchObject({ kind: 'transferred', actor: 'sofia', counter: null, service: 'registration' });
    expect(recentEvents(db, { subject: t.id })[0]).toMatchObject({
      kind: 'queue.ticket.transferred',
      payload: { from: 'registration', to: 'passport', actor: 'sofia' },
    });
    // Counter 2 (passport) now calls it; counter 1 no longer sees it.
    expect(queue.callNext('1', { id: 'amina' })).toMatchObject({ ok: false, reason: 'empty' });
    expect(queue.callNext('2', { id: 'yusuf' })).toMatchObject({ ok: true, ticket: { id: t.id } });
    // At a counter now: the counter transfers it, not the supervisor.
    expect(actions.moveTicket(t.id, 'marriage', 'sofia')).toMatchObject({ ok: false, reason: 'wrong-state', detail: expect.stringContaining('counter 2') });
    expect(actions.moveTicket(t.id, 'visa', 'sofia')).toMatchObject({ ok: false, reason: 'unknown-service' });
    expect(actions.moveTicket('nope', 'marriage', 'sofia')).toMatchObject({ ok: false, reason: 'not-found' });
  });

  it('refuses to move a ticket to the service it is in', () => {
    const { queue, actions } = start();
    const t = ticket(queue, 'passport');
    expect(actions.moveTicket(t.id, 'passport', 'sofia')).toMatchObject({ ok: false, reason: 'same-service' });
  });

  it('cancels with a reason, as the supervisor', () => {
    const { queue, actions, view } = start();
    const t = ticket(queue, 'passport');
    expect(actions.cancelTicket(t.id, 'visitor left', 'sofia')).toEqual({ ok: true });
    expect(view().waitingTotal).toBe(0);
    expect(recentEvents(db, { subject: t.id })[0]).toMatchObject({
      kind: 'queue.ticket.cancelled',
      payload: { actor: 'sofia', reason: 'visitor left', via: 'supervisor' },
    });
    expect(actions.cancelTicket(t.id, 'again', 'sofia')).toMatchObject({ ok: false, reason: 'wrong-state' });
  });

  it('reopens a no-show of today: waiting again with its number, recalls back to zero; nothing else is reopened', () => {
    const { queue, actions, view } = start();
    const t = ticket(queue, 'passport');
    queue.callNext('2', { id: 'yusuf' });
    queue.recall('2', { id: 'yusuf' });
    expect(queue.noShow('2', { id: 'yusuf' })).toMatchObject({ ok: true });
    expect(view().noShows.map((n) => n.id)).toEqual([t.id]);
    expect(actions.reopenNoShow(t.id, 'sofia')).toEqual({ ok: true });
    const v = view();
    expect(v.noShows).toEqual([]);
    expect(v.waiting.map((w) => [w.id, w.label])).toEqual([[t.id, t.label]]);
    expect(ticketEvents(db, t.id).at(-1)).toMatchObject({ kind: 'reopened', actor: 'sofia' });
    expect(queue.callNext('2', { id: 'yusuf' })).toMatchObject({ ok: true, ticket: { id: t.id, recalls: 0, state: 'called' } });
    expect(actions.reopenNoShow(t.id, 'sofia')).toMatchObject({ ok: false, reason: 'wrong-state' });
  });

  it('does not reopen a no-show of an earlier day', () => {
    const { queue, actions } = start();
    const t = ticket(queue, 'passport');
    queue.callNext('2', { id: 'yusuf' });
    queue.noShow('2', { id: 'yusuf' });
    now = new Date('2025-05-13T08:00:00Z');
    expect(actions.reopenNoShow(t.id, 'sofia')).toMatchObject({ ok: false, reason: 'wrong-state', detail: expect.stringContaining('2025-05-12') });
  });

  it('changes which services a counter calls, at once and after a restart; the journal says who and what it was before', () => {
    const first = start();
    const t = ticket(first.queue, 'marriage');
    expect(first.queue.callNext('1', { id: 'amina' })).toMatchObject({ ok: false, reason: 'empty' });
    expect(first.actions.setCounterServices('1', ['marriage', 'registration'], 'sofia')).toEqual({ ok: true });
    expect(first.view().counters.find((c) => c.id === '1')).toMatchObject({
      services: ['marriage', 'registration'],
      configured: ['registration'],
      changed: { by: 'sofia' },
    });
    expect(recentEvents(db, { kindPrefix: 'queue.counter.services' })[0]).toMatchObject({
      payload: { counter: '1', services: ['marriage', 'registration'], previous: ['registration'], actor: 'sofia' },
    });
    expect(first.actions.setCounterServices('1', [], 'sofia')).toMatchObject({ ok: false, reason: 'invalid' });
    expect(first.actions.setCounterServices('9', ['marriage'], 'sofia')).toMatchObject({ ok: false, reason: 'unknown-counter' });

    const again = start(); // the daemon started again on the same journal
    expect(again.queue.counter('1')?.services).toEqual(['marriage', 'registration']);
    expect(again.queue.callNext('1', { id: 'amina' })).toMatchObject({ ok: true, ticket: { id: t.id } });
  });

  it('pauses a service for walk-ins until resumed, across a restart, journaled with who', () => {
    const first = start();
    expect(first.actions.setServicePaused('marriage', true, 'sofia', 'officer absent')).toEqual({ ok: true });
    expect(first.floor.isPaused('marriage')).toBe(true);
    expect(first.view().services.find((s) => s.code === 'marriage')?.paused).toMatchObject({ by: 'sofia', reason: 'officer absent' });
    expect(recentEvents(db, { kindPrefix: 'queue.service.paused' })[0]).toMatchObject({
      payload: { service: 'marriage', actor: 'sofia', reason: 'officer absent' },
    });
    const again = start();
    expect(again.floor.isPaused('marriage')).toBe(true);
    let told = 0;
    again.floor.onChange(() => told++);
    expect(again.actions.setServicePaused('marriage', false, 'sofia')).toEqual({ ok: true });
    expect(told).toBe(1);
    expect(start().floor.isPaused('marriage')).toBe(false);
    expect(recentEvents(db, { kindPrefix: 'queue.service.resumed' })).toHaveLength(1);
    expect(again.actions.setServicePaused('visa', true, 'sofia')).toMatchObject({ ok: false, reason: 'unknown-service' });
  });
});
