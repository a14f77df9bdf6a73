// Registers one declared route (shared/routes/): the method and path come from the declaration, the params,
// query and body are parsed with its zod schemas before the handler runs, and the handler's answer is typed
// from its response schemas. Order, as every handler had it by hand: guard (who may call) → params → query → body.
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import type { WebSocket } from 'ws';
import type { z } from 'zod';
import type { BodyOf, ParamsOf, QueryOf, ResponseIn, RouteDecl } from '../../shared/routes/index';

type Part = 'params' | 'query' | 'body';

/** A refusal to send: status and body (the project's `{ error, hint? }`, or the route's own shape). */
export interface Refuse {
  status: number;
  body: object;
}

/** "field: what is wrong; other: …" — the field names in a 400, as the pages and tests expect. */
export const issuesText = (e: z.ZodError, whole = 'body'): string => e.issues.map((i) => `${i.path.join('.') || whole}: ${i.message}`).join('; ');

/** The default answer to bad input. */
export const notRight = (e: z.ZodError): Refuse => ({ status: 400, body: { error: `the request is not right: ${issuesText(e)}`, reason: 'invalid' } });

export interface Input<D extends RouteDecl, U> {
  req: FastifyRequest;
  reply: FastifyReply;
  user: U;
  params: ParamsOf<D>;
  query: QueryOf<D>;
  body: BodyOf<D>;
}

export type Handler<D extends RouteDecl, U> = (input: Input<D, U>) => Promise<ResponseIn<D> | FastifyReply>;

export interface RouteOptions<U> {
  /** Runs first; answers the refusal itself (401, 403, 409…) and returns null. */
  guard?: (req: FastifyRequest, reply: FastifyReply) => U | null | Promise<U | null>;
  /** The answer to bad params, query or body, where the route words it its own way (default: notRight). */
  invalid?: Partial<Record<Part, (e: z.ZodError) => Refuse>>;
  /** Fastify's own route options (bodyLimit, rate limits, preHandler, websocket). */
  fastify?: RouteShorthandOptions & { websocket?: boolean };
}

/** The declared path under the plugin's /api prefix. */
const local = (d: RouteDecl) => d.path.slice('/api'.length);

export function route<const D extends RouteDecl, U = undefined>(app: FastifyInstance, decl: D, opts: RouteOptions<U>, handler: Handler<D, U>): void;
export function route<const D extends RouteDecl>(app: FastifyInstance, decl: D, handler: Handler<D, undefined>): void;
export function route<const D extends RouteDecl, U>(app: FastifyInstance, decl: D, a: RouteOptions<U> | Handler<D, U>, b?: Handler<D, U>): void {
  const opts = typeof a === 'function' ? {} : a;
  const handler = (typeof a === 'function' ? a : b) as Handler<D, U>;
  const parts: Array<[Part, z.ZodType | undefined, (req: FastifyRequest) => unknown]> = [
    ['params', decl.params, (req) => req.params],
    ['query', decl.query, (req) => req.query],
    ['body', decl.body, (req) => req.body ?? {}],
  ];
  app.route({
    ...opts.fastify,
    method: decl.method,
    url: local(decl),
    handler: async (req, reply) => {
      let user = undefined as U;
      if (opts.guard) {
        const who = await opts.guard(req, reply);
        if (who === null) return reply;
        user = who;
      }
      const input: Record<Part, unknown> = { params: {}, query: {}, body: undefined };
      for (const [part, schema, read] of parts) {
        if (!schema) continue;
        const r = schema.safeParse(read(req));
        if (!r.success) {
          const refuse = (opts.invalid?.[part] ?? notRight)(r.error);
          return reply.code(refuse.status).send(refuse.body);
        }
        input[part] = r.data;
      }
      return handler({ req, reply, user, ...(input as Pick<Input<D, U>, Part>) });
    },
  });
}

/** A declared WebSocket route: the upgrade's handler gets the socket. */
export function socketRoute(app: FastifyInstance, decl: RouteDecl & { websocket: true }, onSocket: (socket: WebSocket, req: FastifyRequest) => void): void {
  app.get(local(decl), { websocket: true }, onSocket);
}
