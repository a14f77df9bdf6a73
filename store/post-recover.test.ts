import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openJournal, type Db } from './db';
import { issueTicket, getTicket, type IssueInput } from './queue';
import { takeBackHeld, type HeldReport } from './post-recover';
import { tempDir } from '../test/support/tmp';
import type { NumberingRule } from '../domain/queue/numbering';
import type { Ticket } from '../shared/queue-api';

let dir: string;
let db: Db;
let cleanup: () => void;
beforeEach(() => {
  const t = tempDir('post-recover-');
  cleanup = t.cleanup;
  dir = t.dir;
  db = openJournal(join(dir, 'hub.sqlite'));
});
afterEach(() => {
  db.close();
  cleanup();
});

const rule: NumberingRule = { start: 1, end: 20, wrap: false, digits: 3 };
const day = '2025-05-12';
const at = new Date('2025-05-12T07:00:00Z');
const issue = (d: Db, over: Partial<IssueInput> = {}) => {
  const r = issueTicket(d, {
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
  if (!r.ok) throw new Error(r.detail);
  return r.ticket;
};
/** The hub's answer as the kiosk keeps it. */
const asAnswered = (d: Db, id: string): Ticket => {
  const t = getTicket(d, id)!;
  return {
    id: t.id,
    label: t.label,
    prefix: t.prefix,
    number: t.number,
    service: t.service,
    kind: t.kind,
    slot: t.slot,
    priority: t.priority,
    persons: t.persons,
    lang: t.lang,
    state: 'waiting',
    counter: null,
    recalls: 0,
    arrivedAt: t.arrived_at,
    calledAt: null,
    startedAt: null,
    closedAt: null,
    businessDay: t.business_day,
  };
};
const report = (over: Partial<HeldReport>): HeldReport => ({
  consulate: 'FR-PAR',
  kioskId: 'K1',
  rule,
  today: day,
  blocks: [],
  online: [],
  offline: [],
  at,
  ...over,
});

describe('takeBackHeld', () => {
  it('puts back the online tickets a restored hub lost, at their issue time, counts above them, and is idempotent', () => {
    // The hub gave A-001..A-003; its journal was then restored to when it had given A-001 only.
    const lost = openJournal(join(dir, 'lost.sqlite'));
    const given = [1, 2, 3].map((i) => asAnswered(lost, issue(lost, { at: new Date(at.getTime() + i * 60_000) }).id));
    lost.close();
    issue(db, { at: new Date(at.getTime() + 60_000) });
    const online = given.map((ticket, i) => ({ requestKey: `v${i}`, ticket }));
    const r = report({ online: online.slice(1) });
    expect(takeBackHeld(db, r)).toEqual({ recovered: { online: 2, offline: 0, blocks: 0 }, known: 0, refused: [] });
    expect(getTicket(db, given[2]!.id)).toMatchObject({ label: 'A-003', state: 'waiting', arrived_at: given[2]!.arrivedAt, offline: 0 });
    expect(takeBackHeld(db, r)).toEqual({ recovered: { online: 0, offline: 0, blocks: 0 }, known: 2, refused: [] });
    // The next online number is above every number held.
    expect(issue(db).label).toBe('A-004');
  });

  it('refuses by name a number the hub meanwhile gave another visit, and a block that overlaps another kiosk', () => {
    const lost = openJournal(join(dir, 'lost.sqlite'));
    const held = asAnswered(lost, issue(lost).id);
    lost.close();
    issue(db);
    const out = takeBackHeld(
      db,
      report({
        online: [{ requestKey: 'v1', ticket: held }],
        blocks: [{ prefix: 'A', businessDay: day, first: 16, last: 20 }],
      }),
    );
    expect(out.recovered).toEqual({ online: 0, offline: 0, blocks: 1 });
    expect(out.refused).toEqual([{ what: `ticket ${held.id} (A-001)`, detail: expect.stringMatching(/another visit/) }]);
    const other = takeBackHeld(db, report({ kioskId: 'K2', blocks: [{ prefix: 'A', businessDay: day, first: 18, last: 20 }] }));
    expect(other.refused).toEqual([{ what: `block A 18-20 of ${day}`, detail: expect.stringMatching(/kiosk K1/) }]);
  });
});
