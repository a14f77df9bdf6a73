import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { CheckinCommand, CheckinView } from '../../shared/checkin-api';
import type { Db } from '../../store/db';
import { recentStaffAlerts } from '../../store/checkin';
import type { Auth } from '../auth/auth';
import type { Payments } from '../payments/index';
import type { CheckinRunner } from './runner';

/** What the check-in routes use: the running flow, staff sessions, the payments' lock and the journal. */
export interface CheckinRoutesDeps {
  checkin: Pick<CheckinRunner, 'view' | 'send' | 'resolve'>;
  auth: Pick<Auth, 'authorize'>;
  payments: Pick<Payments, 'lockState'>;
  db: Db;
}

const ResolveBody = z.strictObject({ reason: z.string().trim().min(3, 'say what was done, e.g. "ticket A-012 written by hand"').max(300) });

/** /api/checkin: the kiosk page reads the current screen and sends the visitor's actions. */
export function checkinRoutes(ctx: CheckinRoutesDeps): FastifyPluginAsync {
  return async (app) => {
    app.get('/checkin', async (_req, reply) => {
      reply.header('Cache-Control', 'no-store');
      return CheckinView.parse(ctx.checkin.view());
    });

    app.post('/checkin/event', async (req, reply) => {
      const cmd = CheckinCommand.safeParse(req.body ?? {});
      if (!cmd.success)
        return reply.code(400).send({ error: `not a kiosk action: ${cmd.error.issues.map((i) => `${i.path.join('.') || 'type'}: ${i.message}`).join('; ')}` });
      ctx.checkin.send(cmd.data);
      return reply.code(202).send({ ok: true });
    });

    // What the counters show about the kiosk: is a visitor waiting for staff, and why.
    app.get('/checkin/alerts', async (req, reply) => {
      const who = ctx.auth.authorize(req, ['staff', 'supervisor', 'technician']);
      if (!who.ok) return reply.code(who.status).send({ error: who.message });
      const v = ctx.checkin.view();
      const needsStaff = v.screen.startsWith('lockedForStaff') || v.screen.startsWith('printFailed') || v.tags.includes('staffCall');
      const recent = recentStaffAlerts(ctx.db, 10);
      reply.header('Cache-Control', 'no-store');
      return {
        needsStaff,
        screen: v.screen,
        reason: v.visit.lockReason ?? v.visit.problem?.code ?? (v.tags.includes('staffCall') ? 'staff-call' : null),
        ticket: v.visit.ticket?.number ?? null,
        canResolve: v.screen.startsWith('lockedForStaff') && ctx.payments.lockState().state === 'ready',
        payments: ctx.payments.lockState(),
        recent,
      };
    });

    app.post('/checkin/resolve', async (req, reply) => {
      const who = ctx.auth.authorize(req, ['staff', 'supervisor', 'technician']);
      if (!who.ok) return reply.code(who.status).send({ error: who.message });
      const body = ResolveBody.safeParse(req.body ?? {});
      if (!body.success) return reply.code(400).send({ error: body.error.issues.map((i) => i.message).join('; ') });
      const r = ctx.checkin.resolve(who.user.id, body.data.reason);
      return r.ok ? { ok: true } : reply.code(409).send({ error: r.reason });
    });
  };
}
