// Staff reconciliation over HTTP: list the payments that block the kiosk, settle one from the terminal's
// own journal. Authentication is injected (server/auth's authorize), so this plugin does not depend on it.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Routes } from '../../shared/routes/index';
import { route } from '../http/route';
import type { Payment } from '../../store/payments';
import type { LockState, SettleDecision, SettleResult } from './reconcile';
import type { RefundInput, RefundOutcome } from './refund';
import type { Refund } from '../../store/refunds';
import type { RefundReceiptResult } from './refund-receipt';

export type PaymentRole = 'staff' | 'supervisor' | 'technician';

export type AuthorizeResult = { ok: true; user: { id: string; name?: string } } | { ok: false; status?: 401 | 403; reason?: string; detail?: string };

export interface PaymentRoutesDeps {
  reconciler: {
    pending(): Payment[];
    lockState(): LockState;
    settle(id: string, decision: SettleDecision, by: string, reason: string): SettleResult;
  };
  authorize: (req: FastifyRequest, roles: readonly PaymentRole[]) => AuthorizeResult | Promise<AuthorizeResult>;
  /** Who may see pending payments. Default: supervisor and technician. */
  viewRoles?: readonly PaymentRole[];
  /** Who may settle them (money may or may not have been taken). Default: supervisor and technician. */
  settleRoles?: readonly PaymentRole[];
  /** The refund service (server/payments/refund.ts); without it the refund route is not mounted. Supervisors only. */
  refunds?: { refund(input: RefundInput): Promise<RefundOutcome> };
  /**
   * Prints the refund receipt once a refund is done (server/payments/refund-receipt.ts); its outcome rides on the
   * answer. The refund is done whatever the printer does; the supervisor reprints from the reports page.
   */
  printRefundReceipt?: (refundId: string, o: { by: string; duplicate: boolean }) => Promise<RefundReceiptResult>;
}

/** A refund as the API shows it (the supervisor's list adds its own fields: supervisor-routes.ts). */
export function refundView(r: Refund) {
  return {
    id: r.id,
    paymentId: r.paymentId,
    method: r.method,
    state: r.state,
    amountMinor: r.amountMinor,
    currency: r.currency,
    etimbreReference: r.etimbreReference,
    shortRef: r.shortRef,
    requestedBy: r.requestedBy,
    why: r.why,
    reason: r.reason,
    receiptNo: r.receiptNo,
    createdAt: r.createdAt,
  };
}

/** What staff need to compare with the terminal's journal; no receipt lines. */
function view(p: Payment) {
  return {
    id: p.id,
    shortRef: p.shortRef,
    state: p.state,
    amountMinor: p.amountMinor,
    currency: p.currency,
    reference: p.reference,
    isTest: p.isTest,
    approvedAmountMinor: p.approvedAmountMinor,
    approvedCurrency: p.approvedCurrency,
    terminalData: p.terminalData,
    protocol: p.protocol,
    terminalId: p.terminalId,
    kioskId: p.kioskId,
    reason: p.reason,
    createdAt: p.createdAt,
    sentAt: p.sentAt,
    authCode: p.authCode,
    maskedPan: p.maskedPan,
    settledBy: p.settledBy,
    settledAt: p.settledAt,
    settleReason: p.settleReason,
  };
}

export function paymentRoutes(deps: PaymentRoutesDeps): FastifyPluginAsync {
  const viewRoles = deps.viewRoles ?? ['supervisor', 'technician'];
  const settleRoles = deps.settleRoles ?? ['supervisor', 'technician'];
  return async (app) => {
    /** The signed-in user with one of the roles, or null after answering 401/403 with `fallback` when auth says nothing. */
    const allowed = (roles: readonly PaymentRole[], fallback: string) => async (req: FastifyRequest, reply: FastifyReply) => {
      const auth = await deps.authorize(req, roles);
      if (!auth.ok) void reply.code(auth.status ?? 401).send({ error: auth.detail ?? fallback });
      return auth.ok ? auth.user : null;
    };
    route(app, Routes.pending, { guard: allowed(viewRoles, 'sign in as supervisor or technician to see pending payments') }, async () => {
      return { lock: deps.reconciler.lockState(), payments: deps.reconciler.pending().map(view) };
    });

    const invalid = {
      params: (e: z.ZodError) => ({ status: 400, body: { error: 'bad payment id', issues: z.flattenError(e).fieldErrors } }),
      body: (e: z.ZodError) => ({
        status: 400,
        body: {
          error:
            'send {"outcome":"approved","authCode":"…","reason":"…"} or {"outcome":"not-charged","reason":"…"} ' +
            '(with "force":true only when the terminal cannot answer)',
          issues: e.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        },
      }),
    };
    const settler = allowed(settleRoles, 'sign in as supervisor or technician to settle a payment');
    route(app, Routes.settle, { guard: settler, invalid }, async ({ reply, user, params, body }) => {
      const decision: SettleDecision =
        body.outcome === 'approved' ? { outcome: 'approved', authCode: body.authCode } : { outcome: 'not-charged', ...(body.force ? { force: true } : {}) };
      const by = user.name ? `${user.name} (${user.id})` : user.id;
      const r = deps.reconciler.settle(params.id, decision, by, body.reason);
      if (!r.ok) return reply.code(r.reason === 'not-found' ? 404 : r.reason === 'invalid' ? 400 : 409).send({ error: r.detail });
      return { payment: view(r.payment), lock: r.lock };
    });

    const refunds = deps.refunds;
    if (refunds) {
      const refundInvalid = {
        params: invalid.params,
        body: (e: z.ZodError) => ({
          status: 400,
          body: {
            error: 'send {"reason":"…"} and, for a part of the payment, "amountMinor" (1250 is 12.50)',
            issues: e.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
          },
        }),
      };
      const supervisor = allowed(['supervisor'], 'sign in as supervisor to refund a payment');
      route(app, Routes.refund, { guard: supervisor, invalid: refundInvalid }, async ({ reply, user, params, body }) => {
        const by = user.name ? `${user.name} (${user.id})` : user.id;
        const r = await refunds.refund({
          paymentId: params.id,
          why: body.reason,
          requestedBy: by,
          ...(body.amountMinor !== undefined ? { amountMinor: body.amountMinor } : {}),
        });
        if (r.outcome === 'refused') {
          const status = r.reason === 'not-found' ? 404 : r.reason === 'invalid' ? 400 : 409;
          return reply.code(status).send({ error: r.detail ?? r.reason, reason: r.reason });
        }
        if (!r.ok) return { ok: false, outcome: r.outcome, reason: r.reason, refund: refundView(r.refund) };
        // A bug in printing must not turn a refund that was done into an error answer: the money went back.
        const printed =
          deps.printRefundReceipt &&
          (await deps.printRefundReceipt(r.refund.id, { by, duplicate: false }).catch((err: unknown) => ({
            ok: false as const,
            detail: `refund receipt not printed: ${(err as Error).message}; reprint it from the reports page`,
          })));
        return {
          ok: true,
          outcome: 'refunded',
          fullyRefunded: r.fullyRefunded,
          refund: refundView(r.refund),
          ...(printed ? { receipt: { printed: printed.ok, detail: printed.detail } } : {}),
        };
      });
    }
  };
}
