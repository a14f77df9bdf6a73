// Issue 14, cold start: the hub builds its number recovery at every start, and the first reading of a time zone
// loads ICU's date formats (25–45 ms of the start). It reads the business day only once a kiosk asks for a number
// or the status is read, and still judges "active today" by the kiosks the journal held at the start.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openJournal, type Db } from '../../../store/db';
import { addEnrolmentCode, redeemEnrolmentCode, touchKiosk } from '../../../store/post-kiosks';
import { tempDir } from '../../../test/support/tmp';
import { DEFAULT_NUMBERING } from '../../../domain/queue/numbering';
import type * as BusinessDay from '../../../domain/queue/business-day';

const days = vi.hoisted(() => ({ calls: 0 }));
vi.mock('../../../domain/queue/business-day', async (importOriginal) => {
  const real = await importOriginal<typeof BusinessDay>();
  return { ...real, businessDay: (at: Date, tz: string) => (days.calls++, real.businessDay(at, tz)) };
});
const { createNumberRecovery } = await import('./recover');

let t: ReturnType<typeof tempDir>;
let db: Db;
beforeEach(() => {
  t = tempDir();
  db = openJournal(join(t.dir, 'journal.sqlite'));
  days.calls = 0;
});
afterEach(() => {
  db.close();
  t.cleanup();
});

const start = new Date('2026-12-01T23:30:00Z'); // 00:30 on 2 December in Paris
const enrol = (kioskId: string, seen: Date) => {
  addEnrolmentCode(db, {
    kioskId,
    secretHash: `code-${kioskId}`,
    expiresAt: new Date(start.getTime() + 3600_000),
    at: new Date(start.getTime() - 7 * 86400_000),
  });
  expect(redeemEnrolmentCode(db, { secretHash: `code-${kioskId}`, credentialHash: `cred-${kioskId}`, at: seen }).ok).toBe(true);
  touchKiosk(db, kioskId, seen);
};
const recovery = (now: () => Date) =>
  createNumberRecovery({
    db,
    auth: () => ({ ok: false, status: 401, reason: 'no-credential', detail: 'none' }),
    consulate: { code: 'FR-PAR', timeZone: 'Europe/Paris' },
    numbering: DEFAULT_NUMBERING,
    now,
  });

describe('number recovery at the hub start', () => {
  it('reads no time zone until a kiosk asks or the status is read', () => {
    recovery(() => start);
    expect(days.calls).toBe(0);
  });

  it('waits for the kiosks active today as the journal knew them at the start, not for one first seen after it', () => {
    enrol('k-today', new Date('2026-12-01T23:10:00Z')); // 00:10 in Paris: today
    enrol('k-yesterday', new Date('2026-12-01T22:50:00Z')); // 23:50 in Paris: yesterday
    let now = start;
    const r = recovery(() => now);
    enrol('k-later', new Date(start.getTime() + 1000)); // first seen after the start
    now = new Date(start.getTime() + 2000);
    expect(r.hold('k-today')?.reason).toBe('report-numbers');
    expect(r.status().waitingFor).toEqual(['k-today']);
    expect(days.calls).toBeGreaterThan(0);
  });
});
