// Check-in of a scanned token or a typed code: verify offline, then claim the token id (in the journal, or at the
// post hub through a claimer: server/post/claims/claimer.ts).
// The verify step's "already used" is only the friendly early answer; markUsed's unique key is the guard,
// so two kiosks (or two fast scans) racing past verification still end with exactly one check-in.
import { TOKEN_PREFIX, verifyToken, verifyTypedCode, type TypedVerdict, type VerifyContext } from '../../domain/appointment';
import { markUsed, releaseUse, usedRecord, type MarkUsedResult, type UseInfo } from '../../store/appointment-tokens';
import { appendEvent } from '../../store/events';
import type { Db } from '../../store/db';
import type { AppointmentRuntime } from './config';

export interface CheckInOptions {
  consulate: string;
  services: ReadonlySet<string>;
  kioskId: string;
  at: Date;
  /** Where the token is claimed once verified: this journal (standalone, the default) or the post hub. */
  claimer?: TokenClaimer | undefined;
}

/** The one atomic "check in once" step, and its undo when a visit ends before payment. */
export interface TokenClaimer {
  /** `provisional`: the hub did not answer in time; accepted on this kiosk's journal, uploaded later. */
  claim(c: { tokenId: string; kioskId: string; at: Date; info: UseInfo }): Promise<MarkUsedResult | { ok: true; provisional: true }>;
  /** Never throws; a hub claimer tells the hub in the background. */
  release(tokenId: string, kioskId: string, reason: string): void;
}

/** Standalone: the journal's own register (markUsed's unique key), exactly as before the post level. */
export function localClaimer(db: Db): TokenClaimer {
  return {
    claim: async (c) => markUsed(db, c.tokenId, c.kioskId, c.at, c.info),
    release: (tokenId, kioskId, reason) => void releaseUse(db, tokenId, kioskId, reason),
  };
}

export function verifyContext(db: Db | undefined, rt: AppointmentRuntime, o: Omit<CheckInOptions, 'kioskId' | 'claimer'>): VerifyContext {
  return {
    verifier: rt.verifier,
    consulate: o.consulate,
    services: o.services,
    revoked: rt.revoked,
    window: rt.window,
    at: o.at,
    ...(db ? { used: (id: string) => usedRecord(db, id) } : {}),
  };
}

/** Anything that does not start with "RDV1:" is treated as a typed code. */
export async function checkIn(db: Db, input: string, rt: AppointmentRuntime, o: CheckInOptions): Promise<TypedVerdict> {
  const ctx = verifyContext(db, rt, o);
  const text = input.trim();
  const verdict = text.startsWith(TOKEN_PREFIX) ? await verifyToken(text, ctx) : await verifyTypedCode(text, rt.dayTokensByCode, ctx);
  if (!verdict.ok) {
    appendEvent(db, {
      kind: 'appointment.refused',
      subject: 'appointment' in verdict ? verdict.appointment.tokenId : null,
      payload: { reason: verdict.reason, kioskId: o.kioskId },
      at: o.at,
    });
    return verdict;
  }
  const a = verdict.appointment;
  const claimer = o.claimer ?? localClaimer(db);
  const info = { appointmentId: a.appointmentId, consulate: a.consulate, expiresAt: new Date(a.expires) };
  const claim = await claimer.claim({ tokenId: a.tokenId, kioskId: o.kioskId, at: o.at, info });
  if (!claim.ok) {
    appendEvent(db, { kind: 'appointment.refused', subject: a.tokenId, payload: { reason: 'already-used', kioskId: o.kioskId }, at: o.at });
    return { ok: false, reason: 'already-used', usedAt: claim.usedAt, kioskId: claim.kioskId, appointment: a };
  }
  return verdict;
}
