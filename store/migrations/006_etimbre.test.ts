import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openJournal } from '../db';
import { allocateETimbreSequence, findETimbreReference, recordETimbreReference } from '../etimbre';
import { tempDir } from '../../test/support/tmp';

let cleanup = () => {};
afterEach(() => cleanup());
function db() {
  const t = tempDir();
  cleanup = t.cleanup;
  return openJournal(join(t.dir, 'j.sqlite'));
}

describe('migration 006: eTimbre references', () => {
  it('counts per consulate and business day, from 1', () => {
    const d = db();
    expect([1, 2, 3].map(() => allocateETimbreSequence(d, 'FR-PAR', '2026-11-28'))).toEqual([1, 2, 3]);
    expect(allocateETimbreSequence(d, 'FR-PAR', '2026-11-29')).toBe(1);
    expect(allocateETimbreSequence(d, 'US-NYC', '2026-11-28')).toBe(1);
    d.close();
  });

  it('never gives one sequence number twice across two connections', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const a = openJournal(join(t.dir, 'j.sqlite'));
    const b = openJournal(join(t.dir, 'j.sqlite'));
    const got = Array.from({ length: 50 }, (_, i) => allocateETimbreSequence(i % 2 ? a : b, 'FR-PAR', '2026-11-28'));
    expect(new Set(got).size).toBe(50);
    a.close();
    b.close();
  });

  it('records a reference once, with an event, and refuses a duplicate', () => {
    const d = db();
    const r = {
      reference: 'ET-X',
      consulate: 'FR-PAR',
      kioskId: 'K1',
      amountMinor: 8000,
      currency: 'EUR',
      services: ['passport'],
      persons: 1,
      appointmentId: null,
      at: new Date('2026-11-28T10:00:00Z'),
    };
    recordETimbreReference(d, r);
    expect(findETimbreReference(d, 'ET-X')).toEqual(r);
    expect(() => recordETimbreReference(d, r)).toThrow(/UNIQUE/);
    expect(() => recordETimbreReference(d, { ...r, reference: 'ET-Y', persons: 0 })).toThrow(/CHECK/);
    d.close();
  });
});
