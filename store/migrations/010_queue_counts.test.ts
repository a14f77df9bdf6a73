import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { openJournal, type Db } from '../db';
import { loadMigrations, migrate, NewerDatabaseError } from '../migrations';
import { issueTicket, updateTicket, waitingCount, waitingCounts, type IssueInput } from '../queue';
import { tempDir } from '../../test/support/tmp';

let dir: string;
let cleanup: () => void;
let db: Db;
beforeEach(() => {
  const t = tempDir('mig010-');
  dir = t.dir;
  cleanup = t.cleanup;
  db = openJournal(join(dir, 'j.sqlite'));
});
afterEach(() => {
  db.close();
  cleanup();
});

const SERVICES = ['registration', 'passport', 'visa'];
const issue = (d: Db, consulate: string, service: string, over: Partial<IssueInput> = {}) => {
  const out = issueTicket(d, {
    consulate,
    businessDay: '2025-05-12',
    prefix: 'A',
    rule: { start: 1, end: 999, wrap: false, digits: 3 },
    service,
    kind: 'walk-in',
    slot: null,
    priority: null,
    persons: 1,
    lang: 'fr',
    at: new Date('2025-05-12T07:00:00Z'),
    actor: 'test',
    ...over,
  });
  if (!out.ok) throw new Error(out.detail);
  return out;
};
/** What the counts must always equal: the waiting tickets counted the slow way. */
const counted = (d: Db, consulate: string) =>
  new Map(
    (
      d
        .prepare(`SELECT service, count(*) AS n FROM queue_tickets WHERE consulate = ? AND business_day = '2025-05-12' AND state = 'waiting' GROUP BY service`)
        .all(consulate) as Array<{ service: string; n: number }>
    ).map((r) => [r.service, r.n]),
  );
const nonZero = (m: Map<string, number>) => new Map([...m].filter(([, n]) => n > 0));

describe('migration 010: waiting counts and the held-number index', () => {
  it('counts the waiting tickets of a journal written by the previous version', () => {
    const old = new Database(join(dir, 'old.sqlite'));
    migrate(old, loadMigrations(), 9);
    const row = old.prepare(
      `INSERT INTO queue_tickets (id, consulate, prefix, business_day, day_seq, number, label, service, kind, lang, arrived_at, state, counter)
       VALUES (?, 'FR-PAR', 'A', '2025-05-12', ?, ?, 'A-001', ?, 'walk-in', 'fr', 'x', ?, ?)`,
    );
    (
      [
        ['passport', 'waiting', null],
        ['passport', 'waiting', null],
        ['visa', 'waiting', null],
        ['visa', 'called', '1'],
        ['visa', 'done', null],
      ] as const
    ).forEach(([service, state, counter], i) => row.run(`t${i}`, i, i + 1, service, state, counter));
    expect(migrate(old, loadMigrations(), 10)).toEqual({ from: 9, to: 10 });
    expect(waitingCounts(old, 'FR-PAR', '2025-05-12')).toEqual(
      new Map([
        ['passport', 2],
        ['visa', 1],
      ]),
    );
    old.close();
  });

  it('keeps the counts equal to the waiting tickets through issues, calls, transfers and closes', () => {
    const op = fc.oneof(
      fc.record({ op: fc.constant('issue' as const), service: fc.constantFrom(...SERVICES) }),
      fc.record({ op: fc.constant('call' as const), pick: fc.nat() }),
      fc.record({ op: fc.constant('transfer' as const), pick: fc.nat(), service: fc.constantFrom(...SERVICES) }),
      fc.record({ op: fc.constant('back' as const), pick: fc.nat() }),
      fc.record({ op: fc.constant('close' as const), pick: fc.nat(), state: fc.constantFrom('done', 'no-show', 'expired') as fc.Arbitrary<'done'> }),
    );
    let run = 0;
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const consulate = `C-${run++}`;
        const ids: string[] = [];
        let counter = 0;
        const pick = (n: number) => ids[n % Math.max(1, ids.length)];
        for (const o of ops) {
          if (o.op === 'issue') ids.push(issue(db, consulate, o.service).ticket.id);
          else if (ids.length === 0) continue;
          else if (o.op === 'call') updateTicket(db, pick(o.pick)!, ['waiting'], { state: 'called', counter: `${consulate}-${counter++}` });
          else if (o.op === 'transfer') updateTicket(db, pick(o.pick)!, ['waiting'], { service: o.service });
          else if (o.op === 'back') updateTicket(db, pick(o.pick)!, ['called', 'serving'], { state: 'waiting', counter: null, service: 'visa' });
          else updateTicket(db, pick(o.pick)!, ['waiting', 'called', 'serving'], { state: o.state, counter: null });
          expect(nonZero(waitingCounts(db, consulate, '2025-05-12'))).toEqual(counted(db, consulate));
        }
      }),
      { numRuns: 40 },
    );
  });

  it("gives a new ticket the count of its service's waiting tickets before it", () => {
    issue(db, 'FR-PAR', 'visa');
    issue(db, 'FR-PAR', 'passport');
    expect(issue(db, 'FR-PAR', 'passport').ahead).toBe(1);
    expect(waitingCount(db, 'FR-PAR', '2025-05-12', 'passport')).toBe(2);
    expect(waitingCount(db, 'FR-PAR', '2025-05-12', 'nothing')).toBe(0);
  });

  it('a journal at 010 is refused, untouched, by software that knows only 009', () => {
    expect(() => migrate(db, loadMigrations().slice(0, 9))).toThrow(NewerDatabaseError);
    expect(db.pragma('user_version', { simple: true })).toBe(loadMigrations().length);
  });
});
