import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { CheckinView } from '../../shared/checkin-api';
import { Routes } from '../../shared/routes/index';
import type { Db } from '../../store/db';
import { recentStaffAlerts } from '../../store/checkin';
import type { Auth } from '../auth/auth';
import type { Payments } from '../payments/index';
import { issuesText, route } from '../http/route';
import { kioskScreenOnly } from '../http/loopback';
import { staffAlertOf } from './staff-alert';
import type { KioskAlert } from '../../shared/post-alerts-api';
import type { CheckinRunner } from './runner';

/** What the check-in routes use: the running flow, staff sessions, the payments' lock and the journal. */
export interface CheckinRoutesDeps {
  checkin: Pick<CheckinRunner, 'view' | 'send' | 'resolve' | 'unprinted' | 'settleUnprinted' | 'acknowledgeAlert' | 'alertAcknowledgedBy'>;
  auth: Pick<Auth, 'authorize'>;
  payments: Pick<Payments, 'lockState'>;
  db: Db;
  /** On a post hub: the alerts the post's kiosks last reported. */
  postKiosks?: () => KioskAlert[];
}

/** /api/checkin: the kiosk page reads the current screen and sends the visitor's actions. */
export function checkinRoutes(ctx: CheckinRoutesDeps): FastifyPluginAsync {
  return async (app) => {
    route(app, Routes.checkin, { guard: kioskScreenOnly }, async ({ reply }) => {
      reply.header('Cache-Control', 'no-store');
      return CheckinView.parse(ctx.checkin.view());
    });

    const notAnAction = (e: z.ZodError) => ({ status: 400, body: { error: `not a kiosk action: ${issuesText(e, 'type')}` } });
    route(app, Routes.event, { guard: kioskScreenOnly, invalid: { body: notAnAction } }, async ({ reply, body }) => {
      ctx.checkin.send(body);
      return reply.code(202).send({ ok: true });
    });

    // What the counters show about the kiosk: is a visitor waiting for staff, and why.
    const staff = (req: FastifyRequest, reply: FastifyReply) => {
      const who = ctx.auth.authorize(req, ['staff', 'supervisor', 'technician']);
      if (!who.ok) void reply.code(who.status).send({ error: who.detail });
      return who.ok ? who.user : null;
    };
    route(app, Routes.alerts, { guard: staff }, async ({ reply }) => {
      const v = ctx.checkin.view();
      const recent = recentStaffAlerts(ctx.db, 10);
      const unprinted = ctx.checkin.unprinted();
      const screen = staffAlertOf(v);
      reply.header('Cache-Control', 'no-store');
      return {
        ...screen,
        // A ticket that did not print needs staff until an agent deals with it, whatever the kiosk shows now.
        ...(!screen.needsStaff && unprinted.length
          ? { needsStaff: true, reason: unprinted[0]!.what === 'ticket' ? 'ticket-print-failed' : 'receipt-print-failed', ticket: unprinted[0]!.number }
          : {}),
        unprinted,
        canResolve: v.screen.startsWith('lockedForStaff') && ctx.payments.lockState().state === 'ready',
        payments: ctx.payments.lockState(),
        recent,
        kiosks: ctx.postKiosks?.() ?? [],
        acknowledgedBy: screen.needsStaff ? ctx.checkin.alertAcknowledgedBy() : null,
      };
    });

    route(app, Routes.acknowledgeAlert, { guard: staff }, async ({ reply, user }) => {
      const r = ctx.checkin.acknowledgeAlert(user.name);
      return r.ok ? { ok: true as const } : reply.code(409).send({ error: r.reason });
    });

    for (const [name, action] of [
      [Routes.acknowledgeUnprinted, 'acknowledge'],
      [Routes.reprintUnprinted, 'reprint'],
    ] as const)
      route(app, name, { guard: staff }, async ({ reply, user, params }) => {
        const r = await ctx.checkin.settleUnprinted(params.ticketId, user.id, action);
        return r.ok ? { ok: true as const } : reply.code(r.status).send({ error: r.reason });
      });

    const sayWhatWasDone = (e: z.ZodError) => ({ status: 400, body: { error: e.issues.map((i) => i.message).join('; ') } });
    route(app, Routes.resolve, { guard: staff, invalid: { body: sayWhatWasDone } }, async ({ reply, user, body }) => {
      const r = ctx.checkin.resolve(user.id, body.reason);
      return r.ok ? { ok: true as const } : reply.code(409).send({ error: r.reason });
    });
  };
}
