import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { gunzipSync } from 'node:zlib';
import { makeCa, makeServerCert } from '../../shared/x509';
import { createPeerLink } from './peer-link';

interface Seen {
  headers: IncomingMessage['headers'];
  body: Buffer;
}
const seen: Seen[] = [];
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ headers: req.headers, body: Buffer.concat(chunks) });
      if (req.url === '/refuse') {
        res.writeHead(403, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ error: 'post FR-PAR was revoked', reason: 'revoked' }));
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

describe('createPeerLink', () => {
  it('gzips request bodies when asked (content-encoding: gzip), and not otherwise', async () => {
    const doc = { events: Array.from({ length: 50 }, (_, i) => ({ id: i })) };
    const zipped = createPeerLink({ url: base, peer: 'the central service', self: 'post FR-PAR', credential: 'c'.repeat(43), gzip: true });
    const plain = createPeerLink({ url: base, peer: 'the central service', self: 'post FR-PAR', credential: 'c'.repeat(43) });
    try {
      seen.length = 0;
      expect(await zipped.request('POST', '/in', doc)).toMatchObject({ ok: true, status: 200 });
      expect(seen[0]!.headers['content-encoding']).toBe('gzip');
      expect(seen[0]!.headers.authorization).toBe(`Bearer ${'c'.repeat(43)}`);
      expect(JSON.parse(gunzipSync(seen[0]!.body).toString('utf8'))).toEqual(doc);
      expect(Number(seen[0]!.headers['content-length'])).toBe(seen[0]!.body.length);
      await plain.request('POST', '/in', doc);
      expect(seen[1]!.headers['content-encoding']).toBeUndefined();
      expect(JSON.parse(seen[1]!.body.toString('utf8'))).toEqual(doc);
    } finally {
      zipped.close();
      plain.close();
    }
  });

  it("names the peer and the caller in its failures: refused, unreachable, another server's certificate", async () => {
    const link = createPeerLink({ url: base, peer: 'the central service', self: 'post FR-PAR', credential: 'c'.repeat(43) });
    try {
      expect(await link.request('GET', '/refuse')).toMatchObject({
        ok: false,
        reason: 'refused',
        status: 403,
        detail: 'the central service refused post FR-PAR: post FR-PAR was revoked',
      });
    } finally {
      link.close();
    }
    const gone = createPeerLink({ url: 'http://127.0.0.1:1', peer: 'the central service', self: 'post FR-PAR', credential: 'c'.repeat(43) });
    expect(await gone.request('GET', '/x')).toMatchObject({
      ok: false,
      reason: 'unreachable',
      detail: expect.stringMatching(/cannot reach the central service at/),
    });
    gone.close();

    const now = new Date();
    const ca = await makeCa({ name: 'one CA', now });
    const other = await makeCa({ name: 'another CA', now });
    const cert = await makeServerCert({ ca: other, hosts: ['127.0.0.1'], now });
    const tls: HttpsServer = createHttpsServer({ key: cert.keyPem, cert: cert.certPem }, (_q, s) => s.end('{}'));
    await new Promise<void>((r) => tls.listen(0, '127.0.0.1', r));
    const pinned = createPeerLink({
      url: `https://127.0.0.1:${(tls.address() as { port: number }).port}`,
      peer: 'the central service',
      self: 'post FR-PAR',
      credential: 'c'.repeat(43),
      caPem: ca.certPem,
    });
    try {
      expect(await pinned.request('GET', '/x')).toMatchObject({
        ok: false,
        reason: 'certificate',
        detail: expect.stringMatching(/is not the central service \(/),
      });
    } finally {
      pinned.close();
      await new Promise((r) => tls.close(r));
    }
  });

  it('sends a request once more on a fresh connection when a kept-alive socket turns out stale (reset on reuse)', async () => {
    let connections = 0;
    const perSocket = new WeakMap<object, number>();
    const flaky = createServer((req, res) => {
      const n = (perSocket.get(req.socket) ?? 0) + 1;
      perSocket.set(req.socket, n);
      // The first connection's second request meets a socket the server has dropped (as after its keep-alive timeout).
      if (connections === 1 && n === 2) return void req.socket.resetAndDestroy();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ n }));
    });
    flaky.on('connection', () => connections++);
    await new Promise<void>((r) => flaky.listen(0, '127.0.0.1', r));
    const link = createPeerLink({
      url: `http://127.0.0.1:${(flaky.address() as { port: number }).port}`,
      peer: 'the central service',
      self: 'post FR-PAR',
      credential: 'c'.repeat(43),
    });
    try {
      expect(await link.request('POST', '/events', { id: 1 })).toMatchObject({ ok: true, body: { n: 1 } });
      expect(await link.request('POST', '/events', { id: 2 })).toMatchObject({ ok: true, body: { n: 1 } });
      expect(connections).toBe(2);
    } finally {
      link.close();
      await new Promise((r) => flaky.close(r));
    }
  });
});
