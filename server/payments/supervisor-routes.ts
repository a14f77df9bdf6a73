// The supervisor's refund desk on the reports page (issue 17): the approved payments of a period with what is left
// to refund and how a refund would go, each refund's receipt reprinted, and the card receipt reprinted as the
// diagnostics page does. The refund itself is POST /api/payments/:id/refund (routes.ts). Auth and the printing
// functions are injected, so this plugin depends on neither the auth module nor the devices.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Routes } from '../../shared/routes/index';
import { route } from '../http/route';
import type { Db } from '../../store/db';
import type { Payment } from '../../store/payments';
import { getRefund, refundable, refundsOf, type Refund, type RefundMethod } from '../../store/refunds';
import { approvedPaymentsBetween, hasCardReceipt, lastReceiptPrint, receiptEverPrinted } from '../../store/refund-candidates';
import { periodBounds, isDay } from '../reports/period';
import { refundView, type AuthorizeResult, type PaymentRole } from './routes';
import type { RefundReceiptResult } from './refund-receipt';
import type { RefundablePayment } from '../../shared/payments-api';

export interface SupervisorRoutesDeps {
  db: Db;
  timeZone: string;
  authorize: (req: FastifyRequest, roles: readonly PaymentRole[]) => AuthorizeResult | Promise<AuthorizeResult>;
  /** How a refund of the whole amount left would go (RefundService.chooseMethod). */
  chooseMethod: (p: Payment) => RefundMethod;
  printRefundReceipt: (refundId: string, o: { by: string; duplicate: boolean }) => Promise<RefundReceiptResult>;
  /** server/diagnostics/card-receipt.ts reprintCardReceipt, bound to the daemon's parts. */
  reprintCardReceipt: (paymentId: string, by: string) => Promise<{ printed: boolean; detail: string; status?: number }>;
}

function listed(db: Db, r: Refund) {
  return { ...refundView(r), terminalAmountMinor: r.terminalAmountMinor, updatedAt: r.updatedAt, receipt: lastReceiptPrint(db, r.id) };
}

export function refundablePayment(deps: Pick<SupervisorRoutesDeps, 'db' | 'chooseMethod'>, p: Payment): RefundablePayment {
  const left = refundable(deps.db, p);
  return {
    id: p.id,
    createdAt: p.createdAt,
    state: p.state,
    protocol: p.protocol,
    terminalId: p.terminalId,
    kioskId: p.kioskId,
    amountMinor: left.approvedMinor,
    currency: left.currency,
    reference: p.reference,
    shortRef: p.shortRef,
    authCode: p.authCode,
    maskedPan: p.maskedPan,
    receiptNo: p.receiptNo,
    refundedMinor: left.refundedMinor,
    committedMinor: left.committedMinor,
    leftMinor: left.leftMinor,
    method: deps.chooseMethod(p),
    cardReceipt: hasCardReceipt(deps.db, p.id),
    refunds: refundsOf(deps.db, p.id).map((r) => listed(deps.db, r)),
  };
}

export function supervisorPaymentRoutes(deps: SupervisorRoutesDeps): FastifyPluginAsync {
  return async (app) => {
    const supervisor = async (req: FastifyRequest, reply: FastifyReply) => {
      const auth = await deps.authorize(req, ['supervisor']);
      if (!auth.ok) void reply.code(auth.status ?? 401).send({ error: auth.detail ?? 'sign in as supervisor on the reports page' });
      return auth.ok ? auth.user : null;
    };
    const by = (u: { id: string; name?: string }) => (u.name ? `${u.name} (${u.id})` : u.id);

    route(app, Routes.refundable, { guard: supervisor }, async ({ reply, query }) => {
      if (!isDay(query.from) || !isDay(query.to) || query.from > query.to)
        return reply.code(400).send({ error: `give a period of real dates, from ≤ to (got ${query.from} to ${query.to})`, reason: 'invalid' });
      const { from, to } = periodBounds(query.from, query.to, deps.timeZone);
      reply.header('Cache-Control', 'no-store');
      return { from, to, payments: approvedPaymentsBetween(deps.db, from, to).map((p) => refundablePayment(deps, p)) };
    });

    route(app, Routes.refundReceiptPrint, { guard: supervisor }, async ({ reply, user, params }) => {
      if (getRefund(deps.db, params.rid)?.paymentId !== params.id)
        return reply.code(404).send({ error: `payment ${params.id} has no refund ${params.rid}`, reason: 'not-found' });
      // Marked a duplicate once one came out of the printer (a refund whose first print failed gets its original).
      const r = await deps.printRefundReceipt(params.rid, { by: by(user), duplicate: receiptEverPrinted(deps.db, params.rid) });
      if (!r.ok) return reply.code(r.status).send({ error: r.detail, reason: r.reason });
      return { printed: true as const, detail: r.detail };
    });

    route(app, Routes.paymentCardReceiptPrint, { guard: supervisor }, async ({ reply, user, params }) => {
      const r = await deps.reprintCardReceipt(params.id, by(user));
      if (!r.printed) return reply.code(r.status ?? 503).send({ error: r.detail });
      return { printed: true as const, detail: r.detail };
    });
  };
}
