// /api/auth/login, /logout, /me, and the supervisor's /sessions (list, revoke). The session token travels only in the HttpOnly cookie of the page that
// signed in. Sign-in is bounded three ways: a 1 KB body, requests per address (@fastify/rate-limit,
// before the body is read) and for everyone, and wrong PINs (Auth's counters).
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { Me } from '../../shared/queue-api';
import { Routes } from '../../shared/routes/index';
import { route } from '../http/route';
import type { Auth } from './auth';
import { sessionView as view, type SessionUser } from './sessions';
import { callerOf } from './caller';
import { clearedCookie, sessionCookie, STAFF_APPS } from './cookie';

export const LOGIN_BODY_LIMIT = 1024;
/** Sign-in requests (right or wrong) per minute: per address, and from all addresses together. */
export const LOGIN_REQUESTS_PER_ADDRESS = 30;
export const LOGIN_REQUESTS_ALL = 300;

const tooMany = (after: string) => Object.assign(new Error(`too many sign-in attempts; try again in ${after}`), { statusCode: 429 });

export function authRoutes(auth: Auth): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onClose', async () => auth.close());
    await app.register(rateLimit, {
      global: false,
      cache: 10_000, // its LRU of addresses: bounded memory whatever the number of clients
      errorResponseBuilder: (_req, ctx) => tooMany(ctx.after),
      onExceeded: (req) => auth.refused(req.ip, 'rate-limited'),
    });
    const everyone = app.createRateLimit({ max: LOGIN_REQUESTS_ALL, timeWindow: 60_000, keyGenerator: () => 'everyone' });

    route(
      app,
      Routes.login,
      {
        // Staff sign in on their own page; the kiosk screen's calls never open a staff session.
        guard: (req, reply) => {
          const caller = callerOf(req);
          if (caller.kind !== 'public-page' && caller.kind !== 'unmarked-page') return caller;
          void reply.code(403).send({
            error: 'staff sign in on their own page (/counter, /diagnostics, /reports, /supervisor), never on the kiosk screen',
            reason: 'wrong-page',
          });
          return null;
        },
        fastify: {
          bodyLimit: LOGIN_BODY_LIMIT,
          config: { rateLimit: { max: LOGIN_REQUESTS_PER_ADDRESS, timeWindow: 60_000 } },
          // After the per-address limit (an onRequest hook): one flooding address must not use up everyone's share.
          preHandler: async (req, reply) => {
            const r = await everyone(req);
            if (!r.isAllowed && r.isExceeded) {
              auth.refused(req.ip, 'rate-limited');
              reply.header('Retry-After', String(r.ttlInSeconds));
              return reply.code(429).send({ error: `too many sign-in attempts on this kiosk; try again in ${r.ttlInSeconds} s`, reason: 'rate-limited' });
            }
          },
        },
      },
      async ({ req, reply, user: caller, body }) => {
        const r = await auth.login({ ...body, app: caller.kind === 'staff-page' ? caller.app : body.app, address: req.ip });
        if (!r.ok) {
          const status = r.reason === 'locked' ? 429 : r.reason === 'unknown-counter' ? 400 : 401;
          if (r.retryAfterSeconds) reply.header('Retry-After', String(r.retryAfterSeconds));
          return reply.code(status).send({ error: r.detail, reason: r.reason, ...(r.retryAfterSeconds ? { retryAfterSeconds: r.retryAfterSeconds } : {}) });
        }
        reply.header('Set-Cookie', sessionCookie(r.session.app, r.token, auth.sessionSeconds));
        reply.header('Cache-Control', 'no-store');
        return Me.parse({ user: r.session.user, counter: r.session.counter ?? null, expiresAt: new Date(r.session.expiresAt).toISOString() });
      },
    );

    // A staff page signs out of itself. The kiosk page (or a program) signs this browser out of every
    // staff page: the kiosk does it at its attract screen, so no staff session outlives a visit there.
    route(app, Routes.logout, async ({ req, reply }) => {
      const caller = callerOf(req);
      const apps = caller.kind === 'staff-page' ? [caller.app] : STAFF_APPS;
      const found = auth.tokensOf(req, apps);
      auth.logout(
        found.map((f) => f.token),
        caller.kind === 'public-page' ? 'kiosk-screen' : 'user',
      );
      if (found.length)
        reply.header(
          'Set-Cookie',
          found.map((f) => clearedCookie(f.app)),
        );
      return { ok: true as const };
    });

    route(app, Routes.me, async ({ req, reply }) => {
      const {
        sessions: [s],
        why,
        reason,
      } = auth.sessionsOf(req);
      reply.header('Cache-Control', 'no-store');
      if (!s) return reply.code(401).send({ error: why, reason });
      return Me.parse({ user: s.user, counter: s.counter ?? null, expiresAt: new Date(s.expiresAt).toISOString() });
    });

    const supervisor = (req: FastifyRequest, reply: FastifyReply): SessionUser | null => {
      const who = auth.authorize(req, ['supervisor']);
      if (who.ok) return who.user;
      void reply.code(who.status).send({ error: who.detail, reason: who.reason });
      return null;
    };

    route(app, Routes.sessions, { guard: supervisor }, async ({ reply }) => {
      reply.header('Cache-Control', 'no-store');
      return { sessions: auth.openSessions().map(view) };
    });

    route(
      app,
      Routes.revokeSession,
      { guard: supervisor, invalid: { params: () => ({ status: 404, body: { error: 'no such session: reload the list', reason: 'not-found' } }) } },
      async ({ reply, user, params, body }) => {
        const r = auth.revoke(params.id, user, body.reason);
        if (!r.ok) return reply.code(404).send({ error: r.detail, reason: r.reason });
        return { ok: true as const, session: view(r.session) };
      },
    );
  };
}
