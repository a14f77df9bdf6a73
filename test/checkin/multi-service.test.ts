// A walk-in visit of several services over the real daemon (issue 18 item 8): a ZVT terminal simulator behind a pty
// pair and the virtual printer behind a TCP port (test/checkin/rig.ts). One payment of the total, one ticket routed
// through the services, a ticket and a receipt that list every service and fee, a journal that records all of them;
// a service that cannot be had today is named before anything is paid.
import { afterEach, describe, expect, it } from 'vitest';
import { startCheckinRig, type CheckinRig } from './rig';
import { backToAttract, view } from './page';
import type { CheckinView } from '../../shared/checkin-api';
import { appointmentQr } from './tokens';

let rig: CheckinRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const until = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 100 });

async function send(r: CheckinRig, body: object): Promise<void> {
  const res = await fetch(`${r.url}/api/checkin/event`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status, await res.text()).toBeLessThan(300);
}
const screen = async (r: CheckinRig) => (await view(r.url)).screen;
async function summaryOf(r: CheckinRig, services: string[]): Promise<CheckinView> {
  await backToAttract(r.url, (cmd) => r.daemon.ctx.checkin.send(cmd));
  for (const e of [{ type: 'TOUCH' }, { type: 'SELECT_LANGUAGE', language: 'fr' }, { type: 'WALK_IN' }, { type: 'SELECT_SERVICE', service: services[0] }])
    await send(r, e);
  await until(() => screen(r)).toMatch(/^summary/);
  for (const s of services.slice(1)) {
    await send(r, { type: 'ADD_SERVICE', service: s });
    await until(async () => (await view(r.url)).visit.services.includes(s) || (await view(r.url)).visit.problem !== null).toBe(true);
    await until(() => screen(r)).toMatch(/^summary/);
  }
  return view(r.url);
}

