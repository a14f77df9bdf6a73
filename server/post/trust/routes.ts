// The hub's enrolment and greeting routes for kiosks: POST /api/post/join (a one-time code → the kiosk's
// credential; no credential needed, rate-limited) and GET /api/post/hello (authenticated: the kiosk id as the
// hub knows it, the hub's clock for the kiosk's clock check, its version). Register with { prefix: '/api' }.
import { createJoinLimiter, DEFAULT_JOIN_LIMITS, type JoinLimits } from '../../../domain/enrolment/join-limiter';
import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../../store/db';
import { redeemEnrolmentCode } from '../../../store/post-kiosks';
import { HubHello, JoinAnswer } from '../../../shared/post-trust-api';
import { Routes } from '../../../shared/routes/index';
import { route } from '../../http/route';
import { kioskGuard, type KioskAuth } from '../kiosk-auth';
import { kioskAuth } from './auth';
import { parseEnrolmentCode, pinMatches, secretHash } from '../../../shared/enrolment-code';
import { pemFingerprint } from './fingerprint';

export interface PostTrustDeps {
  db: Db;
  /** The post CA's PEM (hubTlsOptions(dataDir).caPem); null on a plain-HTTP hub (insecureLan). */
  caPem: string | null;
  version: string;
  /** The hub's KioskAuth; default kioskAuth(db). Pass the daemon's one so "last seen" has one writer. */
  auth?: KioskAuth;
  /** Join attempts per minute from one address (default 10) and from all together (default 60). */
  joinsPerMinute?: JoinLimits;
  now?: () => Date;
}

const JOIN_BODY_LIMIT = 1024;

export function postTrustRoutes(deps: PostTrustDeps): FastifyPluginAsync {
  const now = deps.now ?? (() => new Date());
  const auth = deps.auth ?? kioskAuth(deps.db, { now });
  const caFingerprint = deps.caPem ? pemFingerprint(deps.caPem) : null;
  const take = createJoinLimiter(deps.joinsPerMinute ?? DEFAULT_JOIN_LIMITS, () => now().getTime());
  return async (app) => {
    const refuse = (reply: FastifyReply, status: 400 | 403, reason: string, error: string) => reply.code(status).send({ error, reason });

    route(
      app,
      Routes.postJoin,
      {
        fastify: {
          bodyLimit: JOIN_BODY_LIMIT,
          // Guessing codes: 72-bit secrets, and at most this many guesses a minute.
          onRequest: async (req: FastifyRequest, reply: FastifyReply) => {
            const r = take(req.ip);
            if (!r.ok) return reply.header('Retry-After', String(r.retryAfterSeconds)).code(429).send({ error: r.detail, reason: r.reason });
          },
        },
      },
      async ({ reply, body }) => {
        reply.header('Cache-Control', 'no-store');
        const parsed = parseEnrolmentCode(body.code);
        if (!parsed.ok) return refuse(reply, 400, 'bad-code', parsed.detail);
        if (caFingerprint && !pinMatches(parsed.code, caFingerprint))
          return refuse(reply, 403, 'other-post', "this code was made by another post's hub, or before this hub was re-initialised: ask for a new one");
        const credential = randomBytes(32).toString('base64url');
        const r = redeemEnrolmentCode(deps.db, { secretHash: secretHash(parsed.code.secret), credentialHash: secretHash(credential), at: now() });
        if (!r.ok) {
          if (r.reason === 'unknown')
            return refuse(
              reply,
              403,
              'unknown-code',
              'this hub did not issue this code, or revoked its kiosk since: ask for a new one (kiosk hub enrol --kiosk ID on the hub)',
            );
          const again = `ask for a new one (kiosk hub enrol --kiosk ${r.kioskId})`;
          return r.reason === 'used'
            ? refuse(reply, 403, 'used-code', `this code was already used at ${r.at} (kiosk ${r.kioskId}); a code joins once: ${again}`)
            : refuse(reply, 403, 'expired-code', `this code for kiosk ${r.kioskId} expired at ${r.at}: ${again}`);
        }
        return JoinAnswer.parse({ kioskId: r.kioskId, credential, caPem: deps.caPem });
      },
    );

    route(
      app,
      Routes.postHello,
      {
        guard: kioskGuard(auth),
      },
      async ({ reply, user }) => {
        reply.header('Cache-Control', 'no-store');
        return HubHello.parse({ kioskId: user, hubTime: now().toISOString(), version: deps.version });
      },
    );
  };
}
