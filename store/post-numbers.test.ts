import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openJournal, type Db } from './db';
import { issueTicket, getTicket, ticketEvents, waitingTickets, type IssueInput } from './queue';
import { acceptOfflineTicket, leaseBlock, recordRequest, ticketForRequest, type OfflineInput } from './post-numbers';
import { tempDir } from '../test/support/tmp';
import type { NumberingRule } from '../domain/queue/numbering';

let db: Db;
let cleanup: () => void;
beforeEach(() => {
  const t = tempDir('post-numbers-');
  cleanup = t.cleanup;
  db = openJournal(join(t.dir, 'hub.sqlite'));
});
afterEach(() => {
  db.close();
  cleanup();
});

const rule: NumberingRule = { start: 1, end: 20, wrap: false, digits: 3 };
const day = '2025-05-12';
const at = new Date('2025-05-12T07:00:00Z');
const online = (over: Partial<IssueInput> = {}) =>
  issueTicket(db, {
    consulate: 'FR-PAR',
    businessDay: day,
    prefix: 'A',
    rule,
    service: 'visa',
    kind: 'walk-in',
    slot: null,
    priority: null,
    persons: 1,
    lang: 'fr',
    at,
    actor: 'kiosk:K1',
    ...over,
  });
const lease = (kioskId: string, size = 5) => leaseBlock(db, { consulate: 'FR-PAR', prefix: 'A', businessDay: day, kioskId, size, rule, at });
const offline = (over: Partial<OfflineInput> = {}): OfflineInput => ({
  consulate: 'FR-PAR',
  kioskId: 'K2',
  businessDay: day,
  today: day,
  rule,
  requestKey: 'visit-1',
  service: 'visa',
  prefix: 'A',
  number: 20,
  series: '',
  label: 'A-020',
  kind: 'walk-in',
  slot: null,
  priority: null,
  persons: 1,
  lang: 'fr',
  issuedAt: new Date('2025-05-12T06:30:00Z'),
  at,
  ...over,
});

describe('hub numbers: blocks from the top, online count below them', () => {
  it('leases blocks downwards from the end and the online count never gives a leased number', () => {
    expect(lease('K2')).toEqual({ first: 16, last: 20 });
    expect(lease('K3')).toEqual({ first: 11, last: 15 });
    const numbers: number[] = [];
    for (;;) {
      const r = online();
      if (!r.ok) {
        expect(r.detail).toMatch(/offline blocks/);
        break;
      }
      numbers.push(r.ticket.number);
    }
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
  it('a block is only leased above the online count; none when the online count has reached the blocks', () => {
    for (let i = 0; i < 12; i++) online();
    expect(lease('K2', 5)).toEqual({ first: 16, last: 20 });
    expect(lease('K3', 5)).toEqual({ first: 13, last: 15 });
    expect(lease('K4', 5)).toBeNull();
  });
});

describe('hub numbers: offline tickets', () => {
  it('inserts an offline ticket at its issue time, once; a second upload is a duplicate', () => {
    lease('K2');
    const first = online({ at });
    expect(first.ok).toBe(true);
    const r = acceptOfflineTicket(db, offline());
    expect(r).toEqual({ outcome: 'accepted', ticketId: 'FR-PAR/2025-05-12/A/19' });
    expect(acceptOfflineTicket(db, offline())).toEqual({ outcome: 'duplicate', ticketId: 'FR-PAR/2025-05-12/A/19' });
    const t = getTicket(db, 'FR-PAR/2025-05-12/A/19')!;
    expect(t).toMatchObject({ label: 'A-020', arrived_at: '2025-05-12T06:30:00.000Z', offline: 1, series: '', cycle: 0, day_seq: 19, state: 'waiting' });
    expect(waitingTickets(db, 'FR-PAR', day)).toHaveLength(2);
    const ev = ticketEvents(db, t.id);
    expect(ev.map((e) => [e.kind, e.actor, JSON.parse(e.detail).offline])).toEqual([['issued', 'kiosk:K2', true]]);
  });
  it('refuses a number outside the kiosk’s blocks, another kiosk’s series and a label that does not match', () => {
    lease('K2');
    expect(acceptOfflineTicket(db, offline({ kioskId: 'K3' }))).toMatchObject({ outcome: 'refused', reason: 'not-in-block' });
    expect(acceptOfflineTicket(db, offline({ series: 'K3', number: 1, label: 'A-K3-001' }))).toMatchObject({ outcome: 'refused', reason: 'wrong-series' });
    expect(acceptOfflineTicket(db, offline({ label: 'A-019' }))).toMatchObject({ outcome: 'refused', reason: 'wrong-label' });
    expect(acceptOfflineTicket(db, offline({ series: 'K2', number: 1, label: 'A-K2-001' }))).toMatchObject({ outcome: 'accepted' });
  });
  it('closes the online ghost of the same request: one live ticket for the visit', () => {
    lease('K2');
    const ghost = online();
    if (!ghost.ok) throw new Error(ghost.detail);
    recordRequest(db, 'K2', 'visit-1', ghost.ticket.id, at);
    const r = acceptOfflineTicket(db, offline());
    expect(r).toMatchObject({ outcome: 'accepted', superseded: ghost.ticket.id });
    expect(getTicket(db, ghost.ticket.id)!.state).toBe('expired');
    expect(JSON.parse(ticketEvents(db, ghost.ticket.id).at(-1)!.detail)).toMatchObject({ superseded: true, byLabel: 'A-020' });
    expect(ticketForRequest(db, 'K2', 'visit-1')!.label).toBe('A-020');
    expect(waitingTickets(db, 'FR-PAR', day).map((t) => t.label)).toEqual(['A-020']);
  });
  it('a ticket of an earlier business day is kept but closed at once', () => {
    lease('K2');
    acceptOfflineTicket(db, offline({ today: '2025-05-13' }));
    expect(getTicket(db, 'FR-PAR/2025-05-12/A/19')!.state).toBe('expired');
  });
});
