// /api/auth/login, /logout, /me. The session token travels only in the HttpOnly cookie.
import type { FastifyPluginAsync } from 'fastify';
import { LoginBody, Me } from '../../shared/queue-api';
import type { Auth } from './auth';
import { clearedCookie, sessionCookie } from './cookie';
import { badBody } from '../queue/http';

export function authRoutes(auth: Auth): FastifyPluginAsync {
  return async (app) => {
    app.post('/auth/login', async (req, reply) => {
      const body = LoginBody.safeParse(req.body ?? {});
      if (!body.success) return badBody(reply, body.error);
      const r = await auth.login(body.data);
      if (!r.ok) {
        const status = r.reason === 'locked' ? 429 : r.reason === 'unknown-counter' || r.reason === 'counter-required' ? 400 : 401;
        if (r.retryAfterSeconds) reply.header('Retry-After', String(r.retryAfterSeconds));
        return reply.code(status).send({ error: r.message, reason: r.reason, ...(r.retryAfterSeconds ? { retryAfterSeconds: r.retryAfterSeconds } : {}) });
      }
      reply.header('Set-Cookie', sessionCookie(r.token, auth.sessionSeconds));
      reply.header('Cache-Control', 'no-store');
      return Me.parse({ user: r.session.user, counter: r.session.counter ?? null, expiresAt: new Date(r.session.expiresAt).toISOString() });
    });

    app.post('/auth/logout', async (req, reply) => {
      auth.logout(auth.tokenOf(req));
      reply.header('Set-Cookie', clearedCookie());
      return { ok: true };
    });

    app.get('/auth/me', async (req, reply) => {
      const s = auth.session(req);
      reply.header('Cache-Control', 'no-store');
      if (!s) return reply.code(401).send({ error: 'not signed in', reason: 'signed-out' });
      return Me.parse({ user: s.user, counter: s.counter ?? null, expiresAt: new Date(s.expiresAt).toISOString() });
    });
  };
}
