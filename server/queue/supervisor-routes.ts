// /api/supervisor/*: the supervisor's live view of the floor and its actions (issue 18 item 4). A supervisor's
// session of the /supervisor page only; every action answers with the fresh view and names the supervisor in the
// journal. The page stays live through the pokes of /api/ws ("changed", topic "queue") and reads this view again.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Routes } from '../../shared/routes/index';
import { FloorView } from '../../shared/supervisor-api';
import { route } from '../http/route';
import type { Auth } from '../auth/auth';
import type { SupervisorActions, SupervisorFailureReason, SupervisorResult } from './supervisor-actions';

const STATUS: Record<SupervisorFailureReason, number> = {
  'not-found': 404,
  'unknown-service': 400,
  'unknown-counter': 400,
  invalid: 400,
  'wrong-state': 409,
  'same-service': 409,
  'number-taken': 409,
};

export interface SupervisorRoutesDeps {
  auth: Pick<Auth, 'authorize'>;
  actions: SupervisorActions;
  floor: () => FloorView;
}

export function supervisorRoutes(d: SupervisorRoutesDeps): FastifyPluginAsync {
  return async (app) => {
    const supervisor = (req: FastifyRequest, reply: FastifyReply) => {
      const a = d.auth.authorize(req, ['supervisor']);
      if (!a.ok) {
        void reply.code(a.status).send({ error: a.detail, reason: a.reason });
        return null;
      }
      if (a.user.role !== 'supervisor') {
        void reply.code(403).send({ error: 'the floor is for a supervisor: sign in with a supervisor PIN', reason: 'forbidden' });
        return null;
      }
      return a.user;
    };
    const view = (reply: FastifyReply) => {
      reply.header('Cache-Control', 'no-store');
      return FloorView.parse(d.floor());
    };
    const answer = (reply: FastifyReply, r: SupervisorResult) =>
      r.ok ? view(reply) : reply.code(STATUS[r.reason]).send({ error: r.detail, reason: r.reason });

    route(app, Routes.floor, { guard: supervisor }, async ({ reply }) => view(reply));
    route(app, Routes.moveTicket, { guard: supervisor }, async ({ reply, user, params, body }) =>
      answer(reply, d.actions.moveTicket(params.id, body.service, user.id)),
    );
    route(app, Routes.cancelTicket, { guard: supervisor }, async ({ reply, user, params, body }) =>
      answer(reply, d.actions.cancelTicket(params.id, body.reason, user.id)),
    );
    route(app, Routes.reopenTicket, { guard: supervisor }, async ({ reply, user, params }) => answer(reply, d.actions.reopenNoShow(params.id, user.id)));
    route(app, Routes.counterServices, { guard: supervisor }, async ({ reply, user, params, body }) =>
      answer(reply, d.actions.setCounterServices(params.id, body.services, user.id)),
    );
    route(app, Routes.pauseService, { guard: supervisor }, async ({ reply, user, params, body }) =>
      answer(reply, d.actions.setServicePaused(params.id, body.paused, user.id, body.reason)),
    );
  };
}
