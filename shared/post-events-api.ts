// Event shipping between a kiosk and its post hub (issue 15, item 4): the body a kiosk POSTs to
// /api/post/events, the hub's answers, and the hub's per-kiosk view (GET /api/post/kiosks). Both sides parse
// with these: the kiosk what the hub answers, the hub what a kiosk sends.
import { z } from 'zod';
import { lazy } from './lazy-schema';

/** Most events in one batch the hub takes (the kiosk sends fewer, bounded in bytes too). */
export const MAX_BATCH_EVENTS = 2000;

const iso = lazy(() => z.string().describe('ISO 8601 UTC date-time'));
const hash = lazy(() => z.string().regex(/^([0-9a-f]{64})?$/, 'a link hash is 64 lowercase hex digits ("" before the first event)'));
const eventId = lazy(() => z.number().int().min(1));

const jsonText = lazy(() =>
  z.string().refine(
    (s) => {
      try {
        JSON.parse(s);
        return true;
      } catch {
        return false;
      }
    },
    { message: 'payload must be the JSON text of the event as stored' },
  ),
);

/** One journal event as the kiosk stored it: `payload` is the stored JSON text, byte for byte (its link covers that text). */
export const ShippedEvent = lazy(() =>
  z.object({
    id: eventId,
    at: iso,
    kind: z.string().min(1),
    subject: z.string().nullable(),
    payload: jsonText,
    prevHash: hash,
    hash: hash.min(64),
  }),
);
export type ShippedEvent = z.infer<typeof ShippedEvent>;

export const ChainHead = lazy(() => z.object({ id: eventId, hash: hash.min(64) }));
export type ChainHead = z.infer<typeof ChainHead>;

export const ShipEventsBody = lazy(() =>
  z.object({
    /** The kiosk's newest event (null: an empty journal): the hub shows the lag from it. */
    head: ChainHead.nullable(),
    /** From which event the kiosk's links are keyed (HMAC under its journal key); null: not keyed. */
    keyedFrom: z.number().int().min(1).nullable(),
    /** Consecutive events, oldest first; empty is a heartbeat (the hub records the contact and the head). */
    events: z.array(ShippedEvent).max(MAX_BATCH_EVENTS),
  }),
);
export type ShipEventsBody = z.infer<typeof ShipEventsBody>;

/** The hub holds the kiosk's chain through `acceptedThrough` (0: nothing yet), whose link is `acceptedHash`. */
export const ShipEventsAnswer = lazy(() =>
  z.object({
    acceptedThrough: z.number().int().min(0),
    acceptedHash: z.string(),
    inserted: z.number().int().min(0),
    duplicates: z.number().int().min(0),
  }),
);
export type ShipEventsAnswer = z.infer<typeof ShipEventsAnswer>;

/** gap: events are missing before the batch; fork: the kiosk's chain parts from the hub's copy (recorded); forked: refused since. */
export const ShipRefusalReason = lazy(() => z.enum(['gap', 'fork', 'forked']));
export type ShipRefusalReason = z.infer<typeof ShipRefusalReason>;

/** 409: what the hub holds, and what was wrong. `expectedFrom`: the first event id the hub still needs. */
export const ShipEventsRefusal = lazy(() =>
  z.object({
    error: z.string(),
    reason: ShipRefusalReason,
    acceptedThrough: z.number().int().min(0),
    acceptedHash: z.string(),
    expectedFrom: z.number().int().min(1),
    /** gap: the ids missing before the batch. */
    missing: z.object({ from: z.number().int(), to: z.number().int() }).optional(),
    /** fork: the kiosk event id where the chains part. */
    forkAt: z.number().int().optional(),
  }),
);
export type ShipEventsRefusal = z.infer<typeof ShipEventsRefusal>;

export const ChainStatus = lazy(() => z.enum(['ok', 'forked']));

/** One kiosk as the hub sees it. */
export const KioskLink = lazy(() =>
  z.object({
    kioskId: z.string(),
    shippedThrough: z.number().int(),
    reportedHead: z.number().int().describe("the kiosk's newest event id, as it last said"),
    lag: z.number().int().describe('events the kiosk has that the hub does not (as of the last contact)'),
    firstContact: iso,
    lastContact: iso,
    lastReceivedAt: iso.nullable(),
    silentSeconds: z.number().int().describe('seconds since the last contact'),
    chain: ChainStatus,
    keyedFrom: z.number().int().nullable(),
    fork: z.object({ atId: z.number().int(), reason: z.string(), at: iso }).nullable(),
    /** The last fork a supervisor accepted (`kiosk hub accept-fork`): the hub's earlier copy from `from` on is kept as `archivedAs`. */
    forkAccepted: z
      .object({
        at: iso,
        by: z.string(),
        reason: z.string(),
        from: z.number().int(),
        forkAt: z.number().int(),
        archivedAs: z.string(),
        archived: z.number().int(),
      })
      .nullable(),
    /** What staff should look at, in words (a fork, a long silence, a large lag); null when all is well. */
    attention: z.string().nullable(),
  }),
);
export type KioskLink = z.infer<typeof KioskLink>;

export const KioskLinks = lazy(() => z.object({ kiosks: z.array(KioskLink) }));
export type KioskLinks = z.infer<typeof KioskLinks>;
