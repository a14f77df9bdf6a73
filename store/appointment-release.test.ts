import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openJournal } from './db';
import { markUsed, releaseUse, usedRecord } from './appointment-tokens';
import { recentEvents } from './events';
import { tempDir } from '../test/support/tmp';

let cleanup = () => {};
afterEach(() => cleanup());

describe('releasing a check-in nobody paid for', () => {
  it('lets the same token check in again, and journals why', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const db = openJournal(join(t.dir, 'j.sqlite'));
    const tid = 'aa'.repeat(8);
    expect(markUsed(db, tid, 'K1', new Date())).toEqual({ ok: true });
    expect(markUsed(db, tid, 'K1', new Date()).ok).toBe(false);
    expect(releaseUse(db, tid, 'K2', 'visitor left')).toBe(false); // only the kiosk that holds it
    expect(releaseUse(db, tid, 'K1', 'visitor left')).toBe(true);
    expect(usedRecord(db, tid)).toBeUndefined();
    expect(markUsed(db, tid, 'K1', new Date())).toEqual({ ok: true });
    expect(recentEvents(db, { subject: tid }).map((e) => e.kind)).toEqual(['appointment.checked-in', 'appointment.released', 'appointment.checked-in']);
    db.close();
  });
});
