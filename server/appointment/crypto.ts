// ES256 for appointment tokens on Node (node:crypto). COSE wants the raw 64-byte r||s signature, which
// node:crypto gives with dsaEncoding 'ieee-p1363'. Key ids are the first 8 bytes of SHA-256 over the
// public key's SubjectPublicKeyInfo (DER), in hex — the EU DCC convention.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { Signer, Verifier } from '../../domain/appointment';
import type { Fail } from '../../shared/result';

export function kidOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest()
    .subarray(0, 8)
    .toString('hex');
}

export type KeyResult = { ok: true; key: KeyObject } | Fail;

function checkP256(key: KeyObject, what: string): KeyResult {
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    return { ok: false, reason: `${what} is not a P-256 (prime256v1) EC key; ES256 tokens need one (make one with \`kiosk token keygen\`)` };
  }
  return { ok: true, key };
}

export function publicKeyFrom(src: { publicKeyPem: string } | { jwk: JsonWebKey }, what = 'the key'): KeyResult {
  try {
    const key = 'publicKeyPem' in src ? createPublicKey(src.publicKeyPem) : createPublicKey({ key: src.jwk, format: 'jwk' });
    return checkP256(key, what);
  } catch (err) {
    return { ok: false, reason: `${what} cannot be read as a public key (${(err as Error).message}); give a PEM "-----BEGIN PUBLIC KEY-----" or an EC JWK` };
  }
}

export function privateKeyFrom(pem: string, what = 'the private key'): KeyResult {
  try {
    return checkP256(createPrivateKey(pem), what);
  } catch (err) {
    return { ok: false, reason: `${what} cannot be read as a private key (${(err as Error).message})` };
  }
}

/** A verifier over a fixed set of trusted public keys; several at once so keys can be rotated. */
export function createNodeVerifier(keys: ReadonlyArray<{ kid: string; key: KeyObject }>): Verifier {
  const byKid = new Map(keys.map((k) => [k.kid.toLowerCase(), k.key]));
  return {
    knows: (kid) => byKid.has(kid),
    verify(kid, sigStructure, signature) {
      const key = byKid.get(kid);
      if (!key || signature.length !== 64) return false;
      return verify('sha256', sigStructure, { key, dsaEncoding: 'ieee-p1363' }, signature);
    },
  };
}

export function createNodeSigner(privateKey: KeyObject, kid = kidOf(createPublicKey(privateKey))): Signer {
  return {
    kid,
    sign: (data) => new Uint8Array(sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' })),
  };
}

export function generateSigningKey(): { kid: string; privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    kid: kidOf(publicKey),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}
