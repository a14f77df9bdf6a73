// A typed code is resolved against the day's token list the kiosk holds (issued tokens, delivered with the
// config like the revocation list). The list is NOT trusted: the matching token is verified in full, so a
// tampered list can add nothing that the issuer did not sign.
import { parseToken } from './token';
import { codeFromTokenId, parseTypedCode } from './typed-code';
import { verifyToken } from './verify';
import type { Verdict, VerifyContext } from './types';

export type TypedVerdict =
  | Verdict
  /** Mistyped: wrong length, a character that never appears, or the check character does not match. */
  | { ok: false; reason: 'bad-code'; detail: string }
  /** Well-formed but not on this kiosk's list: staff look it up. */
  | { ok: false; reason: 'unknown-code'; typedCode: string };

/** Indexes a token list by printed code; unreadable entries are skipped (and reported by `skipped`). */
export function indexTokensByCode(tokens: readonly string[]): { byCode: Map<string, string[]>; skipped: number } {
  const byCode = new Map<string, string[]>();
  let skipped = 0;
  for (const t of tokens) {
    const p = parseToken(t);
    if (!p.ok) {
      skipped++;
      continue;
    }
    const code = codeFromTokenId(p.token.claims.tokenId);
    byCode.set(code, [...(byCode.get(code) ?? []), t]);
  }
  return { byCode, skipped };
}

export async function verifyTypedCode(input: string, byCode: ReadonlyMap<string, readonly string[]>, ctx: VerifyContext): Promise<TypedVerdict> {
  const parsed = parseTypedCode(input);
  if (!parsed.ok) return parsed;
  const candidates = byCode.get(parsed.code) ?? [];
  if (candidates.length === 0) return { ok: false, reason: 'unknown-code', typedCode: parsed.code };
  // 40 bits make a clash within one consulate's list vanishingly rare; if it happens, the first token that
  // verifies wins, else the first refusal is reported.
  let first: TypedVerdict | undefined;
  for (const t of candidates) {
    const v = await verifyToken(t, ctx);
    if (v.ok) return v;
    first ??= v;
  }
  return first!;
}
