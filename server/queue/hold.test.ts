// Hold and recall (issue 18 item 7) through the queue service on a real journal: who, when, why journaled; a held
// ticket leaves the waiting count, the estimates and the calling order, keeps its number, comes back to its counter
// as a call the board announces, and expires with the day.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openJournal, type Db } from '../../store/db';
import { recentEvents } from '../../store/events';
import { ticketEvents } from '../../store/queue';
import { tempDir } from '../../test/support/tmp';
import { QueueConfig, type QueueConfigInput } from './config';
import { QueueService } from './service';

const SERVICES = [
  { code: 'registration', prefix: 'A', name: { fr: 'Immatriculation' } },
  { code: 'passport', prefix: 'C', name: { fr: 'Passeport' } },
];
let db: Db;
let cleanup: () => void;
let now: Date;
const amina = { id: 'amina' };
const karim = { id: 'karim' };

function make(cfg: QueueConfigInput = {}): QueueService {
  return new QueueService({
    db,
    consulate: { code: 'FR-PAR', timeZone: 'Europe/Paris' },
    services: SERVICES,
    kioskId: 'K1',
    now: () => now,
    config: QueueConfig.parse({
      counters: [
        { id: '1', services: ['registration', 'passport'] },
        { id: '2', services: ['registration'] },
      ],
      ...cfg,
    }),
  });
}
function ok<T>(r: ({ ok: true } & T) | { ok: false; reason: string; detail?: string }): T {
  if (!r.ok) throw new Error(`${r.reason}: ${r.detail}`);
  return r;
}
const walkIn = (q: QueueService, service = 'registration') => ok(q.issueTicket({ service, kind: 'walk-in', persons: 1, lang: 'fr' })).ticket;
const advance = (min: number) => (now = new Date(now.getTime() + min * 60_000));
const view = (q: QueueService, counter = '1') => ok(q.counterView(counter, { id: 'amina', name: 'Amina', role: 'staff' })).view;

beforeEach(() => {
  const t = tempDir('queue-hold-');
  cleanup = t.cleanup;
  db = openJournal(join(t.dir, 'journal.sqlite'));
  now = new Date('2025-05-12T07:00:00Z');
});
afterEach(() => {
  db.close();
  cleanup();
});

describe('holding a ticket', () => {
  it('parks the ticket being served with who and why: the counter is free, the ticket is out of the waiting list and counts', () => {
    const q = make();
    const a = walkIn(q);
    walkIn(q);
    ok(q.callNext('1', amina));
    ok(q.start('1', amina));
    advance(3);
    const held = ok(q.hold('1', amina, '  fetching the birth certificate ', a.id)).ticket;
    expect(held).toMatchObject({ id: a.id, state: 'held', counter: null, hold: { counter: '1', by: 'amina', reason: 'fetching the birth certificate' } });
    const v = view(q);
    expect(v.current).toBeNull();
    expect(v.held).toEqual([
      {
        ticket: expect.objectContaining({ id: a.id, label: a.label }),
        heldAt: now.toISOString(),
        heldBy: 'amina',
        reason: 'fetching the birth certificate',
        heldMinutes: 0,
      },
    ]);
    expect(v.waiting.map((w) => w.ticket.id)).not.toContain(a.id);
    expect(v.waitingCount).toBe(1);
    expect(q.waitFor('registration')).toMatchObject({ ahead: 1 });
    expect(q.boardView().waiting.find((w) => w.service === 'registration')!.count).toBe(1);
    // Journaled: the ticket's history and the journal event, with who and why.
    expect(ticketEvents(db, a.id).map((e) => [e.kind, e.actor, e.counter])).toEqual([
      ['issued', 'kiosk:K1', null],
      ['called', 'amina', '1'],
      ['started', 'amina', '1'],
      ['held', 'amina', '1'],
    ]);
    const ev = recentEvents(db, { kindPrefix: 'queue.ticket.held' })[0]!;
    expect(ev.subject).toBe(a.id);
    expect(ev.payload).toMatchObject({ actor: 'amina', counter: '1', reason: 'fetching the birth certificate', from: 'serving' });
    // The counter calls the next visitor meanwhile; the calling order never offers the held ticket.
    expect(ok(q.callNext('1', amina)).ticket.id).not.toBe(a.id);
  });

  it('refuses without a reason, without a ticket at the counter, or for a ticket the counter no longer holds', () => {
    const q = make();
    const a = walkIn(q);
    expect(q.hold('1', amina, 'x')).toMatchObject({ ok: false, reason: 'idle' });
    ok(q.callNext('1', amina));
    expect(q.hold('1', amina, '   ')).toMatchObject({ ok: false, reason: 'invalid' });
    expect(q.hold('1', amina, 'x', 'someone-else')).toMatchObject({ ok: false, reason: 'stale' });
    expect(q.hold('9', amina, 'x')).toMatchObject({ ok: false, reason: 'unknown-counter' });
    expect(ticketEvents(db, a.id).map((e) => e.kind)).toEqual(['issued', 'called']);
  });
});

