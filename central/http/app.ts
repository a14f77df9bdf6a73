// The central service's HTTP application (issue 16): the posts' API under /api/central/, the ministry's pages.
// Features register as plugins given the pool and the post authentication; `https` is the central identity's
// key and certificate (HTTPS for posts), absent in unit tests that speak plain HTTP.
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { CentralHealth } from '../../shared/central-api';
import type { CentralDb } from '../db/db';
import { centralSchemaVersion } from '../db/migrations';
import { postAuth, type PostAuth } from './post-auth';

export interface CentralAppDeps {
  db: CentralDb;
  auth: PostAuth;
  now: () => Date;
}

export interface CentralAppOptions {
  db: CentralDb;
  version: string;
  https?: { key: string; cert: string };
  /** Largest request body in bytes (event batches are bounded by the ingest route itself). */
  bodyLimit?: number;
  now?: () => Date;
  plugins?: ReadonlyArray<(deps: CentralAppDeps) => FastifyPluginAsync>;
}

export async function buildCentralApp(o: CentralAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: o.bodyLimit ?? 8 * 1024 * 1024,
    ...(o.https ? { https: { key: o.https.key, cert: o.https.cert } } : {}),
  }) as unknown as FastifyInstance;
  const deps: CentralAppDeps = { db: o.db, auth: postAuth(o.db, { now: o.now }), now: o.now ?? (() => new Date()) };
  app.get('/api/central/health', async () => {
    const schema = await centralSchemaVersion(o.db);
    return CentralHealth.parse({ ok: true, service: 'central', version: o.version, schema });
  });
  for (const plugin of o.plugins ?? []) await app.register(plugin(deps));
  return app;
}
