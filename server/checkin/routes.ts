import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { CheckinCommand, CheckinView } from '../../shared/checkin-api';
import type { DaemonContext } from '../context';

const ResolveBody = z.strictObject({ reason: z.string().trim().min(3, 'say what was done, e.g. "ticket A-012 written by hand"').max(300) });

/** /api/checkin: the kiosk page reads the current screen and sends the visitor's actions. */
export function checkinRoutes(ctx: DaemonContext): FastifyPluginAsync {
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
      if (!who.ok) return reply.code(who.status).send({ error: who.detail });
      const v = ctx.checkin.view();
      const needsStaff = v.screen.startsWith('lockedForStaff') || v.screen.startsWith('printFailed') || v.tags.includes('staffCall');
      const recent = ctx.db
        .prepare(
          "SELECT at, kind, payload FROM events WHERE kind IN ('checkin.staff-alert', 'checkin.staff-call', 'checkin.staff-resolved') ORDER BY id DESC LIMIT 10",
        )
        .all() as Array<{ at: string; kind: string; payload: string }>;
      reply.header('Cache-Control', 'no-store');
      return {
        needsStaff,
        screen: v.screen,
        reason: v.visit.lockReason ?? v.visit.problem?.code ?? (v.tags.includes('staffCall') ? 'staff-call' : null),
        ticket: v.visit.ticket?.number ?? null,
        canResolve: v.screen.startsWith('lockedForStaff') && ctx.payments.lockState().state === 'ready',
        payments: ctx.payments.lockState(),
        recent: recent.map((r) => ({ at: r.at, kind: r.kind, detail: JSON.parse(r.payload) as unknown })),
      };
    });

    app.post('/checkin/resolve', async (req, reply) => {
      const who = ctx.auth.authorize(req, ['staff', 'supervisor', 'technician']);
      if (!who.ok) return reply.code(who.status).send({ error: who.detail });
      const body = ResolveBody.safeParse(req.body ?? {});
      if (!body.success) return reply.code(400).send({ error: body.error.issues.map((i) => i.message).join('; ') });
      const r = ctx.checkin.resolve(who.user.id, body.data.reason);
      return r.ok ? { ok: true } : reply.code(409).send({ error: r.reason });
    });
  };
}
