// The hub's number routes for kiosks (issue 15): an online ticket (idempotent by the visit's request key), an
// offline block lease, and the upload of tickets printed offline. Every route asks KioskAuth who is calling.
import type { FastifyPluginAsync } from 'fastify';
import type { Db } from '../../../store/db';
import { inImmediate } from '../../../store/queue';
import { appendEvent } from '../../../store/events';
import { acceptOfflineTicket, isKioskTicket, leaseBlock, recordRequest, ticketForRequest } from '../../../store/post-numbers';
import { businessDay } from '../../../domain/queue/business-day';
import { visitRoute } from '../../../domain/queue/route';
import type { NumberingRule } from '../../../domain/queue/numbering';
import type { IssuedTicket } from '../../../shared/queue-api';
import { BlockAnswer, CancelTicketAnswer, OfflineUploadAnswer, postNumbersRoutes, type OfflineOutcome } from '../../../shared/post-numbers-api';
import { route } from '../../http/route';
import { sendFailure } from '../../queue/http';
import { toTicket, type QueueResult, type QueueService, type ServiceDef } from '../../queue/service';
import { kioskGuard, type KioskAuth } from '../kiosk-auth';
import { groupCommit } from './group-commit';
import type { JournalSync } from '../../../store/journal-sync';

export interface PostNumberRouteDeps {
  db: Db;
  queue: Pick<QueueService, 'issueTicket' | 'sameEstimates' | 'cancel'>;
  auth: KioskAuth;
  consulate: { code: string; timeZone: string };
  services: readonly ServiceDef[];
  numbering: NumberingRule;
  /** Numbers per offline block, one size post-wide (the hub decides: the reserve at the top is the hub's to size). */
  blockSize: number;
  now?: () => Date;
  /** After offline tickets joined the lists (the daemon broadcasts {type:'changed', topic:'queue'}). */
  onChange?: () => void;
  /** How a group of allocations is committed (group-commit.ts); tests give one whose commit fails. */
  commitGroup?: <T>(group: () => T) => T;
  /** Makes the committed allocations durable, right after they are answered (store/journal-sync.ts); tests hold it. */
  syncJournal?: JournalSync;
  /** Says that a sync failed after its allocations were answered (./group-commit.ts): the hub's log. */
  log?: { error(obj: object, msg: string): void };
  /** Why no number may be given to this kiosk now (the hub waits for the kiosks' reports after a start: ./recover.ts), or null. */
  hold?: (kioskId: string) => { reason: string; detail: string } | null;
}

