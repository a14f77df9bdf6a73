import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import type { CentralDb } from '../db/db';
import { buildCentralApp } from './app';

// One piece: the app's body decoding. The database is never reached by these routes.
let app: FastifyInstance;
const received: unknown[] = [];

beforeAll(async () => {
  app = await buildCentralApp({
    db: {} as CentralDb,
    version: 'test',
    gzip: { maxCompressed: 64 * 1024, maxInflated: 1024 * 1024 },
    plugins: [
      () => async (a) => {
        a.post('/api/central/test-echo', async (req) => {
          received.push(req.body);
          return { ok: true, body: req.body };
        });
        a.post('/api/central/test-small', { bodyLimit: 1000 }, async (req) => {
          received.push(req.body);
          return { ok: true };
        });
      },
    ],
  });
});
afterAll(() => app?.close());

const send = (payload: Buffer, encoding?: string, url = '/api/central/test-echo') =>
  app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json', ...(encoding ? { 'content-encoding': encoding } : {}) } });

describe('request bodies with content-encoding', () => {
  it('a gzip body is inflated before parsing; identity and no encoding pass as they are', async () => {
    const doc = { batch: Array.from({ length: 200 }, (_, i) => ({ id: i, kind: 'ticket.issued' })) };
    const r = await send(gzipSync(Buffer.from(JSON.stringify(doc))), 'gzip');
    expect(r.statusCode).toBe(200);
    expect(r.json().body).toEqual(doc);
    expect((await send(Buffer.from('{"a":1}'), 'identity')).json().body).toEqual({ a: 1 });
    expect((await send(Buffer.from('{"a":2}'))).json().body).toEqual({ a: 2 });
  });

  it('a zip bomb is refused with 413 and a clear message; the route never runs', async () => {
    received.length = 0;
    const bomb = gzipSync(Buffer.alloc(32 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const r = await send(bomb, 'gzip');
    expect(r.statusCode).toBe(413);
    expect(r.json()).toMatchObject({ reason: 'too-large', error: expect.stringMatching(/inflates to more than 1048576 bytes/) });
    expect(received).toEqual([]);
  });

  it("the route's own bodyLimit bounds the inflated body too", async () => {
    received.length = 0;
    const r = await send(gzipSync(Buffer.from(JSON.stringify({ pad: 'x'.repeat(5000) }))), 'gzip', '/api/central/test-small');
    expect(r.statusCode).toBe(413);
    expect(r.json()).toMatchObject({ reason: 'too-large', error: expect.stringMatching(/more than 1000 bytes/) });
    expect(received).toEqual([]);
  });

  it('a compressed body over its bound is refused with 413 before inflating', async () => {
    const noise = Buffer.from(Array.from({ length: 100 * 1024 }, (_, i) => (i * 7919) % 251));
    const r = await send(gzipSync(noise, { level: 0 }), 'gzip');
    expect(r.statusCode).toBe(413);
    expect(r.json()).toMatchObject({ reason: 'too-large', error: expect.stringMatching(/compressed body .*more than 65536 bytes/) });
  });

  it('another encoding is 415, a broken gzip stream 400', async () => {
    const br = await send(Buffer.from('{}'), 'br');
    expect(br.statusCode).toBe(415);
    expect(br.json()).toMatchObject({ reason: 'unsupported-encoding', error: expect.stringMatching(/content-encoding br .*gzip/) });
    const broken = await send(Buffer.from('not gzip at all'), 'gzip');
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toMatchObject({ reason: 'bad-encoding' });
  });
});
