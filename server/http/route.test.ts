// The handlers' types come from the declarations: `npm run typecheck` fails when a handler answers another
// shape or reads params/body as something else (each @ts-expect-error below must stay an error).
// At run time: the declared method and path, the guard before the input, the route's own wording of a 400.
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { Routes } from '../../shared/routes/index';
import { route } from './route';

describe('route(): a declared route', () => {
  it('registers the declared method and path, runs the guard first, parses the body with the declared schema', async () => {
    const app = Fastify();
    await app.register(
      async (api) => {
        route(
          api,
          Routes.resolve,
          {
            guard: (req, reply) => (req.headers.cookie ? { id: 'amina' } : (void reply.code(401).send({ error: 'sign in' }), null)),
            invalid: { body: (e) => ({ status: 400, body: { error: e.issues.map((i) => i.message).join('; ') } }) },
          },
          async ({ user, body }) => {
            expect(body.reason).toBe('ticket A-012 written by hand');
            expect(user.id).toBe('amina');
            return { ok: true as const };
          },
        );
        // Typing only (never called): a wrong answer or a wrong reading of the input does not compile.
        const never = (f: () => void) => f;
        never(() => {
          // @ts-expect-error the answer must be CheckinAlerts
          route(api, Routes.alerts, async () => ({ needsStaff: 'yes' }));
          route(api, Routes.settle, async ({ params }) => {
            // @ts-expect-error params.id is a string
            const n: number = params.id;
            void n;
            return { lock: { state: 'ready' as const }, payment: null as never };
          });
        });
      },
      { prefix: '/api' },
    );
    const post = (body: unknown, cookie?: string) =>
      app.inject({ method: 'POST', url: '/api/checkin/resolve', payload: body as object, headers: cookie ? { cookie } : {} });
    expect((await post({ reason: 'x' })).statusCode).toBe(401); // the guard answers before the body is read
    const bad = await post({ reason: 'x' }, 'c=1');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ error: 'say what was done, e.g. "ticket A-012 written by hand"' });
    const ok = await post({ reason: 'ticket A-012 written by hand' }, 'c=1');
    expect(ok.json()).toEqual({ ok: true });
    expect((await app.inject({ method: 'GET', url: '/api/checkin/resolve' })).statusCode).toBe(404);
    await app.close();
  });
});
