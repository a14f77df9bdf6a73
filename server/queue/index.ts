// Wiring of the queue for the daemon: one call builds the service, the staff auth and the routes plugin.
//   const queue = setupQueue({ db: ctx.db, push: ctx.push, config, version: ctx.version });
//   await app.register(queue.plugin, { prefix: '/api' });
// and the kiosk flow issues tickets with queue.service.issueTicket({...}).
import type { FastifyPluginAsync } from 'fastify';
import type { Db } from '../../store/db';
import type { PushHub } from '../http/push';
import { Auth } from '../auth/auth';
import type { AuthConfig } from '../auth/config';
import { authRoutes } from '../auth/routes';
import { checkQueueConfig, effectiveCounters, type QueueConfig } from './config';
import { openApiRoute } from '../http/openapi';
import { queueRoutes } from './routes';
import { QueueService, type ServiceDef } from './service';
import { FloorSettings } from './floor-settings';
import { readFloor } from './floor-view';
import { supervisorActions } from './supervisor-actions';
import { supervisorRoutes } from './supervisor-routes';
import type { Fail } from '../../shared/result';
import type { BoardView } from '../../shared/queue-api';
import { makeBoardPatch } from '../../shared/board-patch';

export interface QueueSetupConfig {
  kioskId: string;
  consulate: { code: string; timeZone: string; name: Record<string, string> };
  services: readonly ServiceDef[];
  queue: QueueConfig;
  auth: AuthConfig;
}

export interface QueueSetup {
  service: QueueService;
  auth: Auth;
  /** What a supervisor changed on the floor: counters' services, paused services (the kiosk reads the pauses). */
  floor: FloorSettings;
  /** Register with { prefix: '/api' }: /api/queue/*, /api/auth/*, /api/supervisor/*, /api/openapi.json. */
  plugin: FastifyPluginAsync;
}

export type QueueSetupResult = { ok: true; setup: QueueSetup } | Fail;

/** `run` once after the current turn of the event loop however often `schedule` is called in it; `flush` runs it now if scheduled. */
function coalesced(run: () => void): { schedule: () => void; flush: () => void } {
  let pending = false;
  const fire = () => {
    if (!pending) return;
    pending = false;
    run();
  };
  return {
    schedule: () => {
      if (pending) return;
      pending = true;
      setImmediate(fire);
    },
    flush: fire,
  };
}

export function setupQueue(o: {
  db: Db;
  push: Pick<PushHub, 'broadcast' | 'publish' | 'subscribers' | 'onSubscribe' | 'send'>;
  config: QueueSetupConfig;
  version: string;
  now?: () => Date;
}): QueueSetupResult {
  const problems = checkQueueConfig(
    o.config.queue,
    o.config.services.map((s) => s.code),
  );
  if (problems.length) return { ok: false, reason: problems.join('; ') };
  const serviceCodes = o.config.services.map((s) => s.code);
  const floor = new FloorSettings({ db: o.db, serviceCodes, configured: effectiveCounters(o.config.queue, serviceCodes), ...(o.now ? { now: o.now } : {}) });
  floor.onChange(() => pushes.schedule());
  const service = new QueueService({
    db: o.db,
    consulate: o.config.consulate,
    services: o.config.services,
    config: o.config.queue,
    kioskId: o.config.kioskId,
    ...(o.now ? { now: o.now } : {}),
    onChange: () => pushes.schedule(),
    counterServices: (counter) => floor.servicesOf(counter),
    servicePaused: (code) => floor.isPaused(code),
  });
  // Board pages get the view instead of the poke: one computed view for all of them, instead of one GET
  // /api/queue/board per board; computed only while a board is connected. Changes made in the same turn of the event
  // loop (tickets and calls answered in one tick) share one view and one poke, pushed right after that turn: the
  // view is read then, so it holds the last change, and a change after the push schedules the next one.
  // A view the boards already show is not sent again: a counter starting or finishing its call changes nothing a board
  // shows, and each push is one socket write (one TLS record) per board: 200 boards, 400 writes per visit served. The
  // view is compared without its serverTime (only the boards' clock offset: the last one they got is as good).
  // After its first view, a board gets only what changed (shared/board-patch.ts): a call is a few hundred bytes of a
  // view of several kilobytes, which 200 boards would each decrypt and parse (issue 14). `shown` is the view every
  // board holds: each got it whole on connection or patched up to it, in order, on one socket.
  let shown: BoardView | null = null;
  const pushes = coalesced(() => {
    // A change made just before the daemon closed the journal: nobody is left to push to.
    if (!o.db.open) return;
    o.push.broadcast({ type: 'changed', topic: 'queue' }, { except: 'board' });
    if (o.push.subscribers('board') === 0) {
      // Boards connecting later are greeted with the view of then: nothing is known to be shown.
      shown = null;
      return;
    }
    publishView(service.boardView());
  });
  /** Brings every connected board to `view`: a patch from the one they hold (none if nothing they show changed). */
  const publishView = (view: BoardView) => {
    const patch = shown && makeBoardPatch(shown, view);
    if (shown && !patch) return;
    shown = view;
    o.push.publish('board', patch ? { type: 'board-patch', patch } : { type: 'board', view });
  };
  // A new board gets the view whole. The others are brought to that same view first (a change not yet pushed), so
  // that every board holds `shown` again and the next patch applies to all of them; the new board ignores a patch
  // that comes before its first view.
  o.push.onSubscribe('board', (ws) => {
    const view = service.boardView();
    if (shown) publishView(view);
    shown = view;
    o.push.send(ws, { type: 'board', view });
  });
  const now = o.now;
  const auth = new Auth({
    config: o.config.auth,
    counters: service.counters.map((c) => c.id),
    db: o.db,
    ...(now ? { now: () => now().getTime() } : {}),
    // Who is signed in at which counter is on the supervisor's floor: its own poke, so counters do not re-read for it.
    onSessionsChange: () => {
      if (o.db.open) o.push.broadcast({ type: 'changed', topic: 'sessions' }, { except: 'board' });
    },
  });
  const actions = supervisorActions({ db: o.db, queue: service, floor, onChange: () => pushes.schedule(), ...(now ? { now } : {}) });
  const floorView = () =>
    readFloor({ db: o.db, consulate: o.config.consulate, queue: service, floor, sessions: () => auth.openSessions(), ...(now ? { now } : {}) });
  const plugin: FastifyPluginAsync = async (app) => {
    await app.register(authRoutes(auth));
    // A counter's action is pushed to the boards as soon as it is committed, before the counter's own answer is
    // computed (its view ranks the waiting list): the call is on the boards that much sooner (issue 14).
    await app.register(queueRoutes({ service, auth, pushNow: () => pushes.flush() }));
    await app.register(supervisorRoutes({ auth, actions, floor: floorView }));
    await app.register(openApiRoute(o.version));
  };
  return { ok: true, setup: { service, auth, floor, plugin } };
}
