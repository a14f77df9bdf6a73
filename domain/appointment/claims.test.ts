import { describe, expect, it } from 'vitest';
import { encode } from 'cbor2';
import { claimProblems, claimsFromCbor, claimsToCbor, CLAIM_RDV } from './claims';
import { claims } from '../../test/appointment/fixtures';

describe('CWT claims', () => {
  it('round-trip', () => {
    const c = claims({ services: ['passport', 'cnie'], appointmentId: 'RDV-2026-0042' });
    const r = claimsFromCbor(claimsToCbor(c));
    expect(r).toEqual({ ok: true, claims: c });
  });
  it('a numeric appointment id is sent as an integer and read back as text', () => {
    const m = claimsToCbor(claims({ appointmentId: '123456' }));
    expect((m.get(CLAIM_RDV) as Map<number, unknown>).get(2)).toBe(123456);
    expect(claimsFromCbor(m)).toMatchObject({ ok: true, claims: { appointmentId: '123456' } });
  });
  it('uses integer claim keys only (small QR)', () => {
    const m = claimsToCbor(claims());
    expect([...m.keys()].every((k) => Number.isInteger(k))).toBe(true);
    expect([...(m.get(CLAIM_RDV) as Map<number, unknown>).keys()]).toEqual([1, 2, 3, 4, 5]);
  });
  it('carries no personal data: only the listed claims', () => {
    const text = new TextDecoder('latin1').decode(encode(claimsToCbor(claims())));
    expect(text).not.toMatch(/name|birth|passport no/i);
  });
  it('ignores unknown extra claims (RFC 8392 §3)', () => {
    const m = claimsToCbor(claims());
    m.set(99, 'extra');
    expect(claimsFromCbor(m).ok).toBe(true);
  });
  it.each<[string, (m: Map<number, unknown>) => void]>([
    ['no iss', (m) => m.delete(1)],
    ['exp before nbf', (m) => m.set(4, 1)],
    ['a text cti', (m) => m.set(7, 'abc')],
    ['a 4-byte cti', (m) => m.set(7, new Uint8Array(4))],
    ['a float time', (m) => m.set(5, 1.5)],
    ['0 persons', (m) => (m.get(CLAIM_RDV) as Map<number, unknown>).set(4, 0)],
    ['no services', (m) => (m.get(CLAIM_RDV) as Map<number, unknown>).set(3, [])],
    ['an upper-case service code', (m) => (m.get(CLAIM_RDV) as Map<number, unknown>).set(3, ['PASSPORT'])],
    ['a lower-case consulate', (m) => (m.get(CLAIM_RDV) as Map<number, unknown>).set(1, 'fr-par')],
    ['no appointment claim', (m) => m.delete(CLAIM_RDV)],
  ])('refuses %s', (_n, change) => {
    const m = claimsToCbor(claims());
    change(m);
    expect(claimsFromCbor(m).ok).toBe(false);
  });
  it('names every problem of claims we are asked to sign', () => {
    const p = claimProblems(claims({ persons: 0, services: ['Passport'], consulate: 'paris', expires: new Date(0) }));
    expect(p.join('\n')).toMatch(/persons/);
    expect(p.join('\n')).toMatch(/Passport/);
    expect(p.join('\n')).toMatch(/paris/);
    expect(p.join('\n')).toMatch(/expiry/);
  });
});
