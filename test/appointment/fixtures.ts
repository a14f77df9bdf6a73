// Shared helpers for appointment token tests: the two test keys of fixtures/keys and a default context.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createNodeSigner, createNodeVerifier, privateKeyFrom, publicKeyFrom } from '../../server/appointment/crypto';
import { issueToken, type Signer, type TokenClaims, type VerifyContext } from '../../domain/appointment';
import type { KeyObject } from 'node:crypto';

export const KID_A = 'b0ff66afbc2b7fa5';
export const KID_B = '3e94e9e86720eec3';
export const KEYS_DIR = fileURLToPath(new URL('../../fixtures/keys/', import.meta.url));

export const pem = (kid: string, kind: 'key' | 'pub') => readFileSync(`${KEYS_DIR}${kid}.${kind}.pem`, 'utf8');

function must(r: { ok: true; key: KeyObject } | { ok: false; reason: string }): KeyObject {
  if (!r.ok) throw new Error(r.reason);
  return r.key;
}
export const privateKey = (kid: string) => must(privateKeyFrom(pem(kid, 'key')));
export const publicKey = (kid: string) => must(publicKeyFrom({ publicKeyPem: pem(kid, 'pub') }));
export const signer = (kid: string): Signer => createNodeSigner(privateKey(kid));
export const verifierFor = (...kids: string[]) => createNodeVerifier(kids.map((kid) => ({ kid, key: publicKey(kid) })));

export const SLOT = new Date('2026-12-01T09:00:00+01:00');
const MIN = 60_000;

export function claims(over: Partial<TokenClaims> = {}): TokenClaims {
  return {
    issuer: 'MA-RDV',
    consulate: 'FR-PAR',
    appointmentId: '123456',
    services: ['passport'],
    persons: 2,
    slotStart: SLOT,
    notBefore: new Date(SLOT.getTime() - 60 * MIN),
    expires: new Date(SLOT.getTime() + 30 * MIN),
    tokenId: Uint8Array.from([0x9c, 0x1f, 0x04, 0xa2, 0xb7, 0xe3, 0x5d, 0x60]),
    ...over,
  };
}

export async function issue(over: Partial<TokenClaims> = {}, kid = KID_A): Promise<string> {
  const r = await issueToken(claims(over), signer(kid));
  if (!r.ok) throw new Error(r.reason);
  return r.token;
}

export function ctx(over: Partial<VerifyContext> = {}): VerifyContext {
  return {
    verifier: verifierFor(KID_A),
    consulate: 'FR-PAR',
    services: new Set(['passport', 'cnie', 'registration']),
    revoked: new Set(),
    window: { beforeMinutes: 60, afterMinutes: 30 },
    at: new Date(SLOT.getTime() - 10 * MIN),
    ...over,
  };
}
