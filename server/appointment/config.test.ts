import { describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { AppointmentsConfig, appointmentRuntime, loadTrustedKeys } from './config';
import { KID_A, KID_B, pem, publicKey } from '../../test/appointment/fixtures';
import { kidOf } from './crypto';

describe('appointments config', () => {
  it('defaults: no keys, no revocations, window 60 / 30 minutes', () => {
    expect(AppointmentsConfig.parse({})).toEqual({ trustedKeys: [], revoked: [], window: { beforeMinutes: 60, afterMinutes: 30 }, dayTokens: [] });
  });
  it('refuses a private key, and a key given twice over', () => {
    const r1 = AppointmentsConfig.safeParse({ trustedKeys: [{ publicKeyPem: pem(KID_A, 'key') }] });
    expect(r1.success).toBe(false);
    expect(JSON.stringify(r1.error?.issues)).toContain('never put a private key on a kiosk');
    const r2 = AppointmentsConfig.safeParse({ trustedKeys: [{ publicKeyPem: pem(KID_A, 'pub'), jwk: { kty: 'EC', crv: 'P-256', x: 'a', y: 'b' } }] });
    expect(JSON.stringify(r2.error?.issues)).toContain('exactly one of publicKeyPem or jwk');
  });
  it('revoked ids are normalised to lower case', () => {
    expect(AppointmentsConfig.parse({ revoked: ['9C1F04A2B7E35D60'] }).revoked).toEqual(['9c1f04a2b7e35d60']);
  });
  it('test keys are refused outside demo mode, even under another kid', () => {
    const keys = [{ publicKeyPem: pem(KID_A, 'pub') }, { kid: '0123456789abcdef', publicKeyPem: pem(KID_B, 'pub') }];
    expect(loadTrustedKeys(keys, { allowTestKeys: false })).toMatchObject({ keys: [], refusedTestKeys: [KID_A, '0123456789abcdef'] });
    expect(loadTrustedKeys(keys, { allowTestKeys: true }).keys.map((k) => k.kid)).toEqual([KID_A, '0123456789abcdef']);
  });
  it('accepts a JWK and derives the same kid as from the PEM', () => {
    const jwk = publicKey(KID_A).export({ format: 'jwk' }) as { kty: 'EC'; crv: 'P-256'; x: string; y: string };
    const cfg = AppointmentsConfig.parse({ trustedKeys: [{ jwk }] });
    expect(loadTrustedKeys(cfg.trustedKeys, { allowTestKeys: true }).keys[0]?.kid).toBe(KID_A);
  });
  it('names a key of the wrong curve', () => {
    const { publicKey: p384 } = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
    const r = loadTrustedKeys([{ publicKeyPem: p384.export({ type: 'spki', format: 'pem' }).toString() }], { allowTestKeys: true });
    expect(r.problems[0]).toMatch(/trustedKeys\[0\].*P-256/);
  });
  it('a production key is accepted outside demo mode', () => {
    const { publicKey: k } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const rt = appointmentRuntime(AppointmentsConfig.parse({ trustedKeys: [{ publicKeyPem: k.export({ type: 'spki', format: 'pem' }).toString() }] }), {
      demo: false,
    });
    expect(rt.verifier.knows(kidOf(k))).toBe(true);
    expect(rt.loaded.refusedTestKeys).toEqual([]);
  });
});
