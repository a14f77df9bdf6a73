// Issue 14: call next and the counter's screen must not grow with the waiting list. They read the first few
// tickets of the calling order (store waitingCandidates) and the waiting counts, never the whole list.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openJournal, type Db } from '../../store/db';
import { tempDir } from '../../test/support/tmp';
import { QueueConfig } from './config';
import { COUNTER_VIEW_LIMIT, QueueService } from './service';

let cleanup: () => void;
let db: Db;
/** How many times the whole waiting list of the day was read. */
let wholeListReads: number;
const now = new Date('2025-05-12T07:00:00Z');
beforeEach(() => {
  const t = tempDir('queue-bounded-');
  cleanup = t.cleanup;
  db = openJournal(join(t.dir, 'journal.sqlite'));
  db.pragma('synchronous = OFF');
  wholeListReads = 0;
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    const st = prepare(sql);
    if (!/state = 'waiting'$/.test(sql.trim()) || !/SELECT \* FROM queue_tickets WHERE consulate = \? AND business_day = \?/.test(sql)) return st;
    const all = st.all.bind(st);
    st.all = ((...args: unknown[]) => (wholeListReads++, all(...args))) as typeof st.all;
    return st;
  }) as Db['prepare'];
});
afterEach(() => {
  db.close();
  cleanup();
});

const make = () =>
  new QueueService({
    db,
    consulate: { code: 'FR-PAR', timeZone: 'Europe/Paris' },
    services: [
      { code: 'registration', prefix: 'A', name: {} },
      { code: 'passport', prefix: 'C', name: {} },
    ],
    kioskId: 'K1',
    now: () => now,
    config: QueueConfig.parse({ counters: [{ id: '1', services: ['registration', 'passport'] }] }),
  });
const user = { id: 'amina', name: 'Amina', role: 'staff' as const };

describe('call next and the counter view read a bounded part of the waiting list', () => {
  it('the counter view lists the first tickets of the calling order and counts them all', () => {
    const q = make();
    const waiting = COUNTER_VIEW_LIMIT + 7;
    for (let i = 0; i < waiting; i++) q.issueTicket({ service: i % 3 ? 'registration' : 'passport', kind: 'walk-in', persons: 1, lang: 'fr' });
    const r = q.counterView('1', user);
    if (!r.ok) throw new Error(r.detail);
    expect(r.view.waitingCount).toBe(waiting);
    expect(r.view.waiting).toHaveLength(COUNTER_VIEW_LIMIT);
    expect(r.view.waiting.map((w) => w.position)).toEqual(Array.from({ length: COUNTER_VIEW_LIMIT }, (_, i) => i + 1));
    expect(r.view.waiting[0]!.ticket.label).toBe('C-001');
    expect(wholeListReads).toBe(0);
  });

  it('call next takes the first of the calling order without reading the whole list', () => {
    const q = make();
    q.issueTicket({ service: 'registration', kind: 'walk-in', persons: 1, lang: 'fr' });
    q.issueTicket({ service: 'passport', kind: 'walk-in', persons: 1, lang: 'fr', priority: 'elderly' });
    q.issueTicket({ service: 'registration', kind: 'walk-in', persons: 1, lang: 'fr' });
    const labels: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = q.callNext('1', { id: 'amina' });
      if (!r.ok) throw new Error(r.detail);
      labels.push(r.ticket.label);
      q.finish('1', { id: 'amina' });
    }
    expect(labels).toEqual(['A-001', 'A-002', 'C-001']); // N:1 = 2 ordinary calls, then the priority visitor
    expect(wholeListReads).toBe(0);
  });
});
