import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { KioskConfig } from './config/schema';
import { openJournal, type Db } from '../store/db';
import { NewerDatabaseError } from '../store/migrations';
import { appendEvent } from '../store/events';
import { commitWithoutFsync } from '../store/commit';
import { openLogger, type Logger } from './log';
import { DeviceRegistry } from './devices/registry';
import { journalDeviceChanges } from './devices/journal-changes';
import { startDevices, type Devices } from './devices/setup';
import { PushHub } from './http/push';
import { buildApp } from './http/app';
import { hostPolicy } from './http/host-check';
import { VERSION } from './version';
import { StartupError } from './startup-error';
import { appointmentRuntime } from './appointment/config';
import { DayFeeds, withDayFeeds } from './appointment/day-feed';
import { describeSources, startFeedSources } from './appointment/feed-sources';
import { appointmentRoutes } from './appointment/routes';
import { receptionParts } from './appointment/reception-parts';
import { boardSpeechRoutes } from './queue/board-speech';
import { espeakEngine, simulatedEngine } from './devices/index';
import { liveAppointments } from './appointment/live';
import { liveSettings } from './central/live-settings';
import { setupQueue } from './queue/index';
import { paymentRoutes, startPayments, type LockState, type Payments } from './payments/index';
import { refundReceiptParts } from './payments/refund-receipt-parts';
import { supervisorPaymentRoutes } from './payments/supervisor-routes';
import { cancelRefundedVisitTicket, followUnfollowedRefunds } from './payments/refund-ticket';
import { askHubCancel, startHubCancels, type HubCancelAsk } from './post/numbers/hub-cancels';
import { startBackupSchedule } from './backup/schedule';
import { startCheckin, type CheckinRunner } from './checkin/runner';
import { checkinRoutes } from './checkin/routes';
import { hubBoardReader, hubWaitPreview, localWaitPreview } from './checkin/wait-preview';
import { hubServicePauses } from './post/hub-pauses';
import { diagnosticsRoutes } from './diagnostics/routes';
import { reportsRoutes } from './reports/routes';
import type { AppointmentRuntime } from './appointment/config';
import type { QueueService } from './queue/service';
import type { Auth } from './auth/auth';
import type { CentralParts } from './central/post-parts';
import { hubParts, type HubParts } from './post/hub-parts';
import { kioskParts, type KioskParts } from './post/kiosk-parts';
import { startKioskReporter } from './post/alerts/reporter';

export interface DaemonOptions {
  config: KioskConfig;
  /** True when the data directory was chosen explicitly (config or flag): then it must already exist. */
  dataDirExplicit?: boolean;
  uiDir?: string;
  /** Log to stdout only (tests). */
  quietFileLog?: boolean;
}

/**
 * The parts the daemon built, for tests and tools that look inside a running daemon. No feature receives
 * this: each gets the few parts it needs from startDaemon.
 */
export interface DaemonParts {
  readonly config: KioskConfig;
  readonly db: Db;
  readonly log: Logger;
  readonly devices: DeviceRegistry;
  /** The opened drivers and simulators behind the registry's lights. */
  readonly hardware: Devices;
  readonly appointments: AppointmentRuntime;
  readonly queue: QueueService;
  readonly auth: Auth;
  readonly payments: Payments;
  readonly checkin: CheckinRunner;
  readonly push: PushHub;
  readonly version: string;
  readonly startedAt: number;
}

export interface RunningDaemon {
  url: string;
  port: number;
  /** Read-only view of what was built (tests). */
  ctx: DaemonParts;
  close(reason?: string): Promise<void>;
}

export { StartupError };

export function resolveDataDir(dir: string, explicit: boolean): string {
  const abs = resolve(dir);
  if (existsSync(abs)) {
    if (!statSync(abs).isDirectory()) throw new StartupError(`data directory ${abs} is a file, not a directory: point dataDir at a directory`);
    return abs;
  }
  if (explicit) throw new StartupError(`data directory ${abs} does not exist: create it (mkdir -p ${abs}) or fix dataDir in the config`);
  mkdirSync(abs, { recursive: true, mode: 0o700 });
  return abs;
}

