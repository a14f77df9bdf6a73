// The refund receipt and the supervisor's refund desk over HTTP, with real parts: the ZVT simulator on a pty (it
// hands its refund receipt over as print lines), the virtual printer behind a real TCP port, a real journal file.
// A refund done is printed; a printer out of paper leaves the refund done and the receipt to reprint.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJournal, type Db } from '../../store/db';
import { getRefund, refundsOf } from '../../store/refunds';
import { printJobJournal } from '../../store/print-jobs';
import { PrinterService } from '../../drivers/printer/service';
import { VirtualPrinter } from '../../drivers/printer/sim/virtual-printer';
import { listenTcp, type SimTcpServer } from '../../drivers/printer/sim/tcp-server';
import { TcpTransport } from '../../drivers/printer/transports/tcp';
import { PaymentReconciler } from './reconcile';
import { PaymentService } from './service';
import { RefundService } from './refund';
import { paymentRoutes, type AuthorizeResult, type PaymentRole } from './routes';
import { supervisorPaymentRoutes } from './supervisor-routes';
import { printRefundReceipt } from './refund-receipt';
import { zvtRig } from '../../test/terminal/harness';
import { decodePng } from '../../test/printer/decode';
import type { RefundablePayments } from '../../shared/payments-api';

let dir: string;
let db: Db;
let app: FastifyInstance;
let rig: Awaited<ReturnType<typeof zvtRig>>;
let printer: VirtualPrinter;
let tcp: SimTcpServer;
let service: PrinterService;
let paymentId: string;

