// Event shipping from a post to the central service (issue 16): the body a post (its hub or a standalone daemon)
// POSTs to /api/central/events for one of its chains, the central service's answers, and its view of every chain
// (GET /api/central/streams). The events and heads are the kiosk → hub shapes (post-events-api.ts): the same
// journal rows, the same links. Both sides parse with these.
import { z } from 'zod';
import { lazy } from './lazy-schema';
import { StreamOrigin } from './central-api';
import { ChainHead, ShipEventsAnswer, ShipEventsRefusal, ShippedEvent } from './post-events-api';

/** Most events in one batch the central service takes (413 above: the post sends fewer, bounded in bytes too). */
export const MAX_CENTRAL_BATCH_EVENTS = 2000;
/** Largest batch body in bytes, after decompression (413 above, nothing stored). */
export const MAX_CENTRAL_BATCH_BYTES = 4 * 1024 * 1024;

/** The link of an anchored event as the post's journal has it now (recomputed from the event's stored content). */
export const AnchorProof = lazy(() => z.object({ id: z.number().int().min(1), hash: z.string() }));
export type AnchorProof = z.infer<typeof AnchorProof>;

export const CentralEventsBody = lazy(() =>
  z.object({
    /** Which chain: the post's own journal, or a kiosk's journal its hub relays with the kiosk's own links. */
    origin: StreamOrigin,
    /** The chain's newest event as the post holds it (null: empty). */
    head: ChainHead.nullable(),
    keyedFrom: z.number().int().min(1).nullable(),
    /** Consecutive events, oldest first; empty is a heartbeat. Bounded by the route (413), not here. */
    events: z.array(ShippedEvent),
    /** The answer to the last answer's anchorCheck. */
    anchorProof: AnchorProof.optional(),
  }),
);
export type CentralEventsBody = z.infer<typeof CentralEventsBody>;

/** tampered: a link the post shows now differs from an anchor; truncated: the post's head is below what was accepted; forked: a batch parted from the chain. */
export const StreamFlagKind = lazy(() => z.enum(['tampered', 'truncated', 'forked']));
export type StreamFlagKind = z.infer<typeof StreamFlagKind>;

export const StreamFlag = lazy(() => z.object({ kind: StreamFlagKind, atId: z.number().int(), detail: z.string(), at: z.string() }));
export type StreamFlag = z.infer<typeof StreamFlag>;

/** What the central service holds of the chain, and an anchored id whose link the post shows in its next request. */
export const CentralEventsAnswer = lazy(() =>
  ShipEventsAnswer.extend({
    anchorCheck: z.object({ id: z.number().int().min(1) }).nullable(),
    flags: z.array(StreamFlag),
  }),
);
export type CentralEventsAnswer = z.infer<typeof CentralEventsAnswer>;

/** 409 (gap, fork, forked), as the hub's. */
export const CentralEventsRefusal = lazy(() => ShipEventsRefusal);
export type CentralEventsRefusal = z.infer<typeof CentralEventsRefusal>;

/** One chain of one post as the central service sees it. */
export const CentralStream = lazy(() =>
  z.object({
    postId: z.string(),
    origin: StreamOrigin,
    acceptedThrough: z.number().int(),
    head: z.number().int().nullable().describe("the chain's newest event id, as the post last said"),
    lag: z.number().int(),
    lastContact: z.string(),
    lastReceivedAt: z.string().nullable(),
    flags: z.array(StreamFlag),
  }),
);
export type CentralStream = z.infer<typeof CentralStream>;

export const CentralStreams = lazy(() => z.object({ streams: z.array(CentralStream) }));
export type CentralStreams = z.infer<typeof CentralStreams>;
