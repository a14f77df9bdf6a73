// Every /api route the app registers must be declared in shared/routes/: the daemon refuses to start
// otherwise, so a route can never miss its schemas, the OpenAPI document or the pages' client.
import type { FastifyInstance } from 'fastify';
import { Routes } from '../../shared/routes/index';

export interface Registered {
  method: string;
  url: string;
}

const key = (method: string, url: string) => `${method} ${url}`;
const DECLARED = new Set(Object.values(Routes).map((r) => key(r.method, r.path)));

/** Starts recording the routes registered on `app` from now on (Fastify's onRoute hook); read the list later. */
export function recordRoutes(app: FastifyInstance): Registered[] {
  const seen: Registered[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) if (method !== 'HEAD') seen.push({ method, url: r.url });
  });
  return seen;
}

/** The /api routes among `registered` that shared/routes/ does not declare. */
export function undeclared(registered: readonly Registered[]): Registered[] {
  return registered.filter((r) => r.url.startsWith('/api/') && !DECLARED.has(key(r.method, r.url)));
}

/** Throws (a programming error, found by any test that builds the app) when an /api route is not declared. */
export function assertDeclared(registered: readonly Registered[]): void {
  const missing = undeclared(registered);
  if (missing.length)
    throw new Error(
      `routes without a declaration in shared/routes/: ${missing.map((r) => key(r.method, r.url)).join(', ')} — ` +
        'declare each (method, path, schemas) and register it with server/http/route.ts',
    );
}
