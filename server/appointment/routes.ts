// The day's appointments for staff (issue 18 item 6): the feed's tokens against the check-in register. On a post
// the register is the hub's (store/post-claims.ts): the hub's list is the post's; a kiosk's shows its own arrivals.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Routes } from '../../shared/routes/index';
import { route } from '../http/route';
import { countByStatus, dayAppointments } from '../../domain/appointment/day-list';
import { usedRecord } from '../../store/appointment-tokens';
import type { Db } from '../../store/db';
import type { DayAppointment } from '../../shared/appointment-feed-api';
import type { AuthorizeResult } from '../payments/routes';
import type { AppointmentRuntime } from './config';
import type { DayFeeds } from './day-feed';
import type { FeedSources } from './feed-sources';

type Role = 'staff' | 'supervisor';

export interface AppointmentRoutesDeps {
  db: Db;
  feeds: DayFeeds;
  sources: FeedSources;
  appointments: AppointmentRuntime;
  /** The config's dayTokens: listed with the feed's (a post without a feed still sees who it expects). */
  configTokens: readonly string[];
  authorize: (req: FastifyRequest, roles: readonly Role[]) => AuthorizeResult | Promise<AuthorizeResult>;
  now?: () => Date;
}

/** Today's appointments (the feed's and the config's tokens) against the check-in register; the reception desk lists them too. */
export function todayList(
  deps: Pick<AppointmentRoutesDeps, 'db' | 'feeds' | 'appointments' | 'configTokens'>,
  at: Date,
): { day: string; list: DayAppointment[] } {
  const day = deps.feeds.today();
  const list = dayAppointments({
    tokens: [...deps.feeds.tokensOf(day), ...deps.configTokens],
    revoked: deps.appointments.revoked,
    used: (id) => usedRecord(deps.db, id),
    window: deps.appointments.window,
    now: at,
  }).filter((a) => deps.feeds.dayOf(new Date(a.slotStart)) === day);
  return { day, list };
}

export function appointmentRoutes(deps: AppointmentRoutesDeps): FastifyPluginAsync {
  const now = deps.now ?? (() => new Date());
  const guard = (roles: readonly Role[]) => async (req: FastifyRequest, reply: FastifyReply) => {
    const auth = await deps.authorize(req, roles);
    if (!auth.ok) void reply.code(auth.status ?? 401).send({ error: auth.detail ?? 'sign in as staff or supervisor' });
    return auth.ok ? auth.user : null;
  };
  return async (app) => {
    route(app, Routes.appointmentsDay, { guard: guard(['staff', 'supervisor']) }, async ({ reply }) => {
      const { day, list } = todayList(deps, now());
      reply.header('Cache-Control', 'no-store');
      return { day, feed: deps.feeds.status(), counts: countByStatus(list), appointments: list };
    });
    route(app, Routes.appointmentsFeedPoll, { guard: guard(['supervisor']) }, async () => {
      await deps.sources.poll();
      return deps.feeds.status();
    });
  };
}
