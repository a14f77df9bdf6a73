import type { FastifyReply } from 'fastify';
import type { QueueFailure } from './service';

const STATUS: Record<QueueFailure['reason'], number> = {
  'unknown-service': 400,
  invalid: 400,
  'unknown-counter': 400,
  'not-found': 404,
  exhausted: 409,
  paused: 409,
  busy: 409,
  empty: 409,
  idle: 409,
  'wrong-state': 409,
  'not-this-counter': 409,
  stale: 409,
  'recalls-needed': 409,
  'same-service': 409,
};

export function sendFailure(reply: FastifyReply, f: QueueFailure) {
  return reply.code(STATUS[f.reason]).send({ error: f.detail, reason: f.reason });
}
