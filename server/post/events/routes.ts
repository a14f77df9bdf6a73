// The hub's event-shipping routes (issue 15, item 4). POST /api/post/events takes a kiosk's batch under its
// kiosk credential (KioskAuth: the kiosk id comes from the credential, never from the body); GET
// /api/post/kiosks shows every kiosk's link to supervisors and technicians.
import { channel } from 'node:diagnostics_channel';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../../store/db';
import { receiveEvents } from '../../../store/post-events';
import { commitWithoutFsync } from '../../../store/commit';
import { journalSync, type JournalSync } from '../../../store/journal-sync';
import { KioskLinks, ShipEventsAnswer, ShipEventsRefusal } from '../../../shared/post-events-api';
// Declared in shared/routes/post-events.ts; the coordinator adds them to shared/routes/index.ts with the daemon's wiring.
import { postEventRoutes as Decl } from '../../../shared/routes/post-events';
import type { Role } from '../../../shared/routes/define';
import { route } from '../../http/route';
import { kioskGuard, type KioskAuth } from '../kiosk-auth';
import { kioskLinkStatus, type AttentionBounds } from './status';

export type AuthorizeResult = { ok: true } | { ok: false; status: 401 | 403; reason?: string; detail: string };

export interface PostEventRouteDeps {
  db: Db;
  kioskAuth: KioskAuth;
  /** Staff sessions (server/auth's authorize), for GET /api/post/kiosks. */
  authorize: (req: FastifyRequest, roles: readonly Role[]) => AuthorizeResult | Promise<AuthorizeResult>;
  /** Told once per fork found (the hub's journal has it already): for the log and the counters' alerts. */
  onFork?: (kioskId: string, detail: string) => void;
  attention?: AttentionBounds;
  now?: () => Date;
  /** Makes a taken batch durable before the kiosk is told (store/journal-sync.ts); tests hold it. */
  syncJournal?: JournalSync;
}

/** Each batch taken: its events and how long its write held the event loop (bench/post-hub-probe.mjs watches). */
export const ingestChannel = channel('kiosk:post.ingest');
export interface IngestStats {
  at: number;
  events: number;
  ms: number;
}

/** A kiosk sends at most ~512 KiB per batch (shipper.ts); room for one large event beyond the app's 256 KiB default. */
export const SHIP_BODY_LIMIT = 4 * 1024 * 1024;

const VIEW_ROLES: readonly Role[] = ['supervisor', 'technician'];

export function postEventRoutes(deps: PostEventRouteDeps): FastifyPluginAsync {
  const now = deps.now ?? (() => new Date());
  const sync = deps.syncJournal ?? journalSync(deps.db);
  return async (app) => {
    const kiosk = kioskGuard(deps.kioskAuth);
    route(app, Decl.postEvents, { guard: kiosk, fastify: { bodyLimit: SHIP_BODY_LIMIT } }, async ({ reply, user: kioskId, body }) => {
      const t0 = performance.now();
      // Written without an fsync on the hub's event loop (the number allocations waited behind it: issue 14), then
      // made durable off the loop before the kiosk hears what the hub holds: it moves its cursor on that answer.
      const r = commitWithoutFsync(deps.db, () => receiveEvents(deps.db, kioskId, body, now()));
      if (ingestChannel.hasSubscribers) {
        const stats: IngestStats = { at: performance.timeOrigin + t0, events: body.events.length, ms: performance.now() - t0 };
        ingestChannel.publish(stats);
      }
      await sync();
      const held = { acceptedThrough: r.acceptedThrough, acceptedHash: r.acceptedHash, inserted: r.inserted, duplicates: r.duplicates };
      if (r.ok) return ShipEventsAnswer.parse(held);
      if (r.recorded) deps.onFork?.(kioskId, r.detail);
      return reply.code(409).send(
        ShipEventsRefusal.parse({
          error: r.detail,
          reason: r.reason,
          acceptedThrough: r.acceptedThrough,
          acceptedHash: r.acceptedHash,
          expectedFrom: r.expectedFrom,
          ...(r.missing ? { missing: r.missing } : {}),
          ...(r.forkAt !== undefined ? { forkAt: r.forkAt } : {}),
        }),
      );
    });

    const staff = async (req: FastifyRequest, reply: FastifyReply) => {
      const a = await deps.authorize(req, VIEW_ROLES);
      if (!a.ok) {
        void reply.code(a.status).send({ error: a.detail, ...(a.reason ? { reason: a.reason } : {}) });
        return null;
      }
      return true;
    };
    route(app, Decl.postKiosks, { guard: staff }, async ({ reply }) => {
      reply.header('Cache-Control', 'no-store');
      return KioskLinks.parse({ kiosks: kioskLinkStatus(deps.db, now(), deps.attention) });
    });
  };
}
