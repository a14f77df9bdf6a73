// The pages' client: URL from the declaration, the page's X-Kiosk-App, answers parsed with the declared
// schema, failures as values. fetch and location are stubbed: this is a unit test of the client alone
// (the e2e tests drive it against the real daemon).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

type Seen = { url: string; init: RequestInit };
let seen: Seen[] = [];
const answer = (status: number, body: unknown) => async (url: string, init: RequestInit) => {
  seen.push({ url, init });
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
};

async function client(pathname: string, fetchImpl: (url: string, init: RequestInit) => Promise<Response>) {
  vi.resetModules();
  vi.stubGlobal('location', { pathname });
  vi.stubGlobal('fetch', fetchImpl);
  return import('./api');
}

beforeEach(() => {
  seen = [];
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const view = {
  counter: { id: '1', name: '1', services: [] },
  user: { id: 'amina', name: 'Amina', role: 'staff' },
  paused: false,
  current: null,
  currentNext: null,
  waiting: [],
  waitingCount: 0,
  services: [],
  noShowAfterRecalls: 2,
  held: [],
  priorityRequests: [],
};

describe('renderer/lib/api.ts', () => {
  it('fills the declared path and query, names the page, sends JSON, parses the answer', async () => {
    const { api } = await client('/counter', answer(200, view));
    const r = await api('recall', { body: { ticketId: 't1' } });
    expect(r).toMatchObject({ ok: true, status: 200, body: { counter: { id: '1' } } });
    expect(seen[0]!.url).toBe('/api/queue/counter/recall');
    expect(seen[0]!.init).toMatchObject({ method: 'POST', credentials: 'same-origin', body: '{"ticketId":"t1"}' });
    expect(seen[0]!.init.headers).toMatchObject({ 'x-kiosk-app': 'counter', 'content-type': 'application/json' });

    const { api: diag } = await client('/diagnostics', answer(200, { file: null, lines: [], message: 'no log yet' }));
    await diag('logs', { query: { lines: '200', device: 'printer' } });
    expect(seen[1]!.url).toBe('/api/diagnostics/logs?lines=200&device=printer');
    expect(seen[1]!.init.headers).toMatchObject({ 'x-kiosk-app': 'diagnostics' });
  });

  it("the kiosk page ('/') names itself kiosk; path params are encoded", async () => {
    const { api, linkTo } = await client('/', answer(200, { ok: true }));
    await api('event', { body: { type: 'TOUCH' } });
    expect(seen[0]!.init.headers).toMatchObject({ 'x-kiosk-app': 'kiosk' });
    expect(linkTo('closePdf', { params: { id: 7 } })).toBe('/api/reports/day/close/7/report.pdf');
    expect(linkTo('journalCsv', { params: { file: 'a b.csv' } })).toBe('/api/diagnostics/journal/a%20b.csv');
  });

  it("a refusal's reason is the daemon's sentence (message, else error); its whole answer is kept", async () => {
    const { api } = await client('/counter', answer(409, { error: 'a ticket is already called: finish it first', reason: 'busy' }));
    expect(await api('callNext', { body: {} })).toMatchObject({
      ok: false,
      status: 409,
      reason: 'a ticket is already called: finish it first',
      body: { reason: 'busy' },
    });
    const { api: diag } = await client('/diagnostics', answer(409, { ok: false, message: 'a payment is running on the terminal' }));
    expect(await diag('deviceMode', { params: { id: 'terminal' }, body: { mode: 'sim' } })).toMatchObject({
      ok: false,
      reason: 'a payment is running on the terminal',
    });
  });

  it('an unreachable daemon is status 0, and an answer of the wrong shape is a failure naming the route', async () => {
    const { api, UNREACHABLE } = await client('/counter', async () => {
      throw new TypeError('Failed to fetch');
    });
    const down = await api('me');
    expect(down).toMatchObject({ ok: false, status: UNREACHABLE });
    expect(!down.ok && down.reason).toMatch(/cannot be reached \(Failed to fetch\)/);
    const { api: odd } = await client('/counter', answer(200, { user: 'nobody' }));
    const r = await odd('me');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/^unexpected answer from \/api\/auth\/me: user/);
  });
});
