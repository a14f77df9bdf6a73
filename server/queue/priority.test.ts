// Priority requests (issue 18 item 3) through the queue service on a real journal: a kiosk's request waits for staff
// (or is granted at once when self-declared), a counter confirms, declines or flags it with who journaled, and the
// calling order uses the priority from then on.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openJournal, type Db } from '../../store/db';
import { getTicket, ticketEvents } from '../../store/queue';
import { tempDir } from '../../test/support/tmp';
import { QueueConfig, type QueueConfigInput } from './config';
import { QueueService } from './service';

let db: Db;
let cleanup: () => void;
const now = new Date('2025-05-12T07:00:00Z');
const amina = { id: 'amina' };

function make(cfg: QueueConfigInput = {}): QueueService {
  return new QueueService({
    db,
    consulate: { code: 'FR-PAR', timeZone: 'Europe/Paris' },
    services: [{ code: 'registration', prefix: 'A', name: { fr: 'Immatriculation' } }],
    kioskId: 'K1',
    now: () => now,
    // Priority visitors first whenever one waits: the effect of a priority is plain to see.
    config: QueueConfig.parse({ order: { priority: { rule: 'ageing', creditMinutes: 240 } }, ...cfg }),
  });
}
function ok<T>(r: ({ ok: true } & T) | { ok: false; reason: string; detail?: string }): T {
  if (!r.ok) throw new Error(`${r.reason}: ${r.detail}`);
  return r;
}
const issue = (q: QueueService, priorityRequest?: 'elderly' | 'pregnant' | 'children') =>
  ok(q.issueTicket({ service: 'registration', kind: 'walk-in', persons: 1, lang: 'fr', ...(priorityRequest ? { priorityRequest } : {}) })).ticket;
const view = (q: QueueService) => ok(q.counterView('1', { id: 'amina', name: 'Amina', role: 'staff' })).view;

beforeEach(() => {
  const t = tempDir('queue-prio-');
  cleanup = t.cleanup;
  db = openJournal(join(t.dir, 'journal.sqlite'));
});
afterEach(() => {
  db.close();
  cleanup();
});

describe('a priority asked at the kiosk', () => {
  it('staff-confirmed (the default): the ticket is ordinary until a counter confirms; then it is called first', () => {
    const q = make();
    const first = issue(q);
    const asked = issue(q, 'pregnant');
    expect(asked).toMatchObject({ priority: null, priorityRequest: 'pregnant' });
    expect(view(q).priorityRequests.map((r) => r.ticket.id)).toEqual([asked.id]);
    expect(view(q).waiting[0]!.ticket.id).toBe(first.id);

    const confirmed = ok(q.decidePriority('1', amina, asked.id, 'confirm')).ticket;
    expect(confirmed).toMatchObject({ priority: 'pregnant', priorityRequest: null });
    expect(getTicket(db, asked.id)!.priority_by).toBe('amina');
    expect(view(q).priorityRequests).toEqual([]);
    expect(view(q).waiting[0]!.ticket.id).toBe(asked.id);
    const e = ticketEvents(db, asked.id).at(-1)!;
    expect([e.kind, e.actor, e.counter]).toEqual(['priority', 'amina', '1']);
    expect(JSON.parse(e.detail)).toMatchObject({ decision: 'confirmed', priority: 'pregnant', requested: 'pregnant' });
  });

  it('a declined request leaves the ticket ordinary; nothing to decide is refused', () => {
    const q = make();
    const asked = issue(q, 'elderly');
    expect(ok(q.decidePriority('1', amina, asked.id, 'decline')).ticket).toMatchObject({ priority: null, priorityRequest: null });
    expect(q.decidePriority('1', amina, asked.id, 'confirm')).toMatchObject({ ok: false, reason: 'invalid' });
    expect(q.decidePriority('1', amina, asked.id, 'flag')).toMatchObject({ ok: false, reason: 'invalid' });
    expect(q.decidePriority('1', amina, 'nope', 'flag', 'elderly')).toMatchObject({ ok: false, reason: 'not-found' });
    expect(JSON.parse(ticketEvents(db, asked.id).at(-1)!.detail)).toMatchObject({ decision: 'declined', priority: null });
  });

  it('self-declared: the visitor’s word gives the priority at once, journaled on the issue', () => {
    const q = make({ priorityRequests: 'self-declared' });
    issue(q);
    const t = issue(q, 'children');
    expect(t).toMatchObject({ priority: 'children', priorityRequest: null });
    expect(getTicket(db, t.id)!.priority_by).toBe('kiosk:K1');
    expect(view(q).priorityRequests).toEqual([]);
    expect(view(q).waiting[0]!.ticket.id).toBe(t.id);
    expect(JSON.parse(ticketEvents(db, t.id)[0]!.detail)).toMatchObject({ priority: 'children' });
  });

  it('reception flags a ticket nobody asked for, and can take the flag off', () => {
    const q = make();
    issue(q);
    const t = issue(q);
    expect(ok(q.decidePriority('1', amina, t.id, 'flag', 'disabled')).ticket.priority).toBe('disabled');
    expect(view(q).waiting[0]!.ticket.id).toBe(t.id);
    expect(ok(q.decidePriority('1', amina, t.id, 'remove')).ticket.priority).toBeNull();
    expect(ticketEvents(db, t.id).map((e) => e.kind)).toEqual(['issued', 'priority', 'priority']);
  });
});
