import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Routes } from '../../../shared/routes/index';
import { route } from '../../http/route';
import type { KioskAuth } from '../kiosk-auth';
import type { KioskAlerts } from './registry';

/** POST /api/post/alerts: a kiosk of the post says whether a visitor needs staff. */
export function postAlertRoutes(o: { alerts: KioskAlerts; auth: KioskAuth }): FastifyPluginAsync {
  return async (app) => {
    const kiosk = (req: FastifyRequest, reply: FastifyReply) => {
      const who = o.auth(req);
      if (who.ok) return who.kioskId;
      void reply.code(who.status).send({ error: who.detail, reason: who.reason });
      return null;
    };
    route(app, Routes.postAlert, { guard: kiosk }, async ({ user, body }) => {
      o.alerts.report(user, body);
      return { ok: true as const };
    });
  };
}
