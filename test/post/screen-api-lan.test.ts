// Issue 15, item 1: with server.lan on (counters and the board on the LAN), the kiosk screen's API still
// answers only the kiosk PC. A LAN host is this machine's own non-loopback address: the daemon sees that
// address as the peer, exactly as it would see a counter PC's.
import { networkInterfaces } from 'node:os';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleConfig, startTestDaemon } from '../support/daemon';
import { tempDir } from '../support/tmp';
import type { RunningDaemon } from '../../server/daemon';

const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

let daemon: RunningDaemon;
let cleanup: () => void;
beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  // Plain HTTP on the LAN (post.insecureLan) keeps this test on fetch; the refusal does not depend on the transport.
  const base = sampleConfig();
  daemon = await startTestDaemon(t.dir, {
    server: { host: '0.0.0.0', port: 0, lan: true, allowedHosts: lanAddress ? [lanAddress] : [] },
    post: { ...base.post, insecureLan: true },
  });
});
afterAll(async () => {
  await daemon.close();
  cleanup();
});

const post = (base: string, body: object) =>
  fetch(`${base}/api/checkin/event`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('the kiosk screen API with server.lan on', () => {
  it('answers the kiosk PC itself', async () => {
    expect((await post(`http://127.0.0.1:${daemon.port}`, { type: 'TOUCH' })).status).toBe(202);
    expect((await fetch(`http://127.0.0.1:${daemon.port}/api/checkin`)).status).toBe(200);
  });

  it.runIf(lanAddress)('refuses a LAN host, saying who may use it, and the flow does not move', async () => {
    const base = `http://${lanAddress}:${daemon.port}`;
    const before = daemon.ctx.checkin.view().screen;
    const res = await post(base, { type: 'SELECT_LANGUAGE', language: 'fr' });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: string }).error).toMatch(/only the kiosk PC itself/);
    expect((await fetch(`${base}/api/checkin`)).status).toBe(403);
    expect(daemon.ctx.checkin.view().screen).toBe(before);
    // The LAN still reaches what counters and the board need.
    expect((await fetch(`${base}/api/queue/board`)).status).toBe(200);
  });

  it.runIf(lanAddress)('pushes the screen view to the kiosk PC only, not to a page on the LAN', async () => {
    const listen = (host: string) => {
      const ws = new WebSocket(`ws://${host}:${daemon.port}/api/ws`);
      const kinds: string[] = [];
      ws.on('message', (m) => kinds.push((JSON.parse(String(m)) as { type: string }).type));
      return { ws, kinds, open: new Promise((r) => ws.once('open', r)) };
    };
    const lan = listen(lanAddress!);
    const own = listen('127.0.0.1');
    await Promise.all([lan.open, own.open]);
    expect((await post(`http://127.0.0.1:${daemon.port}`, { type: 'BACK' })).status).toBe(202);
    const until = Date.now() + 10_000;
    while (!own.kinds.includes('checkin') && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(own.kinds).toContain('checkin');
    // The same broadcast round reached both sockets' hello; the LAN one got no screen view.
    expect(lan.kinds).toContain('hello');
    expect(lan.kinds).not.toContain('checkin');
    lan.ws.close();
    own.ws.close();
  });
});
