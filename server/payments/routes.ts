// Staff reconciliation over HTTP: list the payments that block the kiosk, settle one from the terminal's
// own journal. Authentication is injected (server/auth's authorize), so this plugin does not depend on it.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Payment } from '../../store/payments';
import type { LockState, SettleDecision, SettleResult } from './reconcile';

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
}

const reason = z.string().trim().min(3, 'say how you decided, e.g. "terminal journal: approved 12.50 at 10:42"').max(500);
export const SettleBody = z.discriminatedUnion('outcome', [
  z.strictObject({
    outcome: z.literal('approved'),
    authCode: z.string().trim().min(1, 'copy the authorisation code from the terminal journal').max(32),
    reason,
  }),
  // force: the ZVT terminal has not answered yet (it may still hold the money); staff override with a reason.
  z.strictObject({ outcome: z.literal('not-charged'), reason, force: z.boolean().optional() }),
]);
const Params = z.strictObject({ id: z.string().regex(/^[0-9A-Za-z_-]{4,64}$/, 'a payment id such as P3K9XW2M7Q') });

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
    app.get('/payments/pending', async (req, reply) => {
      const auth = await deps.authorize(req, viewRoles);
      if (!auth.ok) return reply.code(auth.status ?? 401).send({ error: auth.detail ?? 'sign in as supervisor or technician to see pending payments' });
      return { lock: deps.reconciler.lockState(), payments: deps.reconciler.pending().map(view) };
    });

    app.post('/payments/:id/settle', async (req, reply) => {
      const auth = await deps.authorize(req, settleRoles);
      if (!auth.ok) return reply.code(auth.status ?? 401).send({ error: auth.detail ?? 'sign in as supervisor or technician to settle a payment' });
      const params = Params.safeParse(req.params);
      if (!params.success) return reply.code(400).send({ error: 'bad payment id', issues: z.flattenError(params.error).fieldErrors });
      const body = SettleBody.safeParse(req.body);
      if (!body.success) {
        return reply.code(400).send({
          error:
            'send {"outcome":"approved","authCode":"…","reason":"…"} or {"outcome":"not-charged","reason":"…"} (with "force":true only when the terminal cannot answer)',
          issues: body.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        });
      }
      const decision: SettleDecision =
        body.data.outcome === 'approved'
          ? { outcome: 'approved', authCode: body.data.authCode }
          : { outcome: 'not-charged', ...(body.data.force ? { force: true } : {}) };
      const by = auth.user.name ? `${auth.user.name} (${auth.user.id})` : auth.user.id;
      const r = deps.reconciler.settle(params.data.id, decision, by, body.data.reason);
      if (!r.ok) return reply.code(r.reason === 'not-found' ? 404 : r.reason === 'invalid' ? 400 : 409).send({ error: r.detail });
      return { payment: view(r.payment), lock: r.lock };
    });
  };
}
