import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJournal, type Db } from '../../store/db';
import { getPayment, recordIntent, transition } from '../../store/payments';
import { PaymentReconciler } from './reconcile';
import { paymentRoutes, type AuthorizeResult, type PaymentRole } from './routes';
import { recordNoAnswer } from './terminal-answer';

let dir: string;
let db: Db;
let app: FastifyInstance;
const asked: Array<readonly PaymentRole[]> = [];

// The header stands in for a session: "supervisor:amina" is signed in, anything else is not.
function authorize(req: { headers: Record<string, unknown> }, roles: readonly PaymentRole[]): AuthorizeResult {
  asked.push(roles);
  const h = req.headers['x-test-user'];
  if (typeof h !== 'string') return { ok: false, status: 401, detail: 'sign in first' };
  const [role, id] = h.split(':') as [PaymentRole, string];
  if (!roles.includes(role)) return { ok: false, status: 403, detail: `${role} may not do this` };
  return { ok: true, user: { id, name: id.toUpperCase() } };
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'payroutes-'));
  db = openJournal(join(dir, 'j.sqlite'));
  for (const [id, amount] of [
    ['p-unk1', 1250],
    ['p-unk2', 500],
  ] as const) {
    recordIntent(db, { id, kioskId: 'K1', terminalId: 'T1', protocol: 'concert', amountMinor: amount, currency: 'EUR', reference: 'apt-1' });
    transition(db, id, 'sent', {}, 'service');
    transition(db, id, 'unknown', { reason: 'answer lost' }, 'service');
  }
  const reconciler = new PaymentReconciler({ db, terminalId: 'T1', protocol: 'concert' });
  app = Fastify();
  await app.register(paymentRoutes({ reconciler, authorize }), { prefix: '/api' });
  asked.length = 0;
});
afterEach(async () => {
  await app.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const SUP = { 'x-test-user': 'supervisor:amina' };

describe('payment routes', () => {
  it('lists pending payments with the lock state', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/payments/pending', headers: SUP });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.lock).toEqual({ state: 'locked-for-staff', paymentIds: ['p-unk1', 'p-unk2'] });
    expect(body.payments).toHaveLength(2);
    expect(body.payments[0]).toMatchObject({ id: 'p-unk1', state: 'unknown', amountMinor: 1250, currency: 'EUR', reason: 'answer lost' });
    expect(asked).toEqual([['supervisor', 'technician']]);
  });

  it.each([
    [{}, 401],
    [{ 'x-test-user': 'staff:karim' }, 403],
  ])('refuses %o with %d', async (headers, status) => {
    const list = await app.inject({ method: 'GET', url: '/api/payments/pending', headers });
    expect(list.statusCode).toBe(status);
    const settle = await app.inject({
      method: 'POST',
      url: '/api/payments/p-unk1/settle',
      headers,
      payload: { outcome: 'not-charged', reason: 'nothing in the journal' },
    });
    expect(settle.statusCode).toBe(status);
    expect(getPayment(db, 'p-unk1')!.state).toBe('unknown');
  });

  it('settles as approved with who, when and why, then unlocks when nothing is pending', async () => {
    const a = await app.inject({
      method: 'POST',
      url: '/api/payments/p-unk1/settle',
      headers: SUP,
      payload: { outcome: 'approved', authCode: '778899', reason: 'terminal journal 10:42' },
    });
    expect(a.statusCode).toBe(200);
    expect(a.json()).toMatchObject({
      payment: { id: 'p-unk1', state: 'settled_approved', authCode: '778899', settledBy: 'AMINA (amina)', settleReason: 'terminal journal 10:42' },
      lock: { state: 'locked-for-staff', paymentIds: ['p-unk2'] },
    });
    expect(getPayment(db, 'p-unk1')!.settledAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    const b = await app.inject({
      method: 'POST',
      url: '/api/payments/p-unk2/settle',
      headers: { 'x-test-user': 'technician:youssef' },
      payload: { outcome: 'not-charged', reason: 'no entry in the terminal journal' },
    });
    expect(b.statusCode).toBe(200);
    expect(b.json().lock).toEqual({ state: 'ready' });
    const list = await app.inject({ method: 'GET', url: '/api/payments/pending', headers: SUP });
    expect(list.json()).toEqual({ lock: { state: 'ready' }, payments: [] });
  });

  it.each([
    [{ outcome: 'approved', reason: 'journal' }, /authCode/],
    [{ outcome: 'approved', authCode: '  ', reason: 'journal' }, /authorisation code/],
    [{ outcome: 'not-charged' }, /reason/],
    [{ outcome: 'not-charged', reason: 'x' }, /say how you decided/],
    [{ outcome: 'refunded', reason: 'journal' }, /outcome/],
    [{ outcome: 'not-charged', reason: 'journal', by: 'someone else' }, /by/],
    ['not json', /outcome/],
  ])('rejects body %o with 400', async (payload, why) => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/payments/p-unk1/settle',
      headers: { ...SUP, 'content-type': 'application/json' },
      payload: typeof payload === 'string' ? JSON.stringify(payload) : payload,
    });
    expect(r.statusCode).toBe(400);
    expect(JSON.stringify(r.json())).toMatch(why);
    expect(getPayment(db, 'p-unk1')!.state).toBe('unknown');
  });

  it('answers 404 for an unknown id, 409 for a payment that is not unknown, 400 for a malformed id', async () => {
    const body = { outcome: 'not-charged', reason: 'nothing in the journal' };
    expect((await app.inject({ method: 'POST', url: '/api/payments/p-none/settle', headers: SUP, payload: body })).statusCode).toBe(404);
    await app.inject({ method: 'POST', url: '/api/payments/p-unk1/settle', headers: SUP, payload: body });
    const again = await app.inject({
      method: 'POST',
      url: '/api/payments/p-unk1/settle',
      headers: SUP,
      payload: { outcome: 'approved', authCode: '1', reason: 'changed my mind' },
    });
    expect(again.statusCode).toBe(409);
    expect(getPayment(db, 'p-unk1')!.state).toBe('settled_not_charged');
    expect((await app.inject({ method: 'POST', url: '/api/payments/a%20b/settle', headers: SUP, payload: body })).statusCode).toBe(400);
  });

  it('refuses "not charged" with 409 while the terminal has not answered, shows it as still working, and accepts it forced', async () => {
    // p-unk1 as a ZVT payment the restarted kiosk asked about, while the terminal was busy.
    recordNoAnswer(db, 'p-unk1', 'status enquiry: terminal busy (card inserted)', new Date('2026-12-01T10:00:00Z'));
    const list = await app.inject({ method: 'GET', url: '/api/payments/pending', headers: SUP });
    expect(list.json().lock).toMatchObject({
      state: 'locked-for-staff',
      terminalWorking: [{ id: 'p-unk1', since: '2026-12-01T10:00:00.000Z', detail: expect.stringMatching(/busy/) }],
    });
    const refused = await app.inject({
      method: 'POST',
      url: '/api/payments/p-unk1/settle',
      headers: SUP,
      payload: { outcome: 'not-charged', reason: 'nothing in the journal' },
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatch(/has not answered.*force it with a reason/);
    expect(getPayment(db, 'p-unk1')!.state).toBe('unknown');
    const forced = await app.inject({
      method: 'POST',
      url: '/api/payments/p-unk1/settle',
      headers: SUP,
      payload: { outcome: 'not-charged', force: true, reason: 'terminal replaced, old journal shows nothing' },
    });
    expect(forced.statusCode).toBe(200);
    expect(forced.json().payment).toMatchObject({
      state: 'settled_not_charged',
      settleReason: 'forced while the terminal had not answered: terminal replaced, old journal shows nothing',
    });
  });
});
