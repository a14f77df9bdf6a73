import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openJournal } from '../db';
import { recordIntent, transition } from '../payments';
import { addCorrection, correctionsOf, recordDayClose, type NewDayClose } from '../day-close';
import { verifyChain } from '../events';
import { tempDir } from '../../test/support/tmp';

let cleanup = () => {};
afterEach(() => cleanup());
function db() {
  const t = tempDir();
  cleanup = t.cleanup;
  return openJournal(join(t.dir, 'j.sqlite'));
}
const close = (o: Partial<NewDayClose> = {}): NewDayClose => ({
  businessDay: '2026-03-02',
  terminalId: 'terminal',
  currency: 'EUR',
  source: 'entered',
  terminalTotalMinor: 1000,
  terminalCount: 1,
  journalTotalMinor: 1000,
  journalCount: 1,
  detail: {},
  closedBy: 'sup',
  ...o,
});

describe('migration 007: day close and retention', () => {
  it('locks a closed day: one close per day and terminal, never updated nor deleted', () => {
    const d = db();
    const r = recordDayClose(d, close());
    expect(r).toMatchObject({ ok: true, close: { status: 'balanced' } });
    expect(recordDayClose(d, close({ terminalTotalMinor: 5 }))).toMatchObject({ ok: false, reason: 'already-closed' });
    expect(() => d.prepare('UPDATE day_closes SET status = ?').run('differences')).toThrow(/locked/);
    expect(() => d.prepare('DELETE FROM day_closes').run()).toThrow(/never deleted/);
    expect(recordDayClose(d, close({ terminalId: 'T2', terminalTotalMinor: 900 }))).toMatchObject({ ok: true, close: { status: 'differences' } });
    // Balanced needs equal totals, whatever the caller says.
    expect(() =>
      d
        .prepare(
          `INSERT INTO day_closes (business_day, terminal_id, currency, source, terminal_total_minor, terminal_count,
                                  journal_total_minor, journal_count, status, detail, closed_by, closed_at, event_id)
           VALUES ('2026-03-03', 't', 'EUR', 'entered', 1, 1, 2, 1, 'balanced', '{}', 's', 'x', 999)`,
        )
        .run(),
    ).toThrow(/CHECK/);
    d.close();
  });

  it('keeps corrections append-only and in the hash chain', () => {
    const d = db();
    const r = recordDayClose(d, close());
    if (!r.ok) throw new Error('close failed');
    expect(addCorrection(d, r.close.id, { note: 'refund of 10.00 found on paper', amountMinor: -1000, by: 'sup' })).toMatchObject({ ok: true });
    expect(addCorrection(d, r.close.id, { note: '  ', by: 'sup' })).toMatchObject({ ok: false, reason: 'invalid' });
    expect(addCorrection(d, 999, { note: 'x', by: 'sup' })).toMatchObject({ ok: false, reason: 'not-found' });
    expect(correctionsOf(d, r.close.id)).toHaveLength(1);
    expect(() => d.prepare("UPDATE day_close_corrections SET note = 'changed'").run()).toThrow(/never edited/);
    expect(() => d.prepare('DELETE FROM day_close_corrections').run()).toThrow(/never deleted/);
    expect(verifyChain(d)).toMatchObject({ ok: true, count: 2 });
    d.close();
  });

  it('lets retention null a payment reference, but never change it to another value', () => {
    const d = db();
    recordIntent(d, { id: 'pay-1', kioskId: 'K1', terminalId: 'T', protocol: 'zvt', amountMinor: 100, currency: 'EUR', reference: 'apt-1' });
    expect(() => d.prepare("UPDATE payments SET personal_purged_at = 'now' WHERE id = 'pay-1'").run()).toThrow(/never purged/);
    transition(d, 'pay-1', 'approved', { maskedPan: '4111********1111' }, 'service');
    expect(() => d.prepare("UPDATE payments SET reference = 'apt-2'").run()).toThrow(/never change/);
    expect(() => d.prepare('UPDATE payments SET amount_minor = 1').run()).toThrow(/never change/);
    d.prepare("UPDATE payments SET reference = NULL, masked_pan = NULL, personal_purged_at = 'now'").run();
    expect(() => d.prepare("UPDATE payments SET masked_pan = '4111'").run()).toThrow(/purged/);
    expect(() => d.prepare('UPDATE payments SET personal_purged_at = NULL').run()).toThrow(/purged/);
    d.close();
  });
});
