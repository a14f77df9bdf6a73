import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { request } from 'node:http';
import { HealthResponse, ServerPush } from '../../shared/api';
import { startTestDaemon } from '../support/daemon';
import { tempDir } from '../support/tmp';
import type { RunningDaemon } from '../../server/daemon';

let daemon: RunningDaemon;
let cleanup: () => void;

beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  daemon = await startTestDaemon(t.dir);
});
afterAll(async () => {
  await daemon.close();
  cleanup();
});

/** Raw HTTP so the test controls Host and Origin exactly (fetch forbids setting Host). */
function raw(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((res, rej) => {
    const req = request({ host: '127.0.0.1', port: daemon.port, path, headers }, (r) => {
      let body = '';
      r.setEncoding('utf8')
        .on('data', (d: string) => (body += d))
        .on('end', () => res({ status: r.statusCode ?? 0, body }));
    });
    req.on('error', rej);
    req.end();
  });
}

/** The next push of the given type (other pushes, such as kiosk screen updates, are skipped). */
function nextMessage(ws: WebSocket, type?: ServerPush['type']): Promise<ServerPush> {
  return new Promise((res) => {
    const on = (d: unknown) => {
      const msg = ServerPush.parse(JSON.parse(String(d)));
      if (type && msg.type !== type) return;
      ws.off('message', on);
      res(msg);
    };
    ws.on('message', on);
  });
}

describe('daemon HTTP API', () => {
  it('answers /api/health with the simulated printer, terminal and scanner', async () => {
    const res = await fetch(`${daemon.url}/api/health`);
    expect(res.status).toBe(200);
    const body = HealthResponse.parse(await res.json());
    expect(body.ok).toBe(true);
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(body.devices.map((d) => [d.id, d.kind, d.simulated]).sort()).toEqual([
      ['printer', 'printer', true],
      ['scanner', 'scanner', true],
      ['terminal', 'terminal', true],
    ]);
  });

  it('serves the four pages with a strict CSP', async () => {
    for (const path of ['/', '/counter', '/board', '/diagnostics']) {
      const res = await fetch(`${daemon.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
      expect(await res.text()).toMatch(/<script type="module"/);
    }
  });

  it('refuses a foreign Origin and a rebinding Host with a clear reason', async () => {
    const foreign = await raw('/api/health', { host: `127.0.0.1:${daemon.port}`, origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.body).error).toMatch(/foreign site/);
    const rebound = await raw('/api/health', { host: `evil.example:${daemon.port}` });
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body).error).toMatch(/not this kiosk's address/);
    const same = await raw('/api/health', { host: `localhost:${daemon.port}`, origin: `http://localhost:${daemon.port}` });
    expect(same.status).toBe(200);
  });

  it('answers unknown API paths with a JSON 404 naming the path', async () => {
    const res = await fetch(`${daemon.url}/api/nope`);
    expect(res.status).toBe(404);
    expect((await res.json()).error).toMatch(/GET \/api\/nope/);
  });
});

describe('daemon WebSocket', () => {
  it('greets with the devices and pushes every device change', async () => {
    const ws = new WebSocket(`${daemon.url.replace('http', 'ws')}/api/ws`, { origin: daemon.url });
    const hello = await nextMessage(ws, 'hello');
    expect(hello.type).toBe('hello');
    const next = nextMessage(ws, 'devices');
    daemon.ctx.devices.report('printer', 'error', 'paper out');
    const push = await next;
    expect(push.type === 'devices' && push.devices.find((d) => d.id === 'printer')).toMatchObject({ status: 'error', detail: 'paper out' });
    daemon.ctx.devices.report('printer', 'ok', 'virtual printer, paper loaded');
    ws.close();
  });

  it('refuses an upgrade from a foreign Origin', async () => {
    const ws = new WebSocket(`${daemon.url.replace('http', 'ws')}/api/ws`, { origin: 'http://evil.example' });
    // No client-side cleanup on purpose: the daemon itself must drop the refused socket, or close() hangs.
    const status = await new Promise<number>((res) => ws.on('unexpected-response', (_req, r) => res(r.statusCode ?? 0)));
    expect(status).toBe(403);
  });
});
