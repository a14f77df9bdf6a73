// What the hub's post routes ask of every request from a kiosk: whose credential it carries. The
// implementation (credential store, revocation) is server/post/trust/; routes only depend on this type.
import type { FastifyReply, FastifyRequest } from 'fastify';

export type KioskAuthResult = { ok: true; kioskId: string } | { ok: false; status: 401 | 403; reason: 'no-credential' | 'unknown' | 'revoked'; detail: string };

export type KioskAuth = (req: FastifyRequest) => KioskAuthResult;

/** The route guard of every /api/post route a kiosk calls: its id, or the refusal answered (401/403, what to do). */
export function kioskGuard(auth: KioskAuth): (req: FastifyRequest, reply: FastifyReply) => string | null {
  return (req, reply) => {
    const a = auth(req);
    if (a.ok) return a.kioskId;
    void reply.code(a.status).send({ error: a.detail, reason: a.reason });
    return null;
  };
}
