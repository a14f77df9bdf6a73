// What the hub's post routes ask of every request from a kiosk: whose credential it carries. The
// implementation (credential store, revocation) is server/post/trust/; routes only depend on this type.
import type { FastifyRequest } from 'fastify';

export type KioskAuthResult = { ok: true; kioskId: string } | { ok: false; status: 401 | 403; reason: 'no-credential' | 'unknown' | 'revoked'; detail: string };

export type KioskAuth = (req: FastifyRequest) => KioskAuthResult;
