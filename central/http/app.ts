// The central service's HTTP application (issue 16): the posts' API under /api/central/, the ministry's pages.
// Features register as plugins given the pool and the post authentication; `https` is the central identity's
// key and certificate (HTTPS for posts), absent in unit tests that speak plain HTTP.
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { CentralHealth } from '../../shared/central-api';
import type { CentralDb } from '../db/db';
import { centralSchemaVersion } from '../db/migrations';
import { acceptGzipBodies, type GzipLimits } from './gzip';
import { bodyErrorHandler } from './gzip-errors';
import { postAuth, type PostAuth } from './post-auth';

export interface CentralAppDeps {
  db: CentralDb;
  auth: PostAuth;
  now: () => Date;
  /** The central CA's PEM (what enrolment codes pin); null on a plain-HTTP service (--insecure-http). */
  caPem: string | null;
  version: string;
}

export interface CentralAppOptions {
  db: CentralDb;
  version: string;
  /** The central identity (central/tls/identity.ts centralTlsOptions): key, served chain, and the CA posts pin. */
  https?: { key: string; cert: string; caPem?: string };
  /** Largest request body in bytes, inflated (event batches are bounded by the ingest route itself). */
  bodyLimit?: number;
  /** Log warnings and errors (kiosk central start); tests leave it off. */
  log?: boolean;
  /** Bounds of gzip request bodies (default: 2 MiB compressed, bodyLimit inflated). */
  gzip?: GzipLimits;
  now?: () => Date;
  plugins?: ReadonlyArray<(deps: CentralAppDeps) => FastifyPluginAsync>;
}

export async function buildCentralApp(o: CentralAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    // The service's own warnings and errors (a projection that failed) as JSON lines on stdout, for journald.
    logger: o.log ? { level: 'warn' } : false,
    bodyLimit: o.bodyLimit ?? 8 * 1024 * 1024,
    ...(o.https ? { https: { key: o.https.key, cert: o.https.cert } } : {}),
  }) as unknown as FastifyInstance;
  const deps: CentralAppDeps = {
    db: o.db,
    auth: postAuth(o.db, { now: o.now }),
    now: o.now ?? (() => new Date()),
    caPem: o.https?.caPem ?? null,
    version: o.version,
  };
  const bodyLimit = o.bodyLimit ?? 8 * 1024 * 1024;
  acceptGzipBodies(app, o.gzip ?? { maxCompressed: 2 * 1024 * 1024, maxInflated: bodyLimit });
  app.setErrorHandler(bodyErrorHandler);
  app.get('/api/central/health', async () => {
    const schema = await centralSchemaVersion(o.db);
    return CentralHealth.parse({ ok: true, service: 'central', version: o.version, schema });
  });
  for (const plugin of o.plugins ?? []) await app.register(plugin(deps));
  return app;
}
