// /api/reception/*: the counter's reception desk (issue 18 item 5). Acts for the counter of the signed-in session,
// never one named by the page, and journals who did it (server/appointment/reception.ts).
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Routes } from '../../shared/routes/index';
import { route } from '../http/route';
import type { Auth } from '../auth/auth';
import type { DayAppointment } from '../../shared/appointment-feed-api';
import type { CheckInResult, LookupResult, Reception } from './reception';

export interface ReceptionRouteDeps {
  reception: Reception;
  auth: Pick<Auth, 'authorize'>;
  /** Today's list (server/appointment/routes.ts todayList). */
  today: () => { day: string; list: DayAppointment[] };
  /** The consulate's zone: the page shows slot times in it (issue 19 item 16). */
  timeZone: string;
}

const ROLES = ['staff', 'supervisor'] as const;

type Refused = Exclude<CheckInResult | LookupResult, { ok: true }>;
const STATUS: Record<Refused['reason'], number> = {
  malformed: 400,
  'bad-code': 400,
  'fee-required': 400,
  'reference-required': 400,
  'exempt-reason-required': 400,
  'unknown-code': 404,
  'already-checked-in': 409,
  queue: 409,
  'fee-unavailable': 409,
  'unknown-key': 422,
  'bad-signature': 422,
  'other-consulate': 422,
  revoked: 422,
  'unknown-service': 422,
  'too-early': 422,
  'too-late': 422,
};

function refuse(reply: FastifyReply, r: Refused) {
  const { ok: _ok, reason, detail, ...named } = r;
  return reply.code(STATUS[reason]).send({ error: detail ?? reason, reason, ...named });
}

/** Matches the appointment number or the printed code, ignoring case, spaces and dashes. */
const matches = (a: DayAppointment, q: string) => {
  const norm = (s: string) => s.toUpperCase().replace(/[\s-]/g, '');
  const n = norm(q);
  return !n || norm(a.appointmentId).includes(n) || norm(a.code).includes(n);
};

export function receptionRoutes(deps: ReceptionRouteDeps): FastifyPluginAsync {
  /** The signed-in counter agent, or the refusal (a check-in needs a counter: its ticket and journal name it). */
  const agent = (req: FastifyRequest, reply: FastifyReply) => {
    const a = deps.auth.authorize(req, ROLES);
    if (!a.ok) {
      void reply.code(a.status).send({ error: a.detail, reason: a.reason });
      return null;
    }
    if (a.session.counter === undefined) {
      void reply.code(409).send({ error: 'you are not signed in at a counter: sign out and sign in with your counter', reason: 'no-counter' });
      return null;
    }
    return { counter: a.session.counter, user: a.user };
  };
  return async (app) => {
    route(app, Routes.receptionDay, { guard: agent }, async ({ reply, query }) => {
      const { day, list } = deps.today();
      reply.header('Cache-Control', 'no-store');
      return { day, timeZone: deps.timeZone, appointments: list.filter((a) => matches(a, query.q ?? '')) };
    });
    route(app, Routes.receptionLookup, { guard: agent }, async ({ reply, body }) => {
      const r = await deps.reception.lookup(body.code);
      if (!r.ok) return refuse(reply, r);
      reply.header('Cache-Control', 'no-store');
      return { appointment: r.appointment, fee: r.fee };
    });
    route(app, Routes.receptionCheckIn, { guard: agent }, async ({ reply, body, user }) => {
      const r = await deps.reception.checkIn({ text: body.code, fee: body.fee, counter: user.counter, by: user.user.id });
      if (!r.ok) return refuse(reply, r);
      return reply.code(201).send({ ticket: r.ticket, fee: r.fee });
    });
  };
}