describe('recalling a held ticket', () => {
  it('calls the same number back to the counter that held it, as a call the board shows and announces', () => {
    const q = make();
    const a = walkIn(q);
    ok(q.callNext('1', amina));
    ok(q.recall('1', amina));
    ok(q.hold('1', amina, 'photo missing'));
    advance(12);
    expect(view(q).held[0]!.heldMinutes).toBe(12);
    const back = ok(q.recallHeld('1', karim, a.id)).ticket;
    expect(back).toMatchObject({ id: a.id, label: a.label, number: a.number, state: 'called', counter: '1', recalls: 0, hold: null });
    expect(view(q).held).toEqual([]);
    const board = q.boardView();
    expect(board.current).toMatchObject({ ticketId: a.id, label: a.label, counter: '1', kind: 'called' });
    const events = ticketEvents(db, a.id);
    const last = events[events.length - 1]!;
    // A call with who, outside the calling order: no lane, so the N:1 priority turn does not count it.
    expect([last.kind, last.actor, last.counter, last.lane]).toEqual(['called', 'karim', '1', null]);
    expect(JSON.parse(last.detail)).toMatchObject({ fromHold: true, heldBy: 'amina', holdReason: 'photo missing' });
    // Then the visit goes on as any other.
    ok(q.start('1', karim));
    expect(ok(q.finish('1', karim)).ticket.state).toBe('done');
  });

  it('refuses at another counter, at a busy or paused counter, and for a ticket not on hold', () => {
    const q = make();
    const a = walkIn(q);
    const b = walkIn(q);
    ok(q.callNext('1', amina));
    ok(q.hold('1', amina, 'fetching a document'));
    expect(q.recallHeld('2', karim, a.id)).toMatchObject({ ok: false, reason: 'not-this-counter' });
    ok(q.callNext('1', amina));
    expect(q.recallHeld('1', amina, a.id)).toMatchObject({ ok: false, reason: 'busy' });
    ok(q.finish('1', amina));
    ok(q.pause('1', amina));
    expect(q.recallHeld('1', amina, a.id)).toMatchObject({ ok: false, reason: 'paused' });
    ok(q.resume('1', amina));
    expect(q.recallHeld('1', amina, b.id)).toMatchObject({ ok: false, reason: 'wrong-state' });
    expect(q.recallHeld('1', amina, 'nope')).toMatchObject({ ok: false, reason: 'not-found' });
    expect(ok(q.recallHeld('1', amina, a.id)).ticket.state).toBe('called');
  });
});

describe('a held ticket keeps its number', () => {
  it('numbering wrapping round the range skips the held number, as it skips a waiting one', () => {
    const q = make({ numbering: { start: 1, end: 3, wrap: true, digits: 1 } });
    const [a, b, c] = [walkIn(q), walkIn(q), walkIn(q)];
    // A-1 is parked, A-2 and A-3 finished: after wrapping, 1 is still the parked visitor's.
    ok(q.callNext('1', amina));
    ok(q.hold('1', amina, 'fetching a document', a.id));
    for (const t of [b, c]) {
      expect(ok(q.callNext('1', amina)).ticket.id).toBe(t.id);
      ok(q.finish('1', amina));
    }
    expect(walkIn(q).number).toBe(2);
    expect(walkIn(q).number).toBe(3);
    expect(q.issueTicket({ service: 'registration', kind: 'walk-in', persons: 1, lang: 'fr' })).toMatchObject({ ok: false, reason: 'exhausted' });
    // Once called back and finished, the number is free again.
    ok(q.recallHeld('1', amina, a.id));
    ok(q.finish('1', amina));
    expect(walkIn(q).number).toBe(1);
  });

  it('expires at the day close like every open ticket', () => {
    const q = make();
    const a = walkIn(q);
    ok(q.callNext('1', amina));
    ok(q.hold('1', amina, 'fetching a document'));
    now = new Date('2025-05-13T07:00:00Z');
    expect(view(q).held).toEqual([]);
    expect(ok(q.ticketDetail(a.id)).detail.ticket.state).toBe('expired');
    expect(ticketEvents(db, a.id).map((e) => [e.kind, e.actor])).toContainEqual(['expired', 'system']);
  });
});
