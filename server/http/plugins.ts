import type { FastifyPluginAsync } from 'fastify';
import type { DaemonContext } from '../context';
import { diagnosticsRoutes } from '../diagnostics/routes';
import { checkinRoutes } from '../checkin/routes';
import { paymentRoutes } from '../payments/routes';
import { reportsRoutes } from '../reports/routes';

/** The API plugins built on the daemon context, registered under /api by daemon.ts. */
export function contextPlugins(ctx: DaemonContext): FastifyPluginAsync[] {
  return [
    diagnosticsRoutes(ctx),
    checkinRoutes(ctx),
    paymentRoutes({ reconciler: ctx.payments.reconciler, authorize: (req, roles) => ctx.auth.authorize(req, roles) }),
    reportsRoutes(ctx),
  ];
}
