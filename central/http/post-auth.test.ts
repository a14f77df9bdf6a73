import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, type TestDatabase } from '../../test/support/postgres';
import { openCentralDb, type CentralDb } from '../db/db';
import { loadCentralMigrations, migrateCentral } from '../db/migrations';
import { ensurePost, revokePost, setPostCredential } from '../db/posts';
import { buildCentralApp } from './app';
import { credentialHash } from './post-auth';

let tdb: TestDatabase;
let db: CentralDb;
let app: FastifyInstance;

beforeAll(async () => {
  tdb = await createTestDatabase('auth');
  const opened = await openCentralDb({ url: tdb.url });
  if (!opened.ok) throw new Error(opened.detail);
  db = opened.db;
  await migrateCentral(db);
  app = await buildCentralApp({
    db,
    version: 'test',
    plugins: [
      ({ auth }) =>
        async (a) => {
          a.get('/api/central/whoami', async (req, reply) => {
            const who = await auth(req);
            return who.ok ? { postId: who.postId } : reply.code(who.status).send({ error: who.detail, reason: who.reason });
          });
        },
    ],
  });
});
afterAll(async () => {
  await app?.close();
  await db?.end();
  await tdb?.drop();
});

describe('central service: a post is known by its credential', () => {
  it('health says the schema version', async () => {
    const r = await app.inject({ url: '/api/central/health' });
    expect(r.json()).toMatchObject({ ok: true, service: 'central', schema: loadCentralMigrations().length });
  });

  it('no credential, an unknown one, a revoked post: refused with what to do; a good one: the post', async () => {
    expect((await app.inject({ url: '/api/central/whoami' })).json()).toMatchObject({ reason: 'no-credential' });
    await ensurePost(db, 'FR-PAR');
    await setPostCredential(db, 'FR-PAR', credentialHash('s'.repeat(43)), new Date());
    const as = (c: string) => app.inject({ url: '/api/central/whoami', headers: { authorization: `Bearer ${c}` } });
    expect((await as('x'.repeat(43))).statusCode).toBe(401);
    expect((await as('s'.repeat(43))).json()).toEqual({ postId: 'FR-PAR' });
    await revokePost(db, 'FR-PAR', 'PC stolen', new Date());
    const revoked = await as('s'.repeat(43));
    expect(revoked.statusCode).toBe(403);
    expect(revoked.json().error).toMatch(/revoked .* \(PC stolen\): enrol it again/);
  });
});
