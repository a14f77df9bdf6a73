import { describe, expect, it } from 'vitest';
import type { Bundle } from '../../shared/central-bundle-api';
import { bundleInForce, liveValues, rateInForce } from './in-force';

const svc = (code: string, feeMad: number) => ({ code, prefix: 'A', feeMad, name: { fr: code } });
const base = { currency: 'EUR', chanceryRate: 10.5, services: [svc('passport', 100), svc('cnie', 70)] };
const bundle = (version: number, effectiveAt: string): Bundle => ({
  version,
  publishedAt: '2026-12-01T00:00:00Z',
  effectiveAt,
  content: {
    fees: { cnie: 80 },
    chanceryRates: [
      { currency: 'EUR', rate: 10.8, effectiveAt: '2026-12-02T00:00:00Z' },
      { currency: 'EUR', rate: 11, effectiveAt: '2026-12-03T00:00:00Z' },
      { currency: 'USD', rate: 9, effectiveAt: '2026-12-01T00:00:00Z' },
    ],
    trustedKeys: [],
    revoked: ['bbbbbbbbbbbbbbbb'],
    services: [svc('passport', 100), svc('cnie', 70), svc('visa', 500)],
  },
});

describe('the bundle in force', () => {
  it('is the highest version whose effective time has come', () => {
    const list = [bundle(1, '2026-12-01T00:00:00Z'), bundle(2, '2026-12-05T00:00:00Z'), bundle(3, '2026-12-02T00:00:00Z')];
    expect(bundleInForce(list, new Date('2026-11-30T00:00:00Z'))).toBeNull();
    expect(bundleInForce(list, new Date('2026-12-01T12:00:00Z'))?.version).toBe(1);
    // v3 came into force before v2's time: v2 is superseded, never applied after it.
    expect(bundleInForce(list, new Date('2026-12-06T00:00:00Z'))?.version).toBe(3);
  });

  it('gives the rate of its currency by date, the fees over the services, the config for what it leaves out', () => {
    expect(rateInForce(bundle(1, 'x').content.chanceryRates, 'EUR', new Date('2026-12-01T12:00:00Z'))).toBeNull();
    const b = bundle(1, '2026-12-01T00:00:00Z');
    const before = liveValues(base, b, new Date('2026-12-01T12:00:00Z'));
    expect(before).toMatchObject({ version: 1, chanceryRate: 10.5, notOffered: ['visa'] });
    expect(before.services.map((s) => [s.code, s.feeMad])).toEqual([
      ['passport', 100],
      ['cnie', 80],
    ]);
    expect(before).toMatchObject({ revoked: ['bbbbbbbbbbbbbbbb'], trustedKeys: null });
    expect(liveValues(base, b, new Date('2026-12-02T12:00:00Z')).chanceryRate).toBe(10.8);
    expect(liveValues(base, b, new Date('2026-12-03T00:00:00Z')).chanceryRate).toBe(11);
    expect(liveValues(base, null, new Date()).services.map((s) => s.feeMad)).toEqual([100, 70]);
  });
});
