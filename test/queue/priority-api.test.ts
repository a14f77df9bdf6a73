// Priority over the queue's HTTP API (issue 18 item 3), through the real app builder and a real socket: reception
// issues a ticket with a visitor's request, a counter confirms, declines or flags with the answer the fresh view.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CounterView, IssuedTicket } from '../../shared/queue-api';
import { signIn, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const post = (path: string, cookie: string | null, body: unknown = {}) =>
  fetch(h.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body) });

describe('priority over the API', () => {
  it('lists a request on the counters of its service, confirms it with who, refuses what has nothing to decide', async () => {
    expect((await post('/api/queue/counter/priority', null, { ticketId: 'x', decision: 'confirm' })).status).toBe(401);
    const one = await signIn(h, '1', '1111');
    const asked = IssuedTicket.parse(await (await post('/api/queue/tickets', one, { service: 'information', priorityRequest: 'elderly' })).json()).ticket;
    expect(asked).toMatchObject({ priority: null, priorityRequest: 'elderly' });
    const plain = IssuedTicket.parse(await (await post('/api/queue/tickets', one, { service: 'information' })).json()).ticket;

    const view = CounterView.parse(await (await fetch(h.url + '/api/queue/counter', { headers: { cookie: one } })).json());
    expect(view.priorityRequests.map((r) => r.ticket.id)).toEqual([asked.id]);
    // Counter 3 does not serve information: its console does not list the request.
    const three = await signIn(h, '3', '2222');
    expect(CounterView.parse(await (await fetch(h.url + '/api/queue/counter', { headers: { cookie: three } })).json()).priorityRequests).toEqual([]);

    const bad = await post('/api/queue/counter/priority', one, { ticketId: asked.id, decision: 'promote' });
    expect(bad.status).toBe(400);
    const nothing = await post('/api/queue/counter/priority', one, { ticketId: plain.id, decision: 'confirm' });
    expect([nothing.status, ((await nothing.json()) as { reason: string }).reason]).toEqual([400, 'invalid']);

    const confirmed = CounterView.parse(await (await post('/api/queue/counter/priority', one, { ticketId: asked.id, decision: 'confirm' })).json());
    expect(confirmed.priorityRequests).toEqual([]);
    expect(confirmed.waiting.find((w) => w.ticket.id === asked.id)!.ticket).toMatchObject({ priority: 'elderly', priorityRequest: null });
    const flagged = CounterView.parse(
      await (await post('/api/queue/counter/priority', one, { ticketId: plain.id, decision: 'flag', priority: 'children' })).json(),
    );
    expect(flagged.waiting.find((w) => w.ticket.id === plain.id)!.ticket.priority).toBe('children');
    const detail = (await (await fetch(h.url + `/api/queue/tickets/${encodeURIComponent(asked.id)}`, { headers: { cookie: one } })).json()) as {
      events: Array<{ kind: string; actor: string; counter: string | null }>;
    };
    expect(detail.events.map((e) => [e.kind, e.actor, e.counter])).toEqual([
      ['issued', 'amina', null],
      ['priority', 'amina', '1'],
    ]);
  });
});
