// Offline verification of an appointment token, with one exact reason per refusal. Order matters: nothing
// from the claims is believed before the signature checks out; after that, the cheapest permanent
// refusals (wrong consulate, revoked, service not offered) come before the time window and the used check.
import { codeFromTokenId } from './typed-code';
import { toHex } from './hex';
import { parseToken } from './token';
import type { TokenClaims } from './claims';
import type { Appointment, Verdict, VerifyContext } from './types';

const MINUTE = 60_000;

export function toAppointment(c: TokenClaims, kid: string): Appointment {
  return {
    tokenId: toHex(c.tokenId),
    code: codeFromTokenId(c.tokenId),
    issuer: c.issuer,
    kid,
    consulate: c.consulate,
    appointmentId: c.appointmentId,
    services: [...c.services],
    persons: c.persons,
    slotStart: c.slotStart.toISOString(),
    notBefore: c.notBefore.toISOString(),
    expires: c.expires.toISOString(),
  };
}

/** The interval during which this kiosk accepts the token: the token's own nbf/exp, narrowed by config. */
export function acceptWindow(c: TokenClaims, w: VerifyContext['window']): { opensAt: number; closesAt: number } {
  return {
    opensAt: Math.max(c.notBefore.getTime(), c.slotStart.getTime() - w.beforeMinutes * MINUTE),
    closesAt: Math.min(c.expires.getTime(), c.slotStart.getTime() + w.afterMinutes * MINUTE),
  };
}

export async function verifyToken(text: string, ctx: VerifyContext): Promise<Verdict> {
  const parsed = parseToken(text);
  if (!parsed.ok) return { ok: false, reason: 'malformed', detail: parsed.detail };
  const { kid, sigStructure, signature, claims } = parsed.token;
  if (!ctx.verifier.knows(kid)) return { ok: false, reason: 'unknown-key', kid };
  let good: boolean;
  try {
    good = await ctx.verifier.verify(kid, sigStructure, signature);
  } catch {
    // A verifier that throws on garbage (e.g. a point not on the curve) has still said "not valid".
    good = false;
  }
  if (!good) return { ok: false, reason: 'bad-signature', kid };

  const appointment = toAppointment(claims, kid);
  if (claims.consulate !== ctx.consulate) return { ok: false, reason: 'other-consulate', consulate: claims.consulate, expected: ctx.consulate, appointment };
  if (ctx.revoked.has(appointment.tokenId)) return { ok: false, reason: 'revoked', appointment };
  const unknown = claims.services.filter((s) => !ctx.services.has(s));
  if (unknown.length > 0) return { ok: false, reason: 'unknown-service', services: unknown, appointment };
  const { opensAt, closesAt } = acceptWindow(claims, ctx.window);
  const now = ctx.at.getTime();
  if (now < opensAt) return { ok: false, reason: 'too-early', opensAt: new Date(opensAt).toISOString(), appointment };
  if (now >= closesAt) return { ok: false, reason: 'too-late', closedAt: new Date(closesAt).toISOString(), appointment };
  const used = ctx.used?.(appointment.tokenId);
  if (used) return { ok: false, reason: 'already-used', usedAt: used.usedAt, kioskId: used.kioskId, appointment };
  return { ok: true, appointment };
}