export async function startDaemon(opts: DaemonOptions): Promise<RunningDaemon> {
  const { config } = opts;
  const dataDir = resolveDataDir(config.dataDir, opts.dataDirExplicit ?? false);
  // The log file opens in the background while the journal, devices and routes are set up and the server starts listening.
  const { log, close: closeLog, fileReady: logFileReady } = openLogger(config, opts.quietFileLog ? null : dataDir);

  // Everything opened so far is closed again if a later step fails: the daemon never half-starts.
  const undo: Array<() => Promise<void> | void> = [closeLog];
  const unwind = async () => {
    for (const f of undo.reverse()) await f();
  };
  let db: Db;
  let devices: Devices;
  let app: FastifyInstance;
  try {
    try {
      db = openJournal(join(dataDir, 'journal.sqlite'));
    } catch (err) {
      if (err instanceof NewerDatabaseError) throw new StartupError(err.message);
      throw new StartupError(`cannot open the journal in ${dataDir}: ${(err as Error).message}`);
    }
    undo.push(() => {
      db.close();
    });

    const registry = new DeviceRegistry();
    const push = new PushHub();
    const configAppointments = appointmentRuntime(config.appointments, { demo: config.demo });
    if (configAppointments.loaded.problems.length) throw new StartupError(`appointments.trustedKeys: ${configAppointments.loaded.problems.join('; ')}`, 2);
    if (configAppointments.loaded.refusedTestKeys.length)
      log.warn({ kids: configAppointments.loaded.refusedTestKeys }, 'test signing keys refused outside demo mode: their appointment QR codes will not verify');
    // The booking system's day feeds (issue 18 item 6), verified with the keys in force (a central bundle's, else the config's).
    const liveKeys = liveAppointments(configAppointments, liveSettings({ db, config }), { demo: config.demo });
    const dayFeeds = new DayFeeds({
      db,
      consulate: config.consulate.code,
      timeZone: config.consulate.timeZone,
      verifier: () => liveKeys.verifier,
      sources: describeSources(config.appointments.feed),
    });
    for (const problem of await dayFeeds.load()) log.warn(problem);
    const appointments = withDayFeeds(configAppointments, dayFeeds);
    const feedSources = startFeedSources(config.appointments.feed, dayFeeds, log);
    undo.push(() => feedSources.stop());
    const queue = setupQueue({
      db,
      push,
      config: { kioskId: config.kioskId, consulate: config.consulate, services: config.services, queue: config.queue, auth: config.auth },
      version: VERSION,
    });
    if (!queue.ok) throw new StartupError(`queue: ${queue.reason}`, 2);
    const { service: queueService, auth } = queue.setup;
    // The post level (issue 15): a kiosk of a post talks to its hub; any other daemon serves the post's routes.
    let hub: HubParts | null = null;
    let post: KioskParts | null = null;
    let central: CentralParts | null = null;
    if (config.role === 'kiosk') {
      const k = kioskParts({
        kioskId: config.kioskId,
        dataDir,
        post: config.post,
        db,
        log,
        consulate: config.consulate,
        services: config.services,
        numbering: config.queue.numbering,
      });
      if (!k.ok) throw new StartupError(k.detail, 2);
      post = k.parts;
      const { claims, shipper, issuer } = post;
      undo.push(() => claims.stop());
      undo.push(() => shipper.stop());
      undo.push(() => issuer.stop());
      undo.push(() => post?.link.close());
      undo.push(() => post?.bundles.stop()); // undone in reverse: stopped before the link closes
      undo.push(() => post?.clock.stop());
    } else {
      const h = hubParts({
        role: config.role,
        lan: config.server.lan,
        post: config.post,
        dataDir,
        db,
        auth,
        push,
        version: VERSION,
        log,
        queue: queueService,
        consulate: config.consulate,
        services: config.services,
        numbering: config.queue.numbering,
      });
      if (!h.ok) throw new StartupError(h.detail, 2);
      hub = h.parts;
      if (config.role === 'hub' && !config.server.lan) log.warn('role hub with server.lan off: only this PC can reach the hub; set server.lan: true');
    }
    // Post → central service (issue 16): its chains shipped and its bundles pulled once `kiosk central join` left a
    // link (the module is loaded only then). A broken link stops neither: visitors are served, events wait.
    if (config.role !== 'kiosk' && existsSync(join(dataDir, 'central', 'central-link.json'))) {
      const { startCentralParts } = await import('./central/post-parts');
      const c = startCentralParts({ dataDir, db, role: config.role, log, timeZone: config.consulate.timeZone });
      if (c.ok) {
        central = c.parts;
        undo.push(() => c.parts.close());
      } else log.warn(`central service link off: ${c.detail}`);
    }
    devices = await startDevices(config, registry, db, log);
    undo.push(() => devices.close());
    const startedAt = Date.now();
    // A kiosk of a post asks its hub to cancel a refunded visit's ticket (the queue is the hub's), until it answers.
    const hubCancels = post ? startHubCancels({ db, link: post.link, log }) : null;
    if (hubCancels) undo.push(() => hubCancels.stop());
    const refundTicketDeps = {
      db,
      queue: config.role === 'kiosk' ? null : queueService,
      ...(hubCancels
        ? {
            hub: {
              ask: (a: HubCancelAsk) => {
                askHubCancel(db, a);
                void hubCancels.flush();
              },
            },
          }
        : {}),
    };
    const followRefund = (r: Parameters<typeof cancelRefundedVisitTicket>[1]) => {
      try {
        const t = cancelRefundedVisitTicket(refundTicketDeps, r);
        log.info(
          { refund: r.refund.id, ticket: t },
          t.ok ? `refund ${r.refund.id}: ticket ${t.ticketId} cancelled` : `refund ${r.refund.id}: ticket left (${t.reason})`,
        );
      } catch (err) {
        log.error({ err, refund: r.refund.id }, 'refund done, but its ticket could not be followed up');
      }
    };
    // Payments are built first (the check-in flow pays through them) and announce lock changes from then
    // on; the flow listens once it exists.
    const lockListeners: Array<(lock: LockState) => void> = [];
    // A kiosk of a post reads the hub's board for the wait before paying and for the services paused there.
    const hubBoard = post ? hubBoardReader(post.link, { timeoutMs: config.post.answerWithinMs }) : null;
    const hubPauses = hubBoard ? hubServicePauses(hubBoard) : null;
    if (hubPauses) undo.push(() => hubPauses.stop());
    const payments = startPayments({
      db,
      terminal: devices.terminal,
      kioskId: config.kioskId,
      timeZone: config.consulate.timeZone,
      onLockChange: (lock) => {
        log.info({ lock }, `payments: ${lock.state}`);
        push.broadcast({ type: 'changed', topic: 'payments' });
        for (const l of lockListeners) l(lock);
      },
      // A visit refunded in full leaves the queue (issue 17); on a kiosk of a post the hub owns the queue.
      onRefunded: (r) => followRefund(r),
    });
    // Refunds done but never followed up (start-up reconciliation found one done; a crash came between a refund's
    // outcome and its ticket) are followed the same way, once the refunds are reconciled.
    void payments.refundsReconciled.then(() => {
      try {
        for (const f of followUnfollowedRefunds(refundTicketDeps))
          log.info(
            { refund: f.refundId, ticket: f.outcome },
            `refund ${f.refundId} followed up at start: ${f.outcome.ok ? 'ticket cancelled' : `ticket left (${f.outcome.reason})`}`,
          );
      } catch (err) {
        log.error({ err }, 'refunds done, but their tickets could not be followed up');
      }
    });
    undo.push(() => payments.stop());
    const checkin = startCheckin({
      config,
      checkin: config.checkin,
      db,
      log,
      devices: registry,
      hardware: devices,
      appointments,
      queue: queueService,
      push,
      payments,
      onPaymentsLock: (l) => {
        lockListeners.push(l);
      },
      ...(post ? { claims: post.claims, issuer: post.issuer } : {}),
      waitPreview: hubBoard ? hubWaitPreview(hubBoard, { timeoutMs: config.post.answerWithinMs }) : localWaitPreview(queueService),
      // A supervisor's paused services (issue 18 item 4): this daemon's floor, or for a kiosk of a post the hub's.
      servicePauses: hubPauses ?? queue.setup.floor,
    });
    // A status probe must never hold the line once a visitor has confirmed (item: "terminal busy"). On the summary
    // itself probes run: Pay is offered only when the terminal answered its last check (issue 17 part 4).
    devices.terminal.holdProbesWhile(() => /^(summary\.confirming|printerCheck|issuingETimbre|paying)/.test(checkin.view().screen));
    undo.push(() => checkin.stop());
    const reporter = post ? startKioskReporter({ link: post.link, checkin, devices: registry, printerStatus: () => devices.printer.service.lastStatus }) : null;
    if (reporter) undo.push(() => reporter.stop());
    const maintenance = startBackupSchedule({ db, config, log });
    undo.push(() => maintenance.stop());
    registry.onChange((list) => {
      push.broadcast({ type: 'devices', devices: list });
    });

    // The refund receipt and the supervisor's refund desk (issue 17): printed after a refund answered done, reprinted
    // from the reports page. Kept beside the refund route, apart from the refund service's onRefunded hook.
    const refundReceipts = refundReceiptParts({ config, db, hardware: devices, payments, authorize: (req, roles) => auth.authorize(req, roles) });

    // A hub is reached by the names in its certificate: they are accepted in Host like allowedHosts.
    const allowedHosts = [...config.server.allowedHosts, ...(hub?.certificateHosts ?? []).map((h) => (h.includes(':') ? `[${h}]` : h))];
    const policyFor = (p: number) => hostPolicy(p, { lan: config.server.lan || hub?.https != null, allowedHosts, bindHost: config.server.host });
    const policy = policyFor(config.server.port);
    app = await buildApp(
      { config, log, devices: registry, payments, push, version: VERSION, startedAt },
      policy,
      opts.uiDir,
      [
        queue.setup.plugin,
        diagnosticsRoutes({
          config,
          db,
          log,
          auth,
          devices: registry,
          hardware: devices,
          appointments,
          payments,
          version: VERSION,
          startedAt,
          ...(post
            ? { post: { role: 'kiosk' as const, kiosk: post } }
            : hub
              ? {
                  post: {
                    role: config.role === 'hub' ? ('hub' as const) : ('standalone' as const),
                    hub: { db, alerts: hub.alerts, consulate: config.consulate },
                  },
                }
              : {}),
        }),
        checkinRoutes({ checkin, auth, payments, db, ...(hub ? { postKiosks: () => hub.alerts.list() } : {}) }),
        paymentRoutes({
          reconciler: payments.reconciler,
          refunds: payments.refunds,
          authorize: (req, roles) => auth.authorize(req, roles),
          printRefundReceipt: refundReceipts.print,
        }),
        supervisorPaymentRoutes(refundReceipts.desk),
        boardSpeechRoutes({
          engine: espeakEngine(),
          ...(config.demo ? { fallback: simulatedEngine() } : {}),
          prefixes: () => new Set(queueService.serviceList.map((s) => s.prefix)),
          counterNames: () => new Set(queueService.counters.map((c) => c.name)),
        }),
        appointmentRoutes({
          db,
          feeds: dayFeeds,
          sources: feedSources,
          appointments,
          configTokens: config.appointments.dayTokens,
          authorize: (req, roles) => auth.authorize(req, roles),
        }),
        // Reception check-in at a counter (issue 18 item 5): where the queue is, so not on a kiosk of a post.
        ...(post ? [] : [receptionParts({ config, db, appointments, queue: queueService, auth, feeds: dayFeeds, log })]),
        // A hub's own payments are listed as "hub": its config's kioskId could be a kiosk's.
        reportsRoutes({ config, db, auth, hardware: devices, push, ...(config.role === 'hub' ? { localId: 'hub' } : {}) }),
        ...(hub?.plugins ?? []),
      ],
      hub?.https ?? null,
    );
    undo.push(() => app.close());
    const host = config.server.lan ? (config.server.host === '127.0.0.1' ? '0.0.0.0' : config.server.host) : config.server.host;
    try {
      await app.listen({ host, port: config.server.port });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE')
        throw new StartupError(
          `port ${config.server.port} on ${host} is already in use (another kiosk daemon?): ` +
            'stop it, or start with PORT=<free port> / server.port in the config',
        );
      if (code === 'EACCES') throw new StartupError(`not allowed to listen on port ${config.server.port}: use a port above 1024`);
      throw err;
    }
    const port = (app.server.address() as { port: number }).port;
    // With port 0 (tests) the real port is only known now: accept it in Host headers.
    for (const h of policyFor(port).hosts) policy.hosts.add(h);
    const url = `${hub?.https ? 'https' : 'http'}://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
    // Without its own fdatasync (store/commit.ts): written as the server starts answering, it held up the first answer
    // for the disk's flush (issue 14). A power cut before the next durable commit takes it back, and the next start writes
    // its own; a crash of the process loses nothing.
    commitWithoutFsync(db, () =>
      appendEvent(db, {
        kind: 'daemon.started',
        payload: {
          version: VERSION,
          kioskId: config.kioskId,
          url,
          devices: registry.list().map((d) => ({ id: d.id, driver: d.driver, simulated: d.simulated })),
        },
      }),
    );
    // After daemon.started (which resets what the central service knew of the devices): their lights from now on.
    const deviceJournal = journalDeviceChanges({ db, registry, printerStatus: () => devices.printer.service.lastStatus });
    undo.push(() => deviceJournal.stop());
    // The log file is awaited only now. pino-roll finds it with three reads of the folder through libuv's threads, each
    // waiting for a turn of this thread, busy until here: awaited before listening, it held up the first answer by
    // 10-25 ms (issue 14, start-up). A log file that cannot be opened still stops the start, everything unwound (the
    // server too); the lines logged meanwhile go to the file once it is open, in order (server/log.ts).
    await logFileReady;
    log.info({ url, dataDir, version: VERSION }, `kiosk daemon listening on ${url}`);

    let closing: Promise<void> | null = null;
    return {
      url,
      port,
      ctx: {
        config,
        db,
        log,
        devices: registry,
        hardware: devices,
        appointments,
        queue: queueService,
        auth,
        payments,
        checkin,
        push,
        version: VERSION,
        startedAt,
      },
      close(reason = 'stop') {
        closing ??= (async () => {
          log.info({ reason }, 'kiosk daemon stopping');
          push.closeAll();
          await app.close();
          checkin.stop();
          reporter?.stop();
          post?.claims.stop();
          await post?.shipper.stop();
          await post?.issuer.stop();
          await hubCancels?.stop();
          post?.bundles.stop();
          post?.link.close();
          await central?.close();
          await feedSources.stop();
          await maintenance.stop();
          // The lights as they were in service, not the "offline" of the devices being closed.
          deviceJournal.flush();
          deviceJournal.stop();
          // No new question to the terminal; one in flight ends when the line closes, and is journaled.
          const asking = payments.stop();
          await devices.close();
          await asking;
          appendEvent(db, { kind: 'daemon.stopped', payload: { reason } });
          db.close();
          await closeLog();
        })();
        return closing;
      },
    };
  } catch (err) {
    await unwind();
    throw err;
  }
}

export type { Logger };
