// The queue's HTTP API through the real app builder (host checks, CSP) and a real socket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BoardView, CounterView, IssuedTicket, Me } from '../../shared/queue-api';
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
const get = (path: string, cookie?: string) => fetch(h.url + path, { headers: cookie ? { cookie } : {} });

describe('queue API', () => {
  it('signs in with counter + PIN: HttpOnly, SameSite=Strict cookie; me; logout', async () => {
    const bad = await post('/api/auth/login', null, { counter: '1', pin: '9999' });
    expect(bad.status).toBe(401);
    const res = await post('/api/auth/login', null, { counter: '1', pin: '1111' });
    expect(res.status).toBe(200);
    const set = res.headers.get('set-cookie')!;
    expect(set).toMatch(/^staff_counter=[A-Za-z0-9_-]{43}; Path=\/api; HttpOnly; SameSite=Strict; Max-Age=36000$/);
    const cookie = set.split(';')[0]!;
    expect(Me.parse(await (await get('/api/auth/me', cookie)).json())).toMatchObject({ user: { id: 'amina' }, counter: '1' });
    expect((await post('/api/auth/logout', cookie)).status).toBe(200);
    expect((await get('/api/auth/me', cookie)).status).toBe(401);
  });

  it('staff routes need a session; the board does not', async () => {
    expect((await get('/api/queue/counter')).status).toBe(401);
    expect((await post('/api/queue/counter/call-next', null)).status).toBe(401);
    expect((await post('/api/queue/tickets', null, { service: 'passport' })).status).toBe(401);
    expect((await get('/api/queue/board')).status).toBe(200);
    const tech = await post('/api/auth/login', null, { pin: '4444' });
    const cookie = tech.headers.get('set-cookie')!.split(';')[0]!;
    expect((await get('/api/queue/counter', cookie)).status).toBe(403);
  });

  it('issue → counter list → call next → board, with a "changed" push for each change', async () => {
    const cookie = await signIn(h, '2', '1111');
    const ws = new WebSocket(`ws://127.0.0.1:${h.port}/api/ws`);
    const pushes: unknown[] = [];
    ws.on('message', (d) => pushes.push(JSON.parse(String(d))));
    await new Promise((r) => ws.once('open', r));
    const issued = await post('/api/queue/tickets', cookie, { service: 'passport', persons: 2, lang: 'ar' });
    expect(issued.status).toBe(201);
    const t = IssuedTicket.parse(await issued.json()).ticket;
    expect(t.label).toMatch(/^C-\d{3}$/);
    const view = CounterView.parse(await (await get('/api/queue/counter', cookie)).json());
    expect(view.waiting.map((w) => w.ticket.id)).toContain(t.id);
    const called = CounterView.parse(await (await post('/api/queue/counter/call-next', cookie)).json());
    expect(called.current?.id).toBe(t.id);
    const board = BoardView.parse(await (await get('/api/queue/board')).json());
    expect(board.current).toMatchObject({ label: t.label, counter: '2' });
    await new Promise((r) => setTimeout(r, 100));
    expect(pushes.filter((p) => JSON.stringify(p) === '{"type":"changed","topic":"queue"}').length).toBeGreaterThanOrEqual(2);
    ws.close();
    const again = await post('/api/queue/counter/call-next', cookie);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ reason: 'busy' });
    const stale = await post('/api/queue/counter/finish', cookie, { ticketId: 'not-this-one' });
    expect(await stale.json()).toMatchObject({ reason: 'stale' });
    expect((await post('/api/queue/counter/finish', cookie, { ticketId: t.id })).status).toBe(200);
    const detail = (await (await get(`/api/queue/tickets/${encodeURIComponent(t.id)}`, cookie)).json()) as { events: Array<{ kind: string; actor: string }> };
    expect(detail.events.map((e) => [e.kind, e.actor])).toEqual([
      ['issued', 'amina'],
      ['called', 'amina'],
      ['finished', 'amina'],
    ]);
  });

  it('bad bodies are 400 naming the field', async () => {
    const cookie = await signIn(h, '1', '1111');
    const r = await post('/api/queue/tickets', cookie, { service: 'passport', persons: 99 });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: string }).error).toMatch(/persons/);
    const t = await post('/api/queue/counter/transfer', cookie, {});
    expect(((await t.json()) as { error: string }).error).toMatch(/service/);
  });

  it('serves an OpenAPI 3.1 document of the routes, built from the schemas', async () => {
    const doc = (await (await get('/api/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/auth/login', '/api/queue/board', '/api/queue/counter/call-next', '/api/queue/counter/transfer', '/api/queue/tickets/{id}']),
    );
    expect(Object.keys(doc.paths['/api/queue/tickets']!.post!.requestBody!.content['application/json']!.schema.properties)).toEqual(
      expect.arrayContaining(['service', 'kind', 'slot', 'priority', 'persons', 'lang']),
    );
  });

  it('a foreign Origin is refused before the queue routes (DNS rebinding)', async () => {
    const r = await fetch(h.url + '/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://evil.example' },
      body: JSON.stringify({ counter: '1', pin: '1111' }),
    });
    expect(r.status).toBe(403);
  });
});
