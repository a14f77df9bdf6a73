// The report counts priority visitors (issue 18 item 3) from the journal: requests made at the kiosk, self-declared
// priorities, priority tickets issued by staff, each staff decision, and the period's tickets by final class; the
// CSV carries them as rows.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openJournal, type Db } from '../../store/db';
import { tempDir } from '../../test/support/tmp';
import { QueueConfig } from '../queue/config';
import { QueueService } from '../queue/service';
import { reportStats } from './stats';
import { statsCsv } from './stats-csv';
import { periodBounds } from './period';

const TZ = 'Europe/Paris';
let db: Db;
let cleanup: () => void;
beforeEach(() => {
  const t = tempDir('prio-stats-');
  cleanup = t.cleanup;
  db = openJournal(join(t.dir, 'journal.sqlite'));
});
afterEach(() => {
  db.close();
  cleanup();
});

const queue = (mode: 'staff-confirmed' | 'self-declared') =>
  new QueueService({
    db,
    consulate: { code: 'FR-PAR', timeZone: TZ },
    services: [{ code: 'registration', prefix: 'A', name: { fr: 'Immatriculation' } }],
    kioskId: 'K1',
    now: () => new Date('2026-03-02T09:00:00Z'),
    config: QueueConfig.parse({ priorityRequests: mode }),
  });

describe('priority in the period report', () => {
  it('counts requests, self-declarations, staff-issued priorities, decisions and tickets per class', () => {
    const q = queue('staff-confirmed');
    const issue = (extra: object, actor = { id: 'kiosk:K1' }) => {
      const r = q.issueTicket({ service: 'registration', kind: 'walk-in', persons: 1, lang: 'fr', ...extra }, actor);
      if (!r.ok) throw new Error(r.detail);
      return r.ticket.id;
    };
    const a = issue({ priorityRequest: 'pregnant' });
    const b = issue({ priorityRequest: 'elderly' });
    issue({ priorityRequest: 'children' }); // still waiting for a word
    issue({ priority: 'disabled' }, { id: 'reception' });
    const e = issue({});
    issue({});
    const amina = { id: 'amina' };
    expect(q.decidePriority('1', amina, a, 'confirm').ok).toBe(true);
    expect(q.decidePriority('1', amina, b, 'decline').ok).toBe(true);
    expect(q.decidePriority('1', amina, e, 'flag', 'elderly').ok).toBe(true);
    const selfDeclaring = queue('self-declared').issueTicket({ service: 'registration', kind: 'walk-in', persons: 1, lang: 'fr', priorityRequest: 'children' });
    expect(selfDeclaring.ok).toBe(true);

    const s = reportStats(db, { ...periodBounds('2026-03-02', '2026-03-02', TZ), timeZone: TZ });
    expect(s.priority).toEqual({
      requested: 3,
      selfDeclared: 1,
      issuedByStaff: 1,
      confirmed: 1,
      declined: 1,
      flagged: 1,
      removed: 0,
      byClass: [
        { priority: 'children', tickets: 1 },
        { priority: 'disabled', tickets: 1 },
        { priority: 'elderly', tickets: 1 },
        { priority: 'pregnant', tickets: 1 },
      ],
    });
    const csv = statsCsv(s, 'EUR');
    expect(csv).toMatch(/\r\npriority,requested,,,,3,/);
    expect(csv).toMatch(/\r\npriority-by-class,pregnant,,,,1,/);
    // Another day's report counts none of them.
    expect(reportStats(db, { ...periodBounds('2026-03-03', '2026-03-03', TZ), timeZone: TZ }).priority).toMatchObject({ requested: 0, byClass: [] });
  });
});
