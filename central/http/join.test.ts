import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { CentralDb } from '../db/db';
import { buildCentralApp } from './app';
import { centralJoinRoutes } from './join';

// One piece: the join route's guards before any database work (test/central/central-trust.test.ts runs it whole).
let app: FastifyInstance;
beforeAll(async () => {
  app = await buildCentralApp({ db: {} as CentralDb, version: 'test', plugins: [centralJoinRoutes({ joinsPerMinute: { perAddress: 3, all: 100 } })] });
});
afterAll(() => app?.close());

const join = (remoteAddress: string, payload: unknown) => app.inject({ method: 'POST', url: '/api/central/join', payload: payload as object, remoteAddress });

describe('POST /api/central/join guards', () => {
  it('refuses a body that is not { code, postId } and a code that is not one, saying why', async () => {
    const noPost = await join('10.0.0.1', { code: 'X' });
    expect(noPost.statusCode).toBe(400);
    expect(noPost.json()).toMatchObject({ reason: 'bad-body' });
    const bad = await join('10.0.0.1', { code: 'not a code', postId: 'FR-PAR' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ reason: 'bad-code', error: expect.stringMatching(/40 letters and digits/) });
  });

  it('limits join attempts per address (429 with Retry-After); another address is not held back', async () => {
    const body = { code: 'not a code', postId: 'FR-PAR' };
    for (let i = 0; i < 3; i++) expect((await join('10.0.0.2', body)).statusCode).toBe(400);
    const limited = await join('10.0.0.2', body);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toMatch(/^\d+$/);
    expect(limited.json()).toMatchObject({ reason: 'rate-limited' });
    expect((await join('10.0.0.3', body)).statusCode).toBe(400);
  });

  it('hello without a credential is 401, saying how to join', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/central/hello' });
    expect(r.statusCode).toBe(401);
    expect(r.json()).toMatchObject({ reason: 'no-credential', error: expect.stringMatching(/kiosk central join --url/) });
  });
});
