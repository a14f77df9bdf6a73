import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJournal } from './db';
import { markUsed, purgeExpiredUses, usedRecord } from './appointment-tokens';
import { recentEvents } from './events';

const dir = mkdtempSync(join(tmpdir(), 'apptok-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = new Date('2026-12-01T08:12:00.000Z');

describe('markUsed', () => {
  it('first use wins, the second is told when and where', () => {
    const db = openJournal(join(dir, 'a.db'));
    expect(markUsed(db, '9c1f04a2b7e35d60', 'PAR-K1', at, { appointmentId: '123456' })).toEqual({ ok: true });
    expect(markUsed(db, '9c1f04a2b7e35d60', 'PAR-K2', new Date(at.getTime() + 1000))).toEqual({ ok: false, usedAt: at.toISOString(), kioskId: 'PAR-K1' });
    expect(usedRecord(db, '9c1f04a2b7e35d60')).toEqual({ usedAt: at.toISOString(), kioskId: 'PAR-K1' });
    expect(usedRecord(db, '0000000000000000')).toBeUndefined();
    db.close();
  });

  it('journals exactly one check-in event, for the winner', () => {
    const db = openJournal(join(dir, 'b.db'));
    markUsed(db, 'aaaaaaaaaaaaaaaa', 'K1', at, { appointmentId: 'A1' });
    markUsed(db, 'aaaaaaaaaaaaaaaa', 'K2', at);
    const ev = recentEvents(db, { kindPrefix: 'appointment.' });
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ kind: 'appointment.checked-in', subject: 'aaaaaaaaaaaaaaaa', payload: { kioskId: 'K1' } });
    // The appointment id is personal data: it stays in the table (where retention removes it), not in the chain.
    expect(ev[0]?.payload).not.toHaveProperty('appointmentId');
    db.close();
  });

  it('two connections to one file DB: one check-in per token, whatever the interleaving', () => {
    const file = join(dir, 'c.db');
    const k1 = openJournal(file);
    const k2 = openJournal(file);
    const ids = Array.from({ length: 50 }, (_, i) => i.toString(16).padStart(16, '0'));
    const wins = { K1: 0, K2: 0 };
    for (const [i, id] of ids.entries()) {
      const order =
        i % 2 === 0
          ? ([
              [k1, 'K1'],
              [k2, 'K2'],
            ] as const)
          : ([
              [k2, 'K2'],
              [k1, 'K1'],
            ] as const);
      const results = order.map(([db, k]) => ({ k, r: markUsed(db, id, k, at) }));
      const won = results.filter((x) => x.r.ok);
      expect(won).toHaveLength(1);
      wins[won[0]!.k]++;
      const lost = results.find((x) => !x.r.ok)!;
      expect(lost.r).toEqual({ ok: false, usedAt: at.toISOString(), kioskId: won[0]!.k });
    }
    expect(wins).toEqual({ K1: 25, K2: 25 });
    k1.close();
    k2.close();
  });

  it('purges only expired uses', () => {
    const db = openJournal(join(dir, 'd.db'));
    markUsed(db, '1111111111111111', 'K1', at, { expiresAt: new Date('2026-12-01T08:30:00Z') });
    markUsed(db, '2222222222222222', 'K1', at, { expiresAt: new Date('2026-12-03T08:30:00Z') });
    markUsed(db, '3333333333333333', 'K1', at);
    expect(purgeExpiredUses(db, new Date('2026-12-02T00:00:00Z'))).toBe(1);
    expect(usedRecord(db, '1111111111111111')).toBeUndefined();
    expect(usedRecord(db, '2222222222222222')).toBeDefined();
    db.close();
  });
});
