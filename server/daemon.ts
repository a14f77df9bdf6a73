import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { KioskConfig } from './config/schema';
import { openJournal, type Db } from '../store/db';
import { NewerDatabaseError } from '../store/migrations';
import { appendEvent } from '../store/events';
import { createLogger, type Logger } from './log';
import { DeviceRegistry } from './devices/registry';
import { startDevices, type Devices } from './devices/setup';
import { PushHub } from './http/push';
import { buildApp } from './http/app';
import { hostPolicy } from './http/host-check';
import { VERSION } from './version';
import { StartupError } from './startup-error';
import { appointmentRuntime } from './appointment/config';
import { setupQueue } from './queue/index';
import { contextPlugins } from './http/plugins';
import { startPayments } from './payments/index';
import { startBackupSchedule } from './backup/schedule';
import { startCheckin, unlockAfterSettle, type CheckinRunner } from './checkin/runner';
import type { DaemonContext } from './context';

export interface DaemonOptions {
  config: KioskConfig;
  /** True when the data directory was chosen explicitly (config or flag): then it must already exist. */
  dataDirExplicit?: boolean;
  uiDir?: string;
  /** Log to stdout only (tests). */
  quietFileLog?: boolean;
}

export interface RunningDaemon {
  url: string;
  port: number;
  ctx: DaemonContext;
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
  const { log, close: closeLog } = createLogger(config, opts.quietFileLog ? null : dataDir);

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
    const appointments = appointmentRuntime(config.appointments, { demo: config.demo });
    if (appointments.loaded.problems.length) throw new StartupError(`appointments.trustedKeys: ${appointments.loaded.problems.join('; ')}`, 2);
    if (appointments.loaded.refusedTestKeys.length)
      log.warn({ kids: appointments.loaded.refusedTestKeys }, 'test signing keys refused outside demo mode: their appointment QR codes will not verify');
    const queue = setupQueue({
      db,
      push,
      config: { kioskId: config.kioskId, consulate: config.consulate, services: config.services, queue: config.queue, auth: config.auth },
      version: VERSION,
    });
    if (!queue.ok) throw new StartupError(`queue: ${queue.reason}`, 2);
    devices = await startDevices(config, registry, db, log);
    undo.push(() => devices.close());
    let runner: CheckinRunner | null = null;
    const payments = startPayments({
      db,
      terminal: devices.terminal.terminal,
      kioskId: config.kioskId,
      timeZone: config.consulate.timeZone,
      onLockChange: (lock) => {
        log.info({ lock }, `payments: ${lock.state}`);
        push.broadcast({ type: 'changed', topic: 'payments' });
        if (lock.state === 'ready' && runner) unlockAfterSettle(runner, payments);
      },
    });
    undo.push(() => payments.stop());
    const ctx = {
      config,
      db,
      log,
      devices: registry,
      hardware: devices,
      appointments,
      queue: queue.setup.service,
      auth: queue.setup.auth,
      payments,
      push,
      version: VERSION,
      startedAt: Date.now(),
    } as Omit<DaemonContext, 'checkin'> as DaemonContext;
    runner = startCheckin(ctx, payments, config.checkin);
    ctx.checkin = runner;
    // A status probe must never hold the line when a visitor is about to pay (item: "terminal busy").
    devices.terminal.holdProbesWhile(() => /^(summary|printerCheck|paying)/.test(runner?.view().screen ?? ''));
    undo.push(() => runner?.stop());
    const maintenance = startBackupSchedule(ctx);
    undo.push(() => maintenance.stop());
    registry.onChange((list) => {
      push.broadcast({ type: 'devices', devices: list });
    });

    const policyFor = (p: number) => hostPolicy(p, { lan: config.server.lan, allowedHosts: config.server.allowedHosts, bindHost: config.server.host });
    const policy = policyFor(config.server.port);
    app = await buildApp(ctx, policy, opts.uiDir, [queue.setup.plugin, ...contextPlugins(ctx)]);
    undo.push(() => app.close());
    const host = config.server.lan ? (config.server.host === '127.0.0.1' ? '0.0.0.0' : config.server.host) : config.server.host;
    try {
      await app.listen({ host, port: config.server.port });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE')
        throw new StartupError(
          `port ${config.server.port} on ${host} is already in use (another kiosk daemon?): stop it, or start with PORT=<free port> / server.port in the config`,
        );
      if (code === 'EACCES') throw new StartupError(`not allowed to listen on port ${config.server.port}: use a port above 1024`);
      throw err;
    }
    const port = (app.server.address() as { port: number }).port;
    // With port 0 (tests) the real port is only known now: accept it in Host headers.
    for (const h of policyFor(port).hosts) policy.hosts.add(h);
    const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
    appendEvent(db, {
      kind: 'daemon.started',
      payload: {
        version: VERSION,
        kioskId: config.kioskId,
        url,
        devices: registry.list().map((d) => ({ id: d.id, driver: d.driver, simulated: d.simulated })),
      },
    });
    log.info({ url, dataDir, version: VERSION }, `kiosk daemon listening on ${url}`);

    let closing: Promise<void> | null = null;
    return {
      url,
      port,
      ctx,
      close(reason = 'stop') {
        closing ??= (async () => {
          log.info({ reason }, 'kiosk daemon stopping');
          push.closeAll();
          await app.close();
          runner?.stop();
          await maintenance.stop();
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
