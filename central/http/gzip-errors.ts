// The central app's refusals of a request body, as { error, reason } (what posts' links read): the bounds of
// gzip.ts, Fastify's own body limit and media type checks, and a broken gzip stream. Other errors keep Fastify's
// handling (a 5xx is logged, its detail not sent).
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { BodyRefused } from './gzip';

export function bodyErrorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof BodyRefused) return reply.code(err.statusCode).send({ error: err.message, reason: err.reason });
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return reply
      .code(413)
      .send({ error: `the request body is more than ${req.routeOptions.bodyLimit} bytes: nothing was stored; send smaller batches`, reason: 'too-large' });
  if (err.code?.startsWith('Z_'))
    return reply.code(400).send({ error: `the body is not valid gzip (${err.message}): nothing was stored`, reason: 'bad-encoding' });
  if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return reply.code(415).send({ error: err.message, reason: 'unsupported-media-type' });
  const status = err.statusCode ?? 500;
  if (status >= 500) {
    req.log.error({ err }, 'request failed');
    return reply.code(status).send({ error: 'the central service failed on this request; it is logged', reason: 'internal' });
  }
  return reply.code(status).send({ error: err.message, reason: err.code ?? 'bad-request' });
}
