// The hub's register of used appointment tokens over HTTP: kiosks claim, release and upload their provisional
// claims (each under its own credential: the kiosk id is never read from the body); supervisors see and
// acknowledge the conflicts found in uploads. Authentication is injected (KioskAuth, authorize).
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { postClaimRoutes as R } from '../../../shared/routes/post-claims';
import type { TokenClaim, TokenConflict } from '../../../shared/post-claims-api';
import { route } from '../../http/route';
import { kioskGuard, type KioskAuth } from '../kiosk-auth';
import type { Db } from '../../../store/db';
import {
  acknowledgeConflict,
  hubClaim,
  hubProvisional,
  hubRelease,
  listConflicts,
  type TokenClaimInput,
  type TokenConflictRow,
} from '../../../store/post-claims';

type Role = 'staff' | 'supervisor' | 'technician';
export type ClaimsAuthorize = (
  req: FastifyRequest,
  roles: readonly Role[],
) => { ok: true; user: { id: string } } | { ok: false; status: 401 | 403; reason?: string; detail: string };

export interface HubClaimRouteDeps {
  /** The hub's journal: its appointment_tokens_used is the post's register. */
  db: Db;
  kioskAuth: KioskAuth;
  /** Staff sessions (server/auth's Auth.authorize): conflicts are for supervisors. */
  authorize: ClaimsAuthorize;
  /** A new conflict was raised: tell the counters and supervisors (push {type:'changed', topic:'alerts'}). */
  onConflict?: () => void;
  now?: () => Date;
}

const SUPERVISOR = ['supervisor'] as const;

const input = (c: TokenClaim): TokenClaimInput => ({
  tokenId: c.tokenId,
  visitKey: c.visitKey,
  at: new Date(c.at),
  appointmentId: c.appointmentId,
  consulate: c.consulate,
  expiresAt: c.expiresAt ? new Date(c.expiresAt) : null,
});

const view = (r: TokenConflictRow): TokenConflict => ({
  id: r.id,
  tokenId: r.tokenId,
  consulate: r.consulate,
  appointmentId: r.appointmentId,
  held: { kioskId: r.heldKioskId, at: r.heldAt },
  other: { kioskId: r.kioskId, at: r.claimedAt },
  raisedAt: r.raisedAt,
  acknowledged: r.acknowledgedAt ? { at: r.acknowledgedAt, by: r.acknowledgedBy ?? '', note: r.note } : null,
});

export function hubClaimRoutes(deps: HubClaimRouteDeps): FastifyPluginAsync {
  const now = deps.now ?? (() => new Date());
  return async (app) => {
    const kiosk = kioskGuard(deps.kioskAuth);
    const supervisor = (req: FastifyRequest, reply: FastifyReply) => {
      const a = deps.authorize(req, SUPERVISOR);
      if (a.ok) return a.user;
      void reply.code(a.status).send({ error: a.detail, reason: a.reason ?? 'forbidden', hint: 'token conflicts are for a supervisor: sign in as one' });
      return null;
    };

    route(app, R.postTokenClaim, { guard: kiosk }, async ({ user: kioskId, body }) => {
      const r = hubClaim(deps.db, kioskId, input(body));
      return r.ok ? { ok: true as const } : { ok: false as const, reason: 'already-used' as const, usedAt: r.usedAt, kioskId: r.kioskId };
    });

    route(app, R.postTokenRelease, { guard: kiosk }, async ({ user: kioskId, body }) =>
      hubRelease(deps.db, kioskId, { tokenId: body.tokenId, visitKey: body.visitKey, reason: body.reason, at: now() }),
    );

    route(app, R.postTokenProvisional, { guard: kiosk }, async ({ user: kioskId, body }) => {
      const { results, raised } = hubProvisional(deps.db, kioskId, body.claims.map(input), now());
      if (raised.length) deps.onConflict?.();
      return { results };
    });

    route(app, R.postConflicts, { guard: supervisor }, async ({ reply }) => {
      reply.header('Cache-Control', 'no-store');
      return { conflicts: listConflicts(deps.db).map(view) };
    });

    route(app, R.postConflictAcknowledge, { guard: supervisor }, async ({ reply, user, params, body }) => {
      const r = acknowledgeConflict(deps.db, params.id, user.id, body.note ?? null, now());
      if (r.ok) {
        deps.onConflict?.();
        return { ok: true as const };
      }
      if (r.reason === 'not-found') return reply.code(404).send({ error: `there is no token conflict ${params.id}: reload the list`, reason: r.reason });
      return reply.code(409).send({ error: `token conflict ${params.id} was already acknowledged`, reason: r.reason });
    });
  };
}
