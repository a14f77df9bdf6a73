// Reception check-in at a counter over HTTP against the real daemon (issue 18 item 5): only an agent signed in at a
// counter on the counter page; the day's list searched by number; a typed code looked up and checked in with the fee
// recorded; a second check-in refused with the ticket the visitor has; a forged code refused by name.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningDaemon } from '../../server/daemon';
import { sampleConfig, startTestDaemon } from '../support/daemon';
import { tempDir } from '../support/tmp';
import { issue } from '../appointment/fixtures';
import { codeFromTokenId } from '../../domain/appointment';

const MIN = 60_000;
let daemon: RunningDaemon | undefined;
let dir: { dir: string; cleanup: () => void };
beforeEach(() => {
  dir = tempDir('reception-http-');
});
afterEach(async () => {
  await daemon?.close();
  daemon = undefined;
  dir.cleanup();
});

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

async function call(cookie: string, method: 'GET' | 'POST', path: string, body?: unknown, page = 'counter'): Promise<Answer> {
  const res = await fetch(`${daemon!.url}/api/${path}`, {
    method,
    headers: { 'x-kiosk-app': page, cookie, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function signIn(page: string, pin: string, counter?: string): Promise<string> {
  const res = await fetch(`${daemon!.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-kiosk-app': page },
    body: JSON.stringify({ pin, ...(counter ? { counter } : {}) }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return String(res.headers.get('set-cookie')).split(';')[0]!;
}

const id = (n: number) => Uint8Array.from([0x50 + n, 9, 8, 7, 6, 5, 4, 3]);
const token = (n: number, appointmentId: string, persons = 1) => {
  const slot = Date.now() + 10 * MIN;
  return issue({ tokenId: id(n), appointmentId, persons, slotStart: new Date(slot), notBefore: new Date(slot - 60 * MIN), expires: new Date(slot + 30 * MIN) });
};

describe('reception check-in at a counter, over HTTP', () => {
  it('is for an agent signed in at a counter on the counter page', async () => {
    daemon = await startTestDaemon(dir.dir);
    expect((await call('', 'GET', 'reception/day')).status).toBe(401);
    expect((await call('', 'POST', 'reception/check-in', { code: 'X' })).status).toBe(401);
    // The supervisor page's session is not the counter page's.
    const sofia = await signIn('supervisor', '3333');
    expect((await call(sofia, 'POST', 'reception/lookup', { code: 'X' })).status).toBe(401);
    // A supervisor on the counter page without a counter: the check-in would name no counter.
    const atNoCounter = await signIn('counter', '3333');
    expect(await call(atNoCounter, 'GET', 'reception/day')).toMatchObject({ status: 409, body: { reason: 'no-counter' } });
  });

  it('finds by number and code, checks in with the fee paid at the counter, refuses twice and forged codes by name', async () => {
    const t1 = await token(1, 'R-201', 2);
    const t2 = await token(2, 'R-202');
    daemon = await startTestDaemon(dir.dir, { appointments: { ...sampleConfig().appointments, dayTokens: [t1, t2] } });
    const amina = await signIn('counter', '1111', '1');

    const all = await call(amina, 'GET', 'reception/day');
    expect(all.status).toBe(200);
    expect((all.body.appointments as Array<{ appointmentId: string }>).map((a) => a.appointmentId)).toEqual(['R-201', 'R-202']);
    const found = await call(amina, 'GET', 'reception/day?q=r201');
    expect(found.body.appointments).toEqual([expect.objectContaining({ appointmentId: 'R-201', status: 'expected', code: codeFromTokenId(id(1)) })]);

    const code = codeFromTokenId(id(1));
    // Passport: 860 MAD × 0.093 = 79.98 EUR a person, two persons.
    expect(await call(amina, 'POST', 'reception/lookup', { code })).toMatchObject({
      status: 200,
      body: { appointment: { appointmentId: 'R-201', persons: 2, services: ['passport'] }, fee: { amountMinor: 15996, currency: 'EUR' } },
    });

    expect(await call(amina, 'POST', 'reception/check-in', { code, fee: { kind: 'exempt', reason: ' ' } })).toMatchObject({
      status: 400,
      body: { reason: 'exempt-reason-required' },
    });
    const done = await call(amina, 'POST', 'reception/check-in', { code, fee: { kind: 'paid', reference: 'TPE-778812' } });
    expect(done).toMatchObject({ status: 201, body: { ticket: { service: 'passport' }, fee: { kind: 'paid', reference: 'TPE-778812', amountMinor: 15996 } } });
    const ticket = done.body.ticket as { id: string; number: string };
    expect(ticket.number).toMatch(/^C/);
    expect(daemon.ctx.queue.ticketDetail(ticket.id)).toMatchObject({ ok: true, detail: { ticket: { kind: 'appointment', state: 'waiting', persons: 2 } } });

    // The list says so; a second check-in (here, or the same QR at the kiosk) is refused with the ticket given.
    const after = await call(amina, 'GET', 'reception/day?q=R-201');
    expect(after.body.appointments).toEqual([expect.objectContaining({ status: 'arrived', kioskId: 'counter:1' })]);
    expect(await call(amina, 'POST', 'reception/check-in', { code: t1, fee: { kind: 'paid', reference: 'TPE-1' } })).toMatchObject({
      status: 409,
      body: { reason: 'already-checked-in', kioskId: 'counter:1', ticket: ticket.number },
    });

    const tampered = t2.slice(0, -4) + (t2.at(-4) === 'A' ? 'B' : 'A') + t2.slice(-3);
    const forged = await call(amina, 'POST', 'reception/lookup', { code: tampered });
    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect(forged.body.reason).toMatch(/^(bad-signature|malformed)$/);
    expect(await call(amina, 'POST', 'reception/lookup', { code: 'ZZZ-ZZZ-ZZZ' })).toMatchObject({
      body: { reason: expect.stringMatching(/^(bad-code|unknown-code)$/) },
    });
  });
});
