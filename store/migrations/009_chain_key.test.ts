import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openJournal } from '../db';
import { loadMigrations, migrate } from '../migrations';
import { recordIntent, transition } from '../payments';
import { purgePersonalData } from '../retention';
import { tempDir } from '../../test/support/tmp';

let cleanup = () => {};
afterEach(() => cleanup());
function file() {
  const t = tempDir();
  cleanup = t.cleanup;
  return join(t.dir, 'j.sqlite');
}
const salt = (d: ReturnType<typeof openJournal>, id: string) =>
  (d.prepare('SELECT personal_salt AS s FROM payments WHERE id = ?').get(id) as { s: string | null }).s;

describe('migration 009: chain key record and personal salt', () => {
  it('keeps the key record as written: never updated nor deleted', () => {
    const d = openJournal(file());
    expect(d.prepare('SELECT keyed_from FROM journal_chain').get()).toEqual({ keyed_from: 1 });
    expect(() => d.prepare('UPDATE journal_chain SET keyed_from = 99').run()).toThrow(/never changes/);
    expect(() => d.prepare('DELETE FROM journal_chain').run()).toThrow(/never removed/);
    d.close();
  });

  it('gives each payment its own random salt, salts rows written before it, and the purge removes it for good', () => {
    const f = file();
    const old = openJournal(f, { migrate: false });
    migrate(old, loadMigrations(), 8);
    recordIntent(old, { id: 'pay-old', kioskId: 'K1', terminalId: 'T', protocol: 'zvt', amountMinor: 100, currency: 'EUR' }, new Date('2026-01-01T10:00:00Z'));
    transition(old, 'pay-old', 'approved', { authCode: 'A', maskedPan: '4111********1111' }, 'service', { at: new Date('2026-01-01T10:00:01Z') });
    old.close();
    const d = openJournal(f);
    recordIntent(d, { id: 'pay-new', kioskId: 'K1', terminalId: 'T', protocol: 'zvt', amountMinor: 100, currency: 'EUR' });
    expect(salt(d, 'pay-old')).toMatch(/^[0-9a-f]{32}$/);
    expect(salt(d, 'pay-new')).toMatch(/^[0-9a-f]{32}$/);
    expect(salt(d, 'pay-new')).not.toBe(salt(d, 'pay-old'));
    expect(purgePersonalData(d, { olderThanDays: 30, now: new Date('2026-06-01T00:00:00Z') }).paymentsPurged).toBe(1);
    expect(salt(d, 'pay-old')).toBeNull();
    expect(() => d.prepare("UPDATE payments SET personal_salt = 'ab' WHERE id = 'pay-old'").run()).toThrow(/purged/);
    d.close();
  });
});
