// POST /api/central/events: a post ships one of its chains (its own journal, or a kiosk's its hub relays), under
// its post credential; GET /api/central/streams: where each chain stands, and what was found wrong with it.
// Bodies may be gzip-compressed (Content-Encoding: gzip, inflated by the app: ../http/gzip.ts); the byte bound applies
// to the inflated body.
import type { FastifyPluginAsync } from 'fastify';
import {
  CentralEventsAnswer,
  CentralEventsBody,
  CentralEventsRefusal,
  CentralStreams,
  MAX_CENTRAL_BATCH_BYTES,
  MAX_CENTRAL_BATCH_EVENTS,
} from '../../shared/central-events-api';
import type { CentralAppDeps } from '../http/app';
import { listStreams } from '../db/streams';
import { projectPending } from '../projections';
import { ingestBatch } from './ingest';

export interface IngestLimits {
  maxEvents: number;
  maxBytes: number;
}

export function ingestPlugin(limits: IngestLimits = { maxEvents: MAX_CENTRAL_BATCH_EVENTS, maxBytes: MAX_CENTRAL_BATCH_BYTES }) {
  return ({ db, auth, now }: CentralAppDeps): FastifyPluginAsync =>
    async (app) => {
      app.post('/api/central/events', { bodyLimit: limits.maxBytes }, async (req, reply) => {
        const who = await auth(req);
        if (!who.ok) return reply.code(who.status).send({ error: who.detail, reason: who.reason });
        const parsed = CentralEventsBody.safeParse(req.body);
        if (!parsed.success) return reply.code(400).send({ error: `this batch is not one the central service reads: ${parsed.error.message}` });
        const n = parsed.data.events.length;
        if (n > limits.maxEvents)
          return reply.code(413).send({ error: `a batch holds at most ${limits.maxEvents} events (this one ${n}): send smaller batches`, reason: 'too-large' });
        const r = await ingestBatch(db, who.postId, parsed.data, now());
        if (r.ok) {
          // The projections follow in their own transaction: the batch is stored whatever happens to them, and what
          // is left (a failure, more than `max`) is projected after the post's next request (a heartbeat at least).
          await projectPending(db, { postId: who.postId, max: 10_000 }).catch((err: unknown) =>
            req.log.error({ err, postId: who.postId }, 'central projections failed; they resume with the next batch'),
          );
          const { ok: _ok, ...answer } = r;
          return CentralEventsAnswer.parse(answer);
        }
        return reply.code(409).send(
          CentralEventsRefusal.parse({
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

      // A post sees its own chains. The ministry's view of every post is the dashboard's, behind its roles.
      app.get('/api/central/streams', async (req, reply) => {
        const who = await auth(req);
        if (!who.ok) return reply.code(who.status).send({ error: who.detail, reason: who.reason });
        reply.header('Cache-Control', 'no-store');
        return CentralStreams.parse({ streams: await listStreams(db, who.postId) });
      });
    };
}
