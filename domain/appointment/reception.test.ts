import { describe, expect, it } from 'vitest';
import { settleFee } from './reception';

const due = { amountMinor: 8600, currency: 'EUR' };

describe('the fee of an appointment checked in at a counter', () => {
  it('is recorded as paid with the counter terminal’s reference, for the service fee', () => {
    expect(settleFee(due, { kind: 'paid', reference: '  TRM-0042 ' })).toEqual({
      ok: true,
      fee: { kind: 'paid', amountMinor: 8600, currency: 'EUR', reference: 'TRM-0042' },
    });
  });
  it('is refused as paid without a reference', () => {
    expect(settleFee(due, { kind: 'paid', reference: '   ' })).toMatchObject({ ok: false, reason: 'reference-required' });
  });
  it('is recorded as exempt with its reason and the amount waived', () => {
    expect(settleFee(due, { kind: 'exempt', reason: 'passeport diplomatique' })).toEqual({
      ok: true,
      fee: { kind: 'exempt', amountMinor: 8600, currency: 'EUR', reason: 'passeport diplomatique' },
    });
  });
  it('is refused as exempt without a reason', () => {
    expect(settleFee(due, { kind: 'exempt', reason: '' })).toMatchObject({ ok: false, reason: 'exempt-reason-required' });
  });
  it('needs the agent’s word when there is a fee', () => {
    expect(settleFee(due, null)).toMatchObject({ ok: false, reason: 'fee-required' });
  });
  it('is free for a service without a fee, whatever was said', () => {
    expect(settleFee({ amountMinor: 0, currency: 'EUR' }, { kind: 'exempt', reason: 'x' })).toEqual({
      ok: true,
      fee: { kind: 'free', amountMinor: 0, currency: 'EUR' },
    });
  });
  it('keeps a reference or reason to a sane length', () => {
    const r = settleFee(due, { kind: 'exempt', reason: 'x'.repeat(500) });
    expect(r.ok && r.fee.kind === 'exempt' && r.fee.reason.length).toBe(200);
  });
});
