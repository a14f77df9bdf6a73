// Wires the reception desk (issue 18 item 5) on the daemon's parts: the kiosk's appointment runtime with the central
// bundle's keys and revocations, the fees in force, the queue, the staff sessions.
import type { FastifyPluginAsync } from 'fastify';
import type { KioskConfig } from '../config/schema';
import type { Db } from '../../store/db';
import type { Auth } from '../auth/auth';
import type { Logger } from '../log';
import type { QueueService } from '../queue/service';
import { liveSettings } from '../central/live-settings';
import type { AppointmentRuntime } from './config';
import type { DayFeeds } from './day-feed';
import { liveAppointments } from './live';
import { createReception } from './reception';
import { receptionRoutes } from './reception-routes';
import { todayList } from './routes';

export function receptionParts(o: {
  config: KioskConfig;
  db: Db;
  appointments: AppointmentRuntime;
  queue: QueueService;
  auth: Auth;
  feeds: DayFeeds;
  log: Logger;
}): FastifyPluginAsync {
  const live = liveSettings({ db: o.db, config: o.config });
  const appointments = liveAppointments(o.appointments, live, {
    demo: o.config.demo,
    onProblem: (p) => o.log.warn({ problems: p }, 'central bundle: appointment keys that cannot be read are left out'),
  });
  const reception = createReception({
    db: o.db,
    appointments,
    consulate: o.config.consulate.code,
    currency: o.config.consulate.currency,
    fees: () => live.values(),
    queue: o.queue,
  });
  const today = () => todayList({ db: o.db, feeds: o.feeds, appointments, configTokens: o.config.appointments.dayTokens }, new Date());
  return receptionRoutes({ reception, auth: o.auth, today, timeZone: o.config.consulate.timeZone });
}
