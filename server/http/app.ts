import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../log';
import { assertDeclared, recordRoutes } from './declared';
import { checkRequest, type HostPolicy } from './host-check';
import { apiRoutes, type ApiDeps } from './routes';

export const UI_DIR = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));
const PAGES: Record<string, string> = {
  '/': 'index.html',
  '/counter': 'counter.html',
  '/board': 'board.html',
  '/diagnostics': 'diagnostics.html',
  '/reports': 'reports.html',
  '/supervisor': 'supervisor.html',
};

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; " +
  "media-src 'self' data: blob:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

export async function buildApp(
  ctx: ApiDeps & { log: Logger },
  policy: HostPolicy,
  uiDir = UI_DIR,
  plugins: FastifyPluginAsync[] = [],
  /** A post hub serves HTTPS with the post's certificate (server/post/hub-parts.ts). */
  https: { key: string; cert: string } | null = null,
): Promise<FastifyInstance> {
  // Typed as the plain-HTTP instance: routes and hooks do not depend on the transport.
  const app = Fastify({
    ...(https ? { https } : {}),
    loggerInstance: ctx.log.child({ part: 'http' }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 256 * 1024,
    forceCloseConnections: true,
  }) as unknown as FastifyInstance;

  // Runs for every request, including the WebSocket upgrade, before any route.
  app.addHook('onRequest', async (req, reply) => {
    const refusal = checkRequest(policy, req.headers.host, req.headers.origin);
    if (refusal) {
      ctx.log.warn({ host: req.headers.host, origin: req.headers.origin, url: req.url }, 'request refused: ' + refusal);
      return reply.code(403).send({ error: refusal });
    }
  });
  // A refused WebSocket upgrade has no HTTP keep-alive to return to: close its socket, or it lingers.
  app.addHook('onResponse', async (req, reply) => {
    if (req.headers.upgrade && reply.statusCode !== 101) req.raw.socket.destroy();
  });
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('Content-Security-Policy', CSP);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('X-Frame-Options', 'DENY');
    return payload;
  });
  app.setErrorHandler((err: { statusCode?: number; message: string }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) req.log.error({ err }, 'unhandled error');
    return reply.code(status).send({ error: status === 500 ? 'internal error; see the daemon log' : err.message });
  });

  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  const registered = recordRoutes(app);
  await app.register(apiRoutes(ctx), { prefix: '/api' });
  for (const p of plugins) await app.register(p, { prefix: '/api' });
  assertDeclared(registered);

  if (!existsSync(uiDir)) throw new Error(`the UI is not built (${uiDir} is missing): run "npm run build:ui" (npm start does it)`);
  await app.register(fastifyStatic, { root: uiDir, index: false, wildcard: true });
  for (const [path, file] of Object.entries(PAGES)) app.get(path, (_req, reply) => reply.type('text/html').sendFile(file));
  app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: `nothing at ${req.method} ${req.url}` }));
  return app;
}
