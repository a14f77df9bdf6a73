// The posts' enrolment with the central service: POST /api/central/join (a one-time code from `kiosk central enrol`
// → the post's credential; no credential needed, rate-limited) and GET /api/central/hello (authenticated: the post
// as the central service knows it, its clock, its version); POST /api/central/status (authenticated: the post's time
// zone when it changed since the join). As the hub's server/post/trust/routes.ts for kiosks.
import { createJoinLimiter, DEFAULT_JOIN_LIMITS, type JoinLimits } from '../../domain/enrolment/join-limiter';
import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { CentralHello, CentralJoinAnswer, CentralJoinBody, CentralPostStatus } from '../../shared/central-api';
import { parseEnrolmentCode, pinMatches, secretHash } from '../../shared/enrolment-code';
import { pemFingerprint } from '../../shared/x509';
import { setPostTimeZone } from '../db/dashboard';
import { redeemEnrolmentCode } from '../db/enrolment';
import type { CentralAppDeps } from './app';
import { credentialHash } from './post-auth';

/** A join body is a code and a post id: a few dozen bytes (inflated, if sent gzipped). */
const JOIN_BODY_LIMIT = 1024;

export interface CentralJoinOptions {
  /** Join attempts per minute from one address (default 10) and from all together (default 60). */
  joinsPerMinute?: JoinLimits;
}

export function centralJoinRoutes(o: CentralJoinOptions = {}): (deps: CentralAppDeps) => FastifyPluginAsync {
  return (deps) => {
    const caFingerprint = deps.caPem ? pemFingerprint(deps.caPem) : null;
    const take = createJoinLimiter(o.joinsPerMinute ?? DEFAULT_JOIN_LIMITS, () => deps.now().getTime());
    return async (app) => {
      const refuse = (reply: FastifyReply, status: 400 | 403, reason: string, error: string) => reply.code(status).send({ error, reason });
      const again = (postId: string) => `ask the ministry for a new one (kiosk central enrol --post ${postId})`;

      app.post(
        '/api/central/join',
        {
          bodyLimit: JOIN_BODY_LIMIT,
          // Guessing codes: 72-bit secrets, and at most this many guesses a minute.
          onRequest: async (req: FastifyRequest, reply: FastifyReply) => {
            const r = take(req.ip);
            if (!r.ok) return reply.header('Retry-After', String(r.retryAfterSeconds)).code(429).send({ error: r.detail, reason: r.reason });
          },
        },
        async (req, reply) => {
          reply.header('Cache-Control', 'no-store');
          const body = CentralJoinBody.safeParse(req.body);
          if (!body.success) return refuse(reply, 400, 'bad-body', `a join is { code, postId }: ${body.error.issues[0]?.message}`);
          const parsed = parseEnrolmentCode(body.data.code);
          if (!parsed.ok) return refuse(reply, 400, 'bad-code', parsed.detail);
          if (caFingerprint && !pinMatches(parsed.code, caFingerprint))
            return refuse(
              reply,
              403,
              'other-central',
              'this code was made by another central service, or before this one was re-initialised: ' + again(body.data.postId),
            );
          const credential = randomBytes(32).toString('base64url');
          const r = await redeemEnrolmentCode(deps.db, {
            secretHash: secretHash(parsed.code.secret),
            postId: body.data.postId,
            credentialHash: credentialHash(credential),
            at: deps.now(),
          });
          if (r.ok) {
            // The post's zone makes its "today" on the network page (a post of an earlier version sends none: UTC's).
            if (body.data.timeZone) await setPostTimeZone(deps.db, r.postId, body.data.timeZone);
            return CentralJoinAnswer.parse({ postId: r.postId, credential });
          }
          switch (r.reason) {
            case 'unknown':
              return refuse(reply, 403, 'unknown-code', `the central service did not issue this code, or revoked its post since: ${again(body.data.postId)}`);
            case 'other-post':
              return refuse(
                reply,
                403,
                'other-post',
                `this code was issued for post ${r.postId}, and this post is ${body.data.postId} (its config's consulate.code): ` +
                  `run the join on post ${r.postId}, or ${again(body.data.postId)}`,
              );
            case 'used':
              return refuse(reply, 403, 'used-code', `this code was already used at ${r.at} (post ${r.postId}); a code joins once: ${again(r.postId)}`);
            case 'expired':
              return refuse(reply, 403, 'expired-code', `this code for post ${r.postId} expired at ${r.at}: ${again(r.postId)}`);
          }
        },
      );

      app.get('/api/central/hello', async (req, reply) => {
        reply.header('Cache-Control', 'no-store');
        const who = await deps.auth(req);
        if (!who.ok) return reply.code(who.status).send({ error: who.detail, reason: who.reason });
        return CentralHello.parse({ postId: who.postId, centralTime: deps.now().toISOString(), version: deps.version });
      });

      // A post whose consulate.timeZone changed after it joined says so here.
      app.post('/api/central/status', { bodyLimit: JOIN_BODY_LIMIT }, async (req, reply) => {
        reply.header('Cache-Control', 'no-store');
        const who = await deps.auth(req);
        if (!who.ok) return reply.code(who.status).send({ error: who.detail, reason: who.reason });
        const body = CentralPostStatus.safeParse(req.body);
        if (!body.success) return refuse(reply, 400, 'bad-body', `a status is { timeZone }: ${body.error.issues[0]?.message}`);
        await setPostTimeZone(deps.db, who.postId, body.data.timeZone);
        return { ok: true };
      });
    };
  };
}
