import type { FastifyPluginAsync } from 'fastify';
import { Routes } from '../../../shared/routes/index';
import { route } from '../../http/route';
import { kioskGuard, type KioskAuth } from '../kiosk-auth';
import type { KioskAlerts } from './registry';

/** POST /api/post/alerts: a kiosk of the post says whether a visitor needs staff. */
export function postAlertRoutes(o: { alerts: KioskAlerts; auth: KioskAuth }): FastifyPluginAsync {
  return async (app) => {
    const kiosk = kioskGuard(o.auth);
    route(app, Routes.postAlert, { guard: kiosk }, async ({ user, body }) => {
      o.alerts.report(user, body);
      return { ok: true as const };
    });
  };
}
