// /api/openapi.json: an OpenAPI 3.1 document of every route, generated from the declarations in
// shared/routes/, so it cannot drift from what the routes parse and answer.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { Routes, type Binary, type RouteDecl } from '../../shared/routes/index';
import { STAFF_APPS } from '../auth/cookie';
import { route } from './route';

const STATUS_TEXT: Record<number, string> = {
  101: 'switching to the WebSocket',
  200: 'OK',
  201: 'created',
  202: 'accepted',
  400: 'the request is not right (the message names the field)',
  401: 'not signed in, wrong PIN, or the session ended',
  403: 'signed in with a role that may not do this, or from the wrong page',
  404: 'no such thing',
  409: 'not possible in the current state (the message says why and what to do)',
  429: 'too many attempts: wait and try again',
  502: 'the device did not do it (the message says why)',
  503: 'the service is not running in this daemon',
};

function schema(s: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

const isBinary = (r: z.ZodType | Binary): r is Binary => 'binary' in r;
/** Fastify's `:id` is OpenAPI's `{id}`. */
export const openApiPath = (path: string) => path.replace(/:([A-Za-z_]\w*)/g, '{$1}');
/** The cookie security scheme of one staff page. */
const scheme = (app: string) => `session_${app}`;

function parameters(d: RouteDecl): unknown[] {
  const of = (s: z.ZodType | undefined, where: 'path' | 'query') => {
    if (!s) return [];
    const js = schema(s, 'input') as { properties?: Record<string, unknown>; required?: string[] };
    return Object.entries(js.properties ?? {}).map(([name, sch]) => ({
      name,
      in: where,
      required: where === 'path' || (js.required ?? []).includes(name),
      schema: sch,
    }));
  };
  return [...of(d.params, 'path'), ...of(d.query, 'query')];
}

function operation(d: RouteDecl): Record<string, unknown> {
  const responses: Record<string, unknown> = {};
  for (const [status, r] of Object.entries(d.responses)) {
    const description = STATUS_TEXT[Number(status)] ?? 'see the message';
    if (d.websocket) responses[status] = { description };
    else if (isBinary(r)) responses[status] = { description, content: { [r.binary]: { schema: { type: 'string', format: 'binary' } } } };
    else responses[status] = { description, content: { 'application/json': { schema: schema(r, 'output') } } };
  }
  const params = parameters(d);
  // Roles without a page: any staff page's session will do (each page has its own cookie).
  const pages = d.page ? [d.page] : STAFF_APPS;
  return {
    summary: d.summary,
    ...(params.length ? { parameters: params } : {}),
    ...(d.roles ? { security: pages.map((p) => ({ [scheme(p)]: [] })), 'x-roles': d.roles } : {}),
    ...(d.body ? { requestBody: { required: true, content: { 'application/json': { schema: schema(d.body, 'input') } } } } : {}),
    ...(d.websocket ? { 'x-websocket': true } : {}),
    responses,
  };
}

export function openApiDocument(version: string, routes: Readonly<Record<string, RouteDecl>> = Routes): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [name, d] of Object.entries(routes)) {
    const p = (paths[openApiPath(d.path)] ??= {});
    p[d.method.toLowerCase()] = { operationId: name, ...operation(d) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Consulate kiosk — daemon API',
      version,
      description:
        'Every route of the daemon, generated from shared/routes/. Staff pages send X-Kiosk-App naming themselves and use their own session cookie. ' +
        'Changes are announced over /api/ws (e.g. {"type":"changed","topic":"queue"}); pages then re-read. ' +
        'Refusals are {"error": "what was wrong and what to do", …}.',
    },
    components: {
      securitySchemes: Object.fromEntries(
        STAFF_APPS.map((app) => [scheme(app), { type: 'apiKey', in: 'cookie', name: `staff_${app}`, description: `the session of the /${app} page` }]),
      ),
    },
    paths,
  };
}

/**
 * The document is built on its first request: converting every route's zod schemas to JSON Schema took ≈100 ms
 * of the daemon's start for a page few ever read (issue 14, start-up). `build` is for tests.
 */
export function openApiRoute(version: string, build: typeof openApiDocument = openApiDocument): FastifyPluginAsync {
  let doc: Record<string, unknown> | undefined;
  return async (app) => {
    route(app, Routes.openapi, async () => (doc ??= build(version)));
  };
}