export function postNumberRoutes(d: PostNumberRouteDeps): FastifyPluginAsync {
  const now = d.now ?? (() => new Date());
  const guard = kioskGuard(d.auth);
  const prefixes = new Set(d.services.map((s) => s.prefix));
  // The group's tickets share one read of each service's estimate inputs (nothing finishes inside the group).
  const allocations = groupCommit(d.db, d.commitGroup, (group) => d.queue.sameEstimates(group), d.syncJournal, undefined, {
    onSyncFailed: (error, answered) => {
      const detail = error instanceof Error ? error.message : String(error);
      const msg =
        `the journal's sync failed after ${answered} number(s) were answered: a power cut may lose them (the kiosks' reports at the ` +
        `next start bring them back); from now on this hub answers a number only once it is on the disk`;
      d.log?.error({ err: detail, answered }, msg);
      try {
        appendEvent(d.db, { kind: 'post.numbers-sync-failed', subject: 'hub', payload: { answered, detail } });
      } catch {
        // The disk that failed the sync may fail this write too: the log above said it.
      }
    },
  });
  return async (app) => {
    app.addHook('onClose', () => allocations.close());
    route(app, postNumbersRoutes.postIssueTicket, { guard }, async ({ user: kioskId, body, reply }) => {
      const held = d.hold?.(kioskId);
      if (held) return reply.code(503).send({ error: held.detail, reason: held.reason });
      const { requestKey, slot, priority, priorityRequest, ...rest } = body;
      const at = now();
      // The key's lookup, the number and the key's record are one savepoint of the group's transaction, answered once
      // the group is committed (its sync follows: ./group-commit.ts says what a power cut may then lose and how it comes back): a
      // retried request never gets a second number.
      const r = await allocations.run((): QueueResult<IssuedTicket> => {
        const known = ticketForRequest(d.db, kioskId, requestKey);
        if (known) return { ok: true, ticket: toTicket(known), ahead: 0, estimatedWaitMinutes: 0 };
        const out = d.queue.issueTicket(
          { ...rest, ...(slot ? { slot } : {}), ...(priority ? { priority } : {}), ...(priorityRequest ? { priorityRequest } : {}) },
          { id: `kiosk:${kioskId}` },
        );
        if (out.ok) recordRequest(d.db, kioskId, requestKey, out.ticket.id, at);
        return out;
      });
      if (!r.ok) return sendFailure(reply, r);
      // Built from the hub's own row (typed IssuedTicket); the kiosk parses what it receives (./issuer.ts), once.
      const answer: IssuedTicket = { ticket: r.ticket, ahead: r.ahead, estimatedWaitMinutes: r.estimatedWaitMinutes };
      return reply.code(201).send(answer);
    });

    route(app, postNumbersRoutes.postLeaseBlock, { guard }, async ({ user: kioskId, body, reply }) => {
      if (!prefixes.has(body.prefix)) return reply.code(400).send({ error: `no service has prefix ${body.prefix}`, reason: 'invalid' });
      const held = d.hold?.(kioskId);
      if (held) return reply.code(503).send({ error: held.detail, reason: held.reason });
      const at = now();
      const day = businessDay(at, d.consulate.timeZone);
      const block = leaseBlock(d.db, { consulate: d.consulate.code, prefix: body.prefix, businessDay: day, kioskId, size: d.blockSize, rule: d.numbering, at });
      return BlockAnswer.parse({ block: block ? { businessDay: day, prefix: body.prefix, ...block } : null });
    });

    // A visit refunded in full at a kiosk (issue 17): the kiosk asks until it has an answer, so a repeat is harmless.
    route(app, postNumbersRoutes.postCancelTicket, { guard }, async ({ user: kioskId, body }) => {
      if (!isKioskTicket(d.db, kioskId, body.ticketId))
        return CancelTicketAnswer.parse({ outcome: 'unknown', detail: `ticket ${body.ticketId} was not issued for kiosk ${kioskId}` });
      const r = d.queue.cancel(body.ticketId, { id: `${body.by}@kiosk:${kioskId}` }, body.reason, {
        kioskId,
        ...(body.refundId ? { refundId: body.refundId } : {}),
      });
      if (r.ok) return CancelTicketAnswer.parse({ outcome: 'cancelled', detail: `ticket ${r.ticket.label} cancelled` });
      // Already cancelled (a repeat of this request) counts as done; served, no-show or expired stays what it was.
      const already = r.reason === 'wrong-state' && /cancelled/.test(r.detail);
      return CancelTicketAnswer.parse({ outcome: already ? 'cancelled' : r.reason === 'wrong-state' ? 'closed' : 'unknown', detail: r.detail });
    });

    route(app, postNumbersRoutes.postOfflineTickets, { guard }, async ({ user: kioskId, body }) => {
      const at = now();
      const today = businessDay(at, d.consulate.timeZone);
      let changed = false;
      // One commit (one fsync) for the batch: 100 tickets uploaded after an outage were 100 fsyncs (bench/post.bench.ts).
      const results: OfflineOutcome[] = inImmediate(d.db, () =>
        body.tickets.map((t): OfflineOutcome => {
          const svc = d.services.find((s) => s.code === t.service);
          if (!svc || svc.prefix !== t.prefix)
            return {
              requestKey: t.requestKey,
              outcome: 'refused',
              reason: 'unknown-service',
              detail: `service ${t.service} with prefix ${t.prefix} is not this post's`,
            };
          // A route is the online one's: known services only, starting with the ticket's own (domain/queue/route.ts).
          const route = t.route ? visitRoute(t.route) : null;
          if (t.route && (!route?.ok || route.route?.[0] !== t.service || route.route.some((s) => !d.services.some((x) => x.code === s))))
            return {
              requestKey: t.requestKey,
              outcome: 'refused',
              reason: 'unknown-service',
              detail: `the route ${t.route.join(' → ')} is not one of this post's services starting with ${t.service}`,
            };
          const issuedAt = new Date(t.issuedAt);
          const r = acceptOfflineTicket(d.db, {
            ...t,
            // The route as the queue keeps an online one: each service once (visitRoute), or none.
            route: route?.ok && route.route ? route.route : undefined,
            consulate: d.consulate.code,
            kioskId,
            businessDay: businessDay(issuedAt, d.consulate.timeZone),
            today,
            rule: d.numbering,
            issuedAt,
            at,
          });
          if (r.outcome === 'accepted') changed = true;
          return r.outcome === 'refused'
            ? { requestKey: t.requestKey, outcome: 'refused', reason: r.reason, detail: r.detail }
            : { requestKey: t.requestKey, outcome: r.outcome, ticketId: r.ticketId };
        }),
      );
      if (changed) d.onChange?.();
      return OfflineUploadAnswer.parse({ results });
    });
  };
}
