import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatReference, verifyReference } from './reference';
import { CHECK_ALPHABET } from './check';

function ref(consulate: string, businessDay: string, sequence: number): string {
  const r = formatReference({ consulate, businessDay, sequence });
  if (!r.ok) throw new Error(r.detail);
  return r.reference;
}

const consulates = fc.tuple(fc.stringMatching(/^[A-Z]{2}$/), fc.stringMatching(/^[A-Z]{3}$/)).map(([a, b]) => `${a}-${b}`);
const days = fc
  .date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const refs = fc.tuple(consulates, days, fc.integer({ min: 1, max: 999_999 })).map(([c, d, s]) => ref(c, d, s));
const REF_CHARS = `${CHECK_ALPHABET}-`;

describe('eTimbre reference', () => {
  it('has the documented shape', () => {
    const r = ref('FR-PAR', '2026-11-28', 123);
    expect(r).toMatch(/^ET-FRPAR-20261128-000123-[0-9A-Z*]$/);
    expect(verifyReference(r)).toEqual({ ok: true, parts: { consulate: 'FR-PAR', businessDay: '2026-11-28', sequence: 123 } });
    expect(verifyReference(` ${r.toLowerCase()} `).ok).toBe(true);
  });

  it('differs for different consulates, days or sequences', () => {
    const all = new Set([ref('FR-PAR', '2026-11-28', 1), ref('FR-PAR', '2026-11-28', 2), ref('FR-PAR', '2026-11-29', 1), ref('FR-MRS', '2026-11-28', 1)]);
    expect(all.size).toBe(4);
  });

  it('refuses bad parts with a reason', () => {
    expect(formatReference({ consulate: 'paris', businessDay: '2026-11-28', sequence: 1 })).toMatchObject({ ok: false, reason: 'bad-consulate' });
    expect(formatReference({ consulate: 'FR-PAR', businessDay: '28/11/2026', sequence: 1 })).toMatchObject({ ok: false, reason: 'bad-day' });
    expect(formatReference({ consulate: 'FR-PAR', businessDay: '2026-11-28', sequence: 0 })).toMatchObject({ ok: false, reason: 'bad-sequence' });
    expect(formatReference({ consulate: 'FR-PAR', businessDay: '2026-11-28', sequence: 1_000_000 })).toMatchObject({ ok: false, reason: 'bad-sequence' });
    expect(verifyReference('ET-FRPAR-2026112-000123-K')).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('property: round-trips', () => {
    fc.assert(
      fc.property(consulates, days, fc.integer({ min: 1, max: 999_999 }), (c, d, s) => {
        expect(verifyReference(ref(c, d, s))).toEqual({ ok: true, parts: { consulate: c, businessDay: d, sequence: s } });
      }),
    );
  });

  it('property: any single-character error is caught', () => {
    fc.assert(
      fc.property(refs, fc.nat(), fc.constantFrom(...REF_CHARS), (r, i, c) => {
        const at = i % r.length;
        fc.pre(r[at] !== c);
        expect(verifyReference(r.slice(0, at) + c + r.slice(at + 1)).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: any adjacent transposition of different characters is caught', () => {
    fc.assert(
      fc.property(refs, fc.nat(), (r, i) => {
        const at = i % (r.length - 1);
        fc.pre(r[at] !== r[at + 1]);
        const swapped = r.slice(0, at) + r[at + 1] + r[at] + r.slice(at + 2);
        expect(verifyReference(swapped).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('exhaustively: every single substitution and adjacent swap of one reference', () => {
    const r = ref('FR-PAR', '2026-11-28', 123);
    for (let i = 0; i < r.length; i++) {
      for (const c of REF_CHARS) if (c !== r[i]) expect(verifyReference(r.slice(0, i) + c + r.slice(i + 1)).ok).toBe(false);
      if (i + 1 < r.length && r[i] !== r[i + 1]) expect(verifyReference(r.slice(0, i) + r[i + 1] + r[i] + r.slice(i + 2)).ok).toBe(false);
    }
  });
});
