// Hold and recall of a parked ticket over the queue's HTTP API (issue 18 item 7), through the real app builder and a
// real socket: only the signed-in counter's own ticket, a reason required, answers are the fresh counter view.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BoardView, CounterView, IssuedTicket } from '../../shared/queue-api';
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

describe('hold and recall over the API', () => {
  it('holds the counter ticket with a reason, lists it on that counter only, and calls it back as a call', async () => {
    expect((await post('/api/queue/counter/hold', null, { reason: 'x' })).status).toBe(401);
    const one = await signIn(h, '1', '1111');
    const issued = IssuedTicket.parse(await (await post('/api/queue/tickets', one, { service: 'information' })).json()).ticket;
    expect((await post('/api/queue/counter/call', one, { ticketId: issued.id })).status).toBe(200);

    const noReason = await post('/api/queue/counter/hold', one, { ticketId: issued.id, reason: '  ' });
    expect(noReason.status).toBe(400);
    expect(((await noReason.json()) as { error: string }).error).toMatch(/reason/);
    const stale = await post('/api/queue/counter/hold', one, { ticketId: 'another', reason: 'fetching a photo' });
    expect([stale.status, ((await stale.json()) as { reason: string }).reason]).toEqual([409, 'stale']);

    const held = CounterView.parse(await (await post('/api/queue/counter/hold', one, { ticketId: issued.id, reason: 'fetching a photo' })).json());
    expect(held.current).toBeNull();
    expect(held.held).toEqual([
      expect.objectContaining({ ticket: expect.objectContaining({ id: issued.id, state: 'held' }), heldBy: 'amina', reason: 'fetching a photo' }),
    ]);

    // Another counter neither lists it nor calls it back.
    const three = await signIn(h, '3', '2222');
    expect(CounterView.parse(await (await fetch(h.url + '/api/queue/counter', { headers: { cookie: three } })).json()).held).toEqual([]);
    const elsewhere = await post('/api/queue/counter/recall-held', three, { ticketId: issued.id });
    expect([elsewhere.status, ((await elsewhere.json()) as { reason: string }).reason]).toEqual([409, 'not-this-counter']);

    const back = CounterView.parse(await (await post('/api/queue/counter/recall-held', one, { ticketId: issued.id })).json());
    expect(back.current).toMatchObject({ id: issued.id, label: issued.label, state: 'called', counter: '1' });
    expect(back.held).toEqual([]);
    const board = BoardView.parse(await (await fetch(h.url + '/api/queue/board')).json());
    expect(board.current).toMatchObject({ ticketId: issued.id, kind: 'called', counter: '1' });
    const detail = (await (await fetch(h.url + `/api/queue/tickets/${encodeURIComponent(issued.id)}`, { headers: { cookie: one } })).json()) as {
      events: Array<{ kind: string; actor: string }>;
    };
    expect(detail.events.map((e) => [e.kind, e.actor])).toEqual([
      ['issued', 'amina'],
      ['called', 'amina'],
      ['held', 'amina'],
      ['called', 'amina'],
    ]);
  });
});
