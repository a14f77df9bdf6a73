import { describe, expect, it } from 'vitest';
import { createLocalIssuer } from './issuer';
import { verifyReference } from './reference';
import type { ETimbreRequest } from './issuer';

function counterStore() {
  const seq = new Map<string, number>();
  const calls: string[] = [];
  return {
    calls,
    allocate(consulate: string, day: string): number {
      const k = `${consulate}|${day}`;
      calls.push(k);
      const n = (seq.get(k) ?? 0) + 1;
      seq.set(k, n);
      return n;
    },
  };
}

const base: ETimbreRequest = {
  consulate: 'FR-PAR',
  kioskId: 'PAR-K1',
  amountMinor: 7998,
  currency: 'EUR',
  services: ['passport'],
  persons: 1,
  appointmentId: null,
  at: '2026-11-28T10:00:00Z',
};

describe('local eTimbre issuer', () => {
  it('issues verifiable references with the sequence the store allocates', async () => {
    const store = counterStore();
    const issuer = createLocalIssuer({ timeZone: 'Europe/Paris', allocateSequence: store.allocate });
    const a = await issuer.issue(base);
    const b = await issuer.issue(base);
    expect(a).toMatchObject({ ok: true });
    if (!a.ok || !b.ok) throw new Error('issue failed');
    expect(a.reference.startsWith('ET-FRPAR-20261128-000001-')).toBe(true);
    expect(b.reference.startsWith('ET-FRPAR-20261128-000002-')).toBe(true);
    expect(verifyReference(a.reference).ok).toBe(true);
  });

  it('dates the reference by the business day at the consulate, not UTC', async () => {
    const store = counterStore();
    const issuer = createLocalIssuer({ timeZone: 'Europe/Paris', allocateSequence: store.allocate });
    // 23:30 UTC on 28 Nov is 00:30 on 29 Nov in Paris.
    const r = await issuer.issue({ ...base, at: '2026-11-28T23:30:00Z' });
    expect(r.ok && r.reference.slice(9, 17)).toBe('20261129');
    expect(store.calls).toEqual(['FR-PAR|2026-11-29']);
  });

  it('reports a bad time or an exhausted sequence as a value', async () => {
    const issuer = createLocalIssuer({ timeZone: 'Europe/Paris', allocateSequence: () => 1_000_000 });
    expect(await issuer.issue(base)).toMatchObject({ ok: false, reason: 'unavailable' });
    expect(await issuer.issue({ ...base, at: 'yesterday' })).toMatchObject({ ok: false, reason: 'rejected' });
  });
});
