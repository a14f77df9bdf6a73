import { describe, expect, it } from 'vitest';
import { verifyToken } from './verify';
import { issueToken } from './token';
import { codeFromTokenId } from './typed-code';
import { KID_A, KID_B, SLOT, claims, ctx, issue, signer, verifierFor } from '../../test/appointment/fixtures';

const MIN = 60_000;
const at = (minutesFromSlot: number) => new Date(SLOT.getTime() + minutesFromSlot * MIN);

describe('verifyToken', () => {
  it('issue → verify round trip gives the appointment', async () => {
    const t = await issue({ services: ['passport', 'cnie'] });
    expect(await verifyToken(t, ctx())).toEqual({
      ok: true,
      appointment: {
        tokenId: '9c1f04a2b7e35d60',
        code: codeFromTokenId(claims().tokenId),
        issuer: 'MA-RDV',
        kid: KID_A,
        consulate: 'FR-PAR',
        appointmentId: '123456',
        services: ['passport', 'cnie'],
        persons: 2,
        slotStart: '2026-12-01T08:00:00.000Z',
        notBefore: '2026-12-01T07:00:00.000Z',
        expires: '2026-12-01T08:30:00.000Z',
      },
    });
  });

  it('tolerates surrounding white space (a scanner suffix left in)', async () => {
    expect((await verifyToken(`  ${await issue()}\r\n`, ctx())).ok).toBe(true);
  });

  it('malformed: not a token', async () => {
    expect(await verifyToken('https://example.org', ctx())).toMatchObject({ ok: false, reason: 'malformed', detail: expect.stringContaining('RDV1:') });
  });
  it('malformed: broken base45', async () => {
    expect(await verifyToken('RDV1:abc', ctx())).toMatchObject({ ok: false, reason: 'malformed' });
  });
  it('malformed: cut short', async () => {
    const t = await issue();
    expect(await verifyToken(t.slice(0, -30), ctx())).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('unknown-key: signed by a key this kiosk does not trust', async () => {
    expect(await verifyToken(await issue({}, KID_B), ctx())).toEqual({ ok: false, reason: 'unknown-key', kid: KID_B });
  });

  it('bad-signature: signed by another key claiming a trusted kid', async () => {
    const liar = { kid: KID_A, sign: signer(KID_B).sign };
    const r = await issueToken(claims(), liar);
    expect(r.ok && (await verifyToken(r.token, ctx()))).toEqual({ ok: false, reason: 'bad-signature', kid: KID_A });
  });

  it('bad-signature: a verifier that throws counts as a refusal, not a crash', async () => {
    const v = {
      knows: () => true,
      verify: () => {
        throw new Error('point not on curve');
      },
    };
    expect(await verifyToken(await issue(), ctx({ verifier: v }))).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('other-consulate', async () => {
    expect(await verifyToken(await issue({ consulate: 'FR-MRS' }), ctx())).toMatchObject({
      ok: false,
      reason: 'other-consulate',
      consulate: 'FR-MRS',
      expected: 'FR-PAR',
    });
  });

  it('revoked', async () => {
    expect(await verifyToken(await issue(), ctx({ revoked: new Set(['9c1f04a2b7e35d60']) }))).toMatchObject({
      ok: false,
      reason: 'revoked',
      appointment: { appointmentId: '123456' },
    });
  });

  it('unknown-service names the services not offered', async () => {
    expect(await verifyToken(await issue({ services: ['passport', 'visa-x'] }), ctx())).toMatchObject({
      ok: false,
      reason: 'unknown-service',
      services: ['visa-x'],
    });
  });

  it('too-early gives the opening time', async () => {
    expect(await verifyToken(await issue(), ctx({ at: at(-61) }))).toMatchObject({ ok: false, reason: 'too-early', opensAt: at(-60).toISOString() });
  });
  it('opens exactly at slot − beforeMinutes', async () => {
    expect((await verifyToken(await issue(), ctx({ at: at(-60) }))).ok).toBe(true);
  });
  it('the kiosk window narrows the token window, never widens it', async () => {
    const t = await issue();
    expect(await verifyToken(t, ctx({ at: at(-30), window: { beforeMinutes: 15, afterMinutes: 30 } }))).toMatchObject({
      reason: 'too-early',
      opensAt: at(-15).toISOString(),
    });
    expect(await verifyToken(t, ctx({ at: at(-90), window: { beforeMinutes: 120, afterMinutes: 30 } }))).toMatchObject({
      reason: 'too-early',
      opensAt: at(-60).toISOString(),
    });
  });

  it('too-late from slot + afterMinutes', async () => {
    expect(await verifyToken(await issue(), ctx({ at: at(30) }))).toMatchObject({ ok: false, reason: 'too-late', closedAt: at(30).toISOString() });
    expect((await verifyToken(await issue(), ctx({ at: at(29) }))).ok).toBe(true);
  });
  it('too-late at the token exp even if the kiosk window is wider', async () => {
    expect(await verifyToken(await issue(), ctx({ at: at(45), window: { beforeMinutes: 60, afterMinutes: 120 } }))).toMatchObject({
      reason: 'too-late',
      closedAt: at(30).toISOString(),
    });
  });

  it('already-used says when and where', async () => {
    const used = (id: string) => (id === '9c1f04a2b7e35d60' ? { usedAt: '2026-12-01T08:12:00.000Z', kioskId: 'PAR-K2' } : undefined);
    expect(await verifyToken(await issue(), ctx({ used }))).toMatchObject({
      ok: false,
      reason: 'already-used',
      usedAt: '2026-12-01T08:12:00.000Z',
      kioskId: 'PAR-K2',
    });
  });

  it('key rotation: both keys trusted at once, each token names its key', async () => {
    const both = ctx({ verifier: verifierFor(KID_A, KID_B) });
    expect(await verifyToken(await issue({}, KID_A), both)).toMatchObject({ ok: true, appointment: { kid: KID_A } });
    expect(await verifyToken(await issue({}, KID_B), both)).toMatchObject({ ok: true, appointment: { kid: KID_B } });
    const afterRetire = ctx({ verifier: verifierFor(KID_B) });
    expect(await verifyToken(await issue({}, KID_A), afterRetire)).toMatchObject({ ok: false, reason: 'unknown-key' });
  });
});
