// POST /api/payments/:id/refund: supervisors only, the body checked by the shared schema, the refund made by the
// real service against the simulated Concert terminal over a pty, two supervisors at once get one refund.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJournal, type Db } from '../../store/db';
import { refundsOf } from '../../store/refunds';
import { PaymentReconciler } from './reconcile';
import { PaymentService } from './service';
import { RefundService } from './refund';
import { paymentRoutes, type AuthorizeResult, type PaymentRole } from './routes';
import { concertRig } from '../../test/terminal/harness';

let dir: string;
let db: Db;
let app: FastifyInstance;
let rig: Awaited<ReturnType<typeof concertRig>>;
let paymentId: string;

function authorize(req: { headers: Record<string, unknown> }, roles: readonly PaymentRole[]): AuthorizeResult {
  const h = req.headers['x-test-user'];
  if (typeof h !== 'string') return { ok: false, status: 401, detail: 'sign in first' };
  const [role, id] = h.split(':') as [PaymentRole, string];
  if (!roles.includes(role)) return { ok: false, status: 403, detail: `${role} may not do this` };
  return { ok: true, user: { id, name: id.toUpperCase() } };
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'refundroutes-'));
  db = openJournal(join(dir, 'j.sqlite'));
  rig = await concertRig();
  const paid = await new PaymentService({ db, terminal: rig.driver, kioskId: 'K1', terminalId: 'T1' }).pay({
    amountMinor: 4500,
    currency: 'EUR',
    reference: 'E-9',
  });
  if (!paid.ok) throw new Error('payment not approved');
  paymentId = paid.payment.id;
  const reconciler = new PaymentReconciler({ db, terminalId: 'T1', protocol: 'concert' });
  const refunds = new RefundService({ db, terminal: rig.driver, kioskId: 'K1', terminalId: 'T1' });
  app = Fastify();
  await app.register(paymentRoutes({ reconciler, refunds, authorize }), { prefix: '/api' });
});
afterEach(async () => {
  await app.close();
  await rig.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = (user: string | null, body: unknown, id = paymentId) =>
  app.inject({ method: 'POST', url: `/api/payments/${id}/refund`, payload: body as object, headers: user ? { 'x-test-user': user } : {} });

describe('refund route', () => {
  it('refunds as supervisor: the money goes back once, the answer says how', async () => {
    const r = await post('supervisor:amina', { reason: 'service not delivered', amountMinor: 1500 });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      ok: true,
      outcome: 'refunded',
      fullyRefunded: false,
      refund: { paymentId, method: 'refund', amountMinor: 1500, requestedBy: 'AMINA (amina)', why: 'service not delivered', etimbreReference: 'E-9' },
    });
    expect(rig.sim.log.entries.map((e) => [e.kind, e.amountMinor])).toEqual([
      ['charge', 4500],
      ['refund', 1500],
    ]);
    // More than what is left is refused before anything reaches the terminal.
    const over = await post('supervisor:amina', { reason: 'again, too much', amountMinor: 3001 });
    expect(over.statusCode).toBe(409);
    expect(over.json()).toMatchObject({ reason: 'too-much' });
    expect(rig.sim.log.entries).toHaveLength(2);
  });

  it('is for supervisors only, with a reason; an unknown payment is 404', async () => {
    expect((await post(null, { reason: 'x y z' })).statusCode).toBe(401);
    expect((await post('technician:tom', { reason: 'x y z' })).statusCode).toBe(403);
    expect((await post('supervisor:amina', {})).statusCode).toBe(400);
    expect((await post('supervisor:amina', { reason: 'fine', amountMinor: 12.5 })).statusCode).toBe(400);
    expect((await post('supervisor:amina', { reason: 'fine' }, 'P-NOPE-1')).statusCode).toBe(404);
    expect(rig.sim.log.entries).toHaveLength(1);
  });

  it('two supervisors at once: one refund, the other is told it is already under way', async () => {
    const [a, b] = await Promise.all([post('supervisor:amina', { reason: 'wrong fee' }), post('supervisor:omar', { reason: 'wrong fee' })]);
    const codes = [a.statusCode, b.statusCode].sort();
    expect(codes).toEqual([200, 409]);
    expect(refundsOf(db, paymentId)).toHaveLength(1);
    expect(rig.sim.log.entries.filter((e) => e.kind === 'refund')).toHaveLength(1);
  });
});