function authorize(req: { headers: Record<string, unknown> }, roles: readonly PaymentRole[]): AuthorizeResult {
  const h = req.headers['x-test-user'];
  if (typeof h !== 'string') return { ok: false, status: 401, detail: 'sign in first' };
  const [role, id] = h.split(':') as [PaymentRole, string];
  if (!roles.includes(role)) return { ok: false, status: 403, detail: `${role} may not do this` };
  return { ok: true, user: { id, name: id.toUpperCase() } };
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'refundreceipt-'));
  db = openJournal(join(dir, 'j.sqlite'));
  rig = await zvtRig({ ecrPrintsReceipt: true });
  printer = new VirtualPrinter();
  tcp = await listenTcp(printer, '127.0.0.1', 0);
  service = new PrinterService({ transport: new TcpTransport({ host: tcp.host, port: tcp.port }), journal: printJobJournal(db), jobPollMs: 50 });
  const paid = await new PaymentService({ db, terminal: rig.driver, kioskId: 'K1', terminalId: 'T1' }).pay({
    amountMinor: 4500,
    currency: 'EUR',
    reference: 'MA-PAR-E9',
  });
  if (!paid.ok) throw new Error('payment not approved');
  paymentId = paid.payment.id;
  const refunds = new RefundService({ db, terminal: rig.driver, kioskId: 'K1', terminalId: 'T1' });
  const print = (rid: string, o: { by: string; duplicate: boolean }) =>
    printRefundReceipt(
      {
        db,
        consulate: {
          code: 'FR-PAR',
          name: { ar: 'القنصلية العامة للمملكة المغربية بباريس', fr: 'Consulat général du Maroc à Paris' },
          timeZone: 'Europe/Paris',
        },
        printer: () => ({ service, model: 'epson-tm-t88vi', paperWidth: 80, nativeQr: false }),
      },
      rid,
      o,
    );
  app = Fastify();
  await app.register(
    paymentRoutes({ reconciler: new PaymentReconciler({ db, terminalId: 'T1', protocol: 'zvt' }), refunds, authorize, printRefundReceipt: print }),
    { prefix: '/api' },
  );
  await app.register(
    supervisorPaymentRoutes({
      db,
      timeZone: 'Europe/Paris',
      authorize,
      chooseMethod: (p) => refunds.chooseMethod(p, undefined),
      printRefundReceipt: print,
      reprintCardReceipt: async (id) => ({ printed: false, status: 404, detail: `payment ${id} has no card receipt` }),
    }),
    { prefix: '/api' },
  );
});
afterEach(async () => {
  await app.close();
  await service.close();
  await tcp.close();
  await rig.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const as = (user: string | null) => (user ? { 'x-test-user': user } : {});
const refund = (body: object, user = 'supervisor:amina') =>
  app.inject({ method: 'POST', url: `/api/payments/${paymentId}/refund`, payload: body, headers: as(user) });
const reprint = (rid: string, user: string | null = 'supervisor:amina', pid = paymentId) =>
  app.inject({ method: 'POST', url: `/api/payments/${pid}/refunds/${rid}/receipt/print`, headers: as(user) });
const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
const list = async (user = 'supervisor:amina') => app.inject({ method: 'GET', url: `/api/payments/refundable?from=${today}&to=${today}`, headers: as(user) });
const completeJobs = () => printer.jobs.filter((j) => j.complete);

describe('the refund receipt after a refund, and the refund desk', () => {
  it('prints the receipt of a done refund: original payment, amount, reason, who, the terminal lines, the refund id in the QR', async () => {
    const before = await list();
    expect(before.statusCode, before.body).toBe(200);
    expect((before.json() as RefundablePayments).payments).toMatchObject([
      { id: paymentId, amountMinor: 4500, leftMinor: 4500, method: 'reversal', reference: 'MA-PAR-E9', refunds: [] },
    ]);

    const r = await refund({ reason: 'service not delivered', amountMinor: 1500 });
    expect(r.statusCode, r.body).toBe(200);
    const answer = r.json() as { ok: boolean; refund: { id: string; method: string }; receipt: { printed: boolean; detail: string } };
    expect(answer).toMatchObject({ ok: true, outcome: 'refunded', refund: { method: 'refund' }, receipt: { printed: true } });
    const rid = answer.refund.id;

    const jobs = completeJobs();
    expect(jobs).toHaveLength(1);
    const text = jobs[0]!.lines.join('\n');
    expect(text).toContain('REÇU DE REMBOURSEMENT');
    expect(text).toMatch(/Montant payé +45,00 EUR/);
    expect(text).toMatch(/Montant remboursé +15,00 EUR/);
    expect(text).toMatch(/Réf\. eTimbre +MA-PAR-E9/);
    expect(text).toMatch(/Par +AMINA \(amina\)/);
    expect(text).toContain('service not delivered');
    expect(text).toMatch(/Reste acquis +30,00 EUR/);
    // The terminal's own refund receipt (06 D1), its card number masked.
    expect(text).toContain('REFUND APPROVED');
    expect(text).toMatch(/\*{6}\d{4}/);
    expect(text).not.toMatch(/\d{13}/);
    expect(decodePng(jobs[0]!.png).qr).toBe(rid);
    expect(db.prepare('SELECT kind, subject, state FROM print_jobs WHERE subject = ?').all(rid)).toEqual([
      { kind: 'receipt', subject: rid, state: 'confirmed' },
    ]);

    const after = (await list()).json() as RefundablePayments;
    expect(after.payments[0]).toMatchObject({
      leftMinor: 3000,
      refundedMinor: 1500,
      method: 'refund',
      refunds: [{ id: rid, state: 'refunded', receipt: { printed: true } }],
    });

    // Reprinted on request, marked as a duplicate.
    const again = await reprint(rid);
    expect(again.statusCode, again.body).toBe(200);
    expect(completeJobs()).toHaveLength(2);
    expect(completeJobs()[1]!.lines.join('\n')).toContain('DUPLICATA');
  });

  it('a printer out of paper: the refund stays done, the answer says the receipt was not printed, a reprint prints it', async () => {
    printer.setFault('paper-out');
    const r = await refund({ reason: 'fee charged twice' });
    expect(r.statusCode, r.body).toBe(200);
    const answer = r.json() as { ok: boolean; refund: { id: string }; receipt: { printed: boolean; detail: string } };
    expect(answer).toMatchObject({ ok: true, outcome: 'refunded', fullyRefunded: true, refund: { method: 'reversal' }, receipt: { printed: false } });
    expect(answer.receipt.detail).toMatch(/not printed.*paper-out.*reprint/);
    expect(getRefund(db, answer.refund.id)?.state).toBe('refunded');
    expect(completeJobs()).toHaveLength(0);

    const refused = await reprint(answer.refund.id);
    expect(refused.statusCode).toBe(503);
    printer.setFault('paper-out', false);
    const again = await reprint(answer.refund.id);
    expect(again.statusCode, again.body).toBe(200);
    const text = completeJobs()[0]!.lines.join('\n');
    expect(text).toContain("REÇU D'ANNULATION");
    // The first receipt that came out is the original, not a duplicate.
    expect(text).not.toContain('DUPLICATA');
    expect(text).toContain('Paiement entièrement remboursé : eTimbre annulé');
    const events = db.prepare("SELECT payload FROM events WHERE kind = 'refund.receipt-printed' ORDER BY id").all() as Array<{ payload: string }>;
    expect(events.map((e) => (JSON.parse(e.payload) as { printed: boolean }).printed)).toEqual([false, false, true]);
  });

  it('is for supervisors; a refund of another payment or one that gave nothing back has no receipt', async () => {
    expect((await list('technician:tom')).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: `/api/payments/refundable?from=${today}&to=2000-01-01`, headers: as('supervisor:amina') })).statusCode).toBe(
      400,
    );
    rig.sim.setScenario('decline');
    const declined = await refund({ reason: 'wrong service', amountMinor: 1000 });
    expect(declined.json()).toMatchObject({ ok: false, outcome: 'declined' });
    const rid = refundsOf(db, paymentId)[0]!.id;
    expect(declined.json()).not.toHaveProperty('receipt');
    expect((await reprint(rid, 'technician:tom')).statusCode).toBe(403);
    expect((await reprint(rid, 'supervisor:amina', 'P-OTHER-1')).statusCode).toBe(404);
    const r = await reprint(rid);
    expect(r.statusCode).toBe(409);
    expect(r.json()).toMatchObject({ reason: 'not-refunded' });
    expect(completeJobs()).toHaveLength(0);
    expect((await app.inject({ method: 'POST', url: `/api/payments/${paymentId}/card-receipt/print`, headers: as('supervisor:amina') })).statusCode).toBe(404);
  });
});
