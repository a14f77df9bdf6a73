// What crosses between a post (its hub or a standalone daemon) and the ministry's central service (issue 16).
// Both sides parse with these. Event shipping reuses the kiosk → hub event shape (post-events-api.ts): the
// same journal rows, the same links.
import { z } from 'zod';
import { lazy } from './lazy-schema';

/** A consular post, as its config's consulate.code: country and city, "FR-PAR". */
export const PostId = lazy(() => z.string().regex(/^[A-Z]{2}-[A-Z]{3}$/, 'a post is its country and city in capitals, e.g. "FR-PAR"'));
export type PostId = z.infer<typeof PostId>;

/** One hash chain a post ships: its own journal ("post"), or a kiosk's journal its hub relays ("kiosk:K2"). */
export const StreamOrigin = lazy(() => z.string().regex(/^(post|kiosk:[A-Za-z0-9_-]{1,32})$/, 'an origin is "post" or "kiosk:ID"'));
export type StreamOrigin = z.infer<typeof StreamOrigin>;

/** An IANA time zone this runtime knows ("Pacific/Auckland"): the post's consulate.timeZone, its business days' zone. */
export const PostTimeZone = lazy(() =>
  z.string().refine(
    (zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    },
    { error: (i) => `"${String(i.input)}" is not a time zone: give an IANA name such as "Africa/Casablanca" (consulate.timeZone)` },
  ),
);

/** The post's time zone is optional: a post of an earlier version joins without it (its "today" is UTC's until it says). */
export const CentralJoinBody = lazy(() => z.object({ code: z.string().min(1), postId: PostId, timeZone: PostTimeZone.optional() }));
export type CentralJoinBody = z.infer<typeof CentralJoinBody>;

/** The post's credential: sent as "Authorization: Bearer …" from then on; the central service keeps its SHA-256 only. */
export const CentralJoinAnswer = lazy(() => z.object({ postId: PostId, credential: z.string().min(32) }));
export type CentralJoinAnswer = z.infer<typeof CentralJoinAnswer>;

export const CentralHealth = lazy(() => z.object({ ok: z.literal(true), service: z.literal('central'), version: z.string(), schema: z.number().int() }));
export type CentralHealth = z.infer<typeof CentralHealth>;

/** GET /api/central/hello (authenticated): the post as the central service knows it, its clock, its version. */
export const CentralHello = lazy(() => z.object({ postId: PostId, centralTime: z.iso.datetime(), version: z.string() }));
export type CentralHello = z.infer<typeof CentralHello>;

/** POST /api/central/status (authenticated): what the post tells about itself when it changes after joining. */
export const CentralPostStatus = lazy(() => z.object({ timeZone: PostTimeZone }));
export type CentralPostStatus = z.infer<typeof CentralPostStatus>;

/** A refusal of the central service: what was wrong and what to do, and a reason callers may branch on. */
export const CentralRefusal = lazy(() => z.object({ error: z.string(), reason: z.string() }));
export type CentralRefusal = z.infer<typeof CentralRefusal>;
