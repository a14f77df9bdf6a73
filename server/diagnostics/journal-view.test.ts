import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJournal } from '../../store/db';
import { appendEvent } from '../../store/events';
import { csvField, journalCsv, journalView, toCsv } from './journal-view';

const dir = mkdtempSync(join(tmpdir(), 'kiosk-jv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('CSV export', () => {
  it('quotes commas, quotes and line breaks, and defuses spreadsheet formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"\nbye')).toBe('"say ""hi""\nbye"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField(-12.5)).toBe('-12.5');
    expect(csvField(null)).toBe('');
    expect(csvField({ a: 1 })).toBe('"{""a"":1}"');
    expect(toCsv([{ a: 1, b: 'x' }], ['a', 'b'])).toBe('a,b\r\n1,x\r\n');
  });

  it('exports the journal tables and views recent events by kind', () => {
    const db = openJournal(join(dir, 'j.sqlite'));
    appendEvent(db, { kind: 'diagnostics.fault', subject: 'printer', payload: { fault: 'paper-out', note: 'a,b' } });
    appendEvent(db, { kind: 'auth.login', payload: {} });
    const csv = journalCsv(db, 'events').split('\r\n');
    expect(csv[0]).toBe('id,at,kind,subject,payload');
    expect(csv[2]).toMatch(/^1,.*,diagnostics\.fault,printer,"\{""fault"":""paper-out"",""note"":""a,b""\}"$/);
    expect(journalView(db, { kind: 'diagnostics.' }).events.map((e) => e.kind)).toEqual(['diagnostics.fault']);
    expect(journalCsv(db, 'payments')).toBe(
      'id,state,amountMinor,currency,reference,isTest,createdAt,reason,authCode,maskedPan,settledBy,settleReason,' +
        'shortRef,approvedAmountMinor,approvedCurrency,terminalData\r\n',
    );
    db.close();
  });
});
