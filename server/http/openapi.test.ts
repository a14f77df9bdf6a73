// /api/openapi.json is built from the route declarations on its first request, not at start (issue 14, start-up:
// converting every zod schema to JSON Schema was ≈100 ms of the daemon's start CPU).
import { describe, expect, it, vi } from 'vitest';
import Fastify from 'fastify';
import { openApiDocument, openApiRoute } from './openapi';

describe('openApiRoute', () => {
  it('builds the document on the first request, once, and serves what openApiDocument builds', async () => {
    const build = vi.fn(openApiDocument);
    const app = Fastify();
    await app.register(openApiRoute('9.9.9', build), { prefix: '/api' });
    await app.ready();
    expect(build).not.toHaveBeenCalled();
    const first = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    const second = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual(JSON.parse(JSON.stringify(openApiDocument('9.9.9'))));
    expect(second.body).toBe(first.body);
    expect(build).toHaveBeenCalledTimes(1);
    await app.close();
  });
});