describe('a walk-in visit of several services on the daemon', () => {
  it('pays the total once, gets one routed ticket listing both services, a receipt with each fee, and the counter routes it on', async () => {
    rig = await startCheckinRig();
    const r = rig;
    const v = await summaryOf(r, ['passport', 'cnie']);
    expect(v.visit.services).toEqual(['passport', 'cnie']);
    const quote = v.visit.quote!;
    expect(quote.lines.map((l) => l.service)).toEqual(['passport', 'cnie']);
    expect(quote.totalMinor).toBe(quote.lines[0]!.totalMinor + quote.lines[1]!.totalMinor);
    await until(async () => (await view(r.url)).terminal.ready).toBe(true);
    await send(r, { type: 'CONFIRM' });
    await until(() => screen(r)).toBe('done');

    // One terminal transaction, for the total.
    expect(r.payments().filter((p) => p.state === 'approved')).toEqual([expect.objectContaining({ amount_minor: quote.totalMinor })]);
    expect(r.payments()).toHaveLength(1);

    // The ticket lists both services, numbered, Arabic lines drawn as raster; the receipt each fee and the total.
    const ticket = r.printer.jobs.find((j) => j.lines.some((l) => /^2\. Carte nationale \(CNIE\)$/.test(l)) && !j.lines.some((l) => /Reçu/.test(l)));
    expect(ticket, r.printer.jobs.map((j) => j.lines.join('\n')).join('\n---\n')).toBeDefined();
    expect(ticket!.lines).toContain('1. Passeport');
    expect(ticket!.rasterBands).toBeGreaterThan(0);
    const receipt = r.printer.jobs.find((j) => j.lines.some((l) => /Reçu de paiement/.test(l)))!;
    const text = receipt.lines.join('\n');
    expect(text).toMatch(/^Passeport × 1 +79,98 EUR$/m);
    expect(text).toMatch(/^Carte nationale \(CNIE\) × 1 +9,77 EUR$/m);
    expect(text).toMatch(/^TOTAL +89,75 EUR$/m);

    // The journal: the eTimbre reference names both services; the ticket's issued event carries the route.
    const ticketId = (await view(r.url)).visit.ticket!.id;
    const ref = r.events('etimbre.issued')[0]!.payload as { services: string[] };
    expect(ref.services).toEqual(['passport', 'cnie']);
    const issued = r.daemon.ctx.db.prepare("SELECT service, detail FROM queue_ticket_events WHERE ticket_id = ? AND kind = 'issued'").get(ticketId) as {
      service: string;
      detail: string;
    };
    expect([issued.service, JSON.parse(issued.detail).route]).toEqual(['passport', ['passport', 'cnie']]);

    // At the counters: finishing the passport (counter 3) sends the same number to the CNIE queue (counter 1).
    const q = r.daemon.ctx.queue;
    expect(q.callNext('3', { id: 'yusuf' })).toMatchObject({ ok: true, ticket: { id: ticketId } });
    expect(q.finish('3', { id: 'yusuf' })).toMatchObject({ ok: true, ticket: { id: ticketId, service: 'cnie', state: 'waiting' } });
    expect(q.callNext('1', { id: 'amina' })).toMatchObject({ ok: true, ticket: { id: ticketId, service: 'cnie' } });
    expect(q.finish('1', { id: 'amina' })).toMatchObject({ ok: true, ticket: { id: ticketId, state: 'done' } });
    expect(r.events('queue.ticket.transferred').at(-1)).toMatchObject({ subject: ticketId, payload: { from: 'passport', to: 'cnie', route: true } });
  }, 120_000);

  it('a service whose walk-in tickets are used up for the day is named on the summary and left out before paying', async () => {
    rig = await startCheckinRig({ checkin: { walkIns: { open: true, perService: { cnie: 1 } } } });
    const r = rig;
    const other = r.daemon.ctx.queue.issueTicket({ service: 'cnie', kind: 'walk-in', persons: 1, lang: 'fr' });
    expect(other.ok).toBe(true);
    const v = await summaryOf(r, ['passport', 'cnie']);
    expect(v.screen).toMatch(/^summary/);
    expect(v.visit.services).toEqual(['passport']);
    expect(v.visit.problem).toMatchObject({ code: 'walk-in-service-limit', detail: { service: 'cnie' } });
    expect(v.visit.quote!.lines.map((l) => l.service)).toEqual(['passport']);
    expect(r.payments()).toEqual([]);
  }, 120_000);

  it('an appointment whose token lists two services: one payment of both fees, one ticket in the appointment lane routed through both', async () => {
    rig = await startCheckinRig();
    const r = rig;
    await backToAttract(r.url, (cmd) => r.daemon.ctx.checkin.send(cmd));
    for (const e of [{ type: 'TOUCH' }, { type: 'SELECT_LANGUAGE', language: 'fr' }]) await send(r, e);
    await r.scan(await appointmentQr({ services: ['cnie', 'passport'], persons: 2 }));
    await until(() => screen(r)).toMatch(/^summary/);
    const v = await view(r.url);
    expect(v.visit.quote!.lines.map((l) => [l.service, l.persons])).toEqual([
      ['cnie', 2],
      ['passport', 2],
    ]);
    await until(async () => (await view(r.url)).terminal.ready).toBe(true);
    await send(r, { type: 'CONFIRM' });
    await until(() => screen(r)).toBe('done');
    expect(r.payments()).toEqual([expect.objectContaining({ state: 'approved', amount_minor: v.visit.quote!.totalMinor })]);
    const id = (await view(r.url)).visit.ticket!.id;
    const t = r.daemon.ctx.queue.ticketDetail(id);
    expect(t).toMatchObject({ ok: true, detail: { ticket: { service: 'cnie', kind: 'appointment' } } });
    // Counter 2 serves both: CNIE first (the token's order), then the same ticket comes back to it for the passport.
    const q = r.daemon.ctx.queue;
    expect(q.callNext('2', { id: 'amina' })).toMatchObject({ ok: true, ticket: { id } });
    expect(q.finish('2', { id: 'amina' })).toMatchObject({ ok: true, ticket: { id, service: 'passport', state: 'waiting', kind: 'appointment' } });
    expect(q.callNext('2', { id: 'amina' })).toMatchObject({ ok: true, ticket: { id, service: 'passport' } });
  }, 120_000);
});
