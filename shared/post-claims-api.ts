// Appointment-token claims between a kiosk and its post hub (issue 15, item 3), parsed on both sides of the
// process boundary. A refusal the kiosk must act on ('already-used', 'not-yours') is a 200 answer with ok: false:
// the link (server/post/link.ts) turns any non-2xx answer into a failure and keeps none of its body.
import { z } from 'zod';
import { lazy } from './lazy-schema';

const TokenId = lazy(() => z.string().regex(/^[0-9a-f]{16,64}$/, 'a token id is 16 to 64 lower-case hex digits'));
/** One visit of one kiosk: a retry of the same claim carries the same key, so the hub accepts it again. */
const VisitKey = lazy(() => z.string().min(8).max(64));
const Iso = lazy(() => z.iso.datetime({ offset: true }));

export const TokenClaim = lazy(() =>
  z.object({
    tokenId: TokenId,
    visitKey: VisitKey,
    /** When the kiosk checked the visitor in (its clock). */
    at: Iso,
    appointmentId: z.string().max(200).nullable(),
    consulate: z.string().min(1).max(40).nullable(),
    /** The token's expiry: the register's row can be purged after it. */
    expiresAt: Iso.nullable(),
  }),
);
export type TokenClaim = z.infer<typeof TokenClaim>;

export const ClaimAnswer = lazy(() =>
  z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true) }),
    z.object({ ok: z.literal(false), reason: z.literal('already-used'), usedAt: z.string(), kioskId: z.string() }),
  ]),
);
export type ClaimAnswer = z.infer<typeof ClaimAnswer>;

export const ReleaseBody = lazy(() => z.object({ tokenId: TokenId, visitKey: VisitKey, reason: z.string().min(1).max(200) }));
export type ReleaseBody = z.infer<typeof ReleaseBody>;

export const ReleaseAnswer = lazy(() =>
  z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), released: z.boolean() }),
    z.object({ ok: z.literal(false), reason: z.literal('not-yours'), kioskId: z.string() }),
  ]),
);
export type ReleaseAnswer = z.infer<typeof ReleaseAnswer>;

/** At most this many claims per upload: the kiosk sends a backlog in batches. */
export const MAX_UPLOAD = 200;
export const ProvisionalBody = lazy(() => z.object({ claims: z.array(TokenClaim).min(1).max(MAX_UPLOAD) }));
export type ProvisionalBody = z.infer<typeof ProvisionalBody>;

export const ProvisionalAnswer = lazy(() =>
  z.object({
    results: z.array(
      z.discriminatedUnion('outcome', [
        z.object({ visitKey: z.string(), outcome: z.literal('accepted') }),
        z.object({ visitKey: z.string(), outcome: z.literal('conflict'), conflictId: z.number().int() }),
      ]),
    ),
  }),
);
export type ProvisionalAnswer = z.infer<typeof ProvisionalAnswer>;

/** A token checked in at two kiosks during a partition: both visits happened; a supervisor looks at both. */
export const TokenConflict = lazy(() =>
  z.object({
    id: z.number().int(),
    tokenId: z.string(),
    consulate: z.string().nullable(),
    appointmentId: z.string().nullable(),
    /** The claim the register holds (heard of first). */
    held: z.object({ kioskId: z.string(), at: z.string() }),
    /** The other visit, uploaded after the partition. */
    other: z.object({ kioskId: z.string(), at: z.string() }),
    raisedAt: z.string(),
    acknowledged: z.object({ at: z.string(), by: z.string(), note: z.string().nullable() }).nullable(),
  }),
);
export type TokenConflict = z.infer<typeof TokenConflict>;

export const ConflictList = lazy(() => z.object({ conflicts: z.array(TokenConflict) }));
export const ConflictParams = lazy(() => z.object({ id: z.coerce.number().int().positive() }));
export const AcknowledgeBody = lazy(() => z.object({ note: z.string().max(500).optional() }));
