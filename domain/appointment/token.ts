// The text form of an appointment token: "RDV1:" + base45(COSE_Sign1(CWT claims)). Every character is in
// the QR alphanumeric set, so the whole string encodes in alphanumeric mode (5.5 bits per character).
import { decodeBase45, encodeBase45 } from './b45';
import { cborDecode, cborEncode } from './cbor';
import { claimProblems, claimsFromCbor, claimsToCbor, type TokenClaims } from './claims';
import { decodeSign1, encodeSign1, protectedHeader, sigStructure, ES256_SIGNATURE_LENGTH } from './cose';
import { fromHex, toHex } from './hex';
import type { Signer } from './types';
import type { Fail } from '../../shared/result';

export const TOKEN_PREFIX = 'RDV1:';
/** Far above any real token (≈ 250 characters); bounds the work done on hostile input. */
export const MAX_TOKEN_LENGTH = 1200;

export type IssueResult = { ok: true; token: string } | Fail;

export async function issueToken(claims: TokenClaims, signer: Signer): Promise<IssueResult> {
  const problems = claimProblems(claims);
  const kid = fromHex(signer.kid);
  if (!kid || kid.length === 0 || kid.length > 32) problems.push(`signer kid "${signer.kid}" must be 1 to 32 bytes of hex`);
  if (problems.length > 0 || !kid) return { ok: false, reason: problems.join('; ') };
  const prot = protectedHeader(kid);
  const payload = cborEncode(claimsToCbor(claims));
  const signature = await signer.sign(sigStructure(prot, payload));
  if (signature.length !== ES256_SIGNATURE_LENGTH)
    return { ok: false, reason: `the signer returned ${signature.length} bytes; ES256 in COSE is the raw 64-byte r||s, not DER` };
  return { ok: true, token: TOKEN_PREFIX + encodeBase45(encodeSign1({ protectedBytes: prot, payload, signature })) };
}

/** A token taken apart but NOT yet trusted: the signature has not been checked. */
export interface ParsedToken {
  kid: string;
  sigStructure: Uint8Array;
  signature: Uint8Array;
  claims: TokenClaims;
}

export type ParseResult = { ok: true; token: ParsedToken } | { ok: false; detail: string };

export function parseToken(text: string): ParseResult {
  const t = text.trim();
  if (!t.startsWith(TOKEN_PREFIX)) return { ok: false, detail: `not an appointment token (it does not start with ${TOKEN_PREFIX})` };
  if (t.length > MAX_TOKEN_LENGTH) return { ok: false, detail: `too long for an appointment token (${t.length} characters)` };
  const raw = decodeBase45(t.slice(TOKEN_PREFIX.length));
  if (!raw.ok) return raw;
  const cose = decodeSign1(raw.bytes);
  if (!cose.ok) return cose;
  const payload = cborDecode(cose.value.payload);
  if (!payload.ok) return { ok: false, detail: `payload: ${payload.detail}` };
  const claims = claimsFromCbor(payload.value);
  if (!claims.ok) return claims;
  return {
    ok: true,
    token: {
      kid: toHex(cose.value.kid),
      sigStructure: sigStructure(cose.value.protectedBytes, cose.value.payload),
      signature: cose.value.signature,
      claims: claims.claims,
    },
  };
}
