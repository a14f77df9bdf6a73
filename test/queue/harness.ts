// A daemon for the queue's end-to-end tests and benchmarks: the real app builder (server/http/app.ts
// buildApp: host checks, CSP, static pages, /api/ws) with the queue plugin as the daemon passes it, on 127.0.0.1 and a free port,
// with a temp journal. `wsBlocked` refuses WebSocket upgrades so a test can keep a page offline.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/http/app';
import { hostPolicy } from '../../server/http/host-check';
import { PushHub } from '../../server/http/push';
import { startPayments } from '../../server/payments/index';
import { startCheckin } from '../../server/checkin/runner';
import { DeviceRegistry } from '../../server/devices/registry';
import { startDevices } from '../../server/devices/setup';
import { appointmentRuntime } from '../../server/appointment/config';
import { loadConfig } from '../../server/config/load';
import { openJournal, type Db } from '../../store/db';
import { QueueConfig, type QueueConfigInput } from '../../server/queue/config';
import { AuthConfig } from '../../server/auth/config';
import { setupQueue, type QueueSetup } from '../../server/queue';

const SAMPLE = JSON.parse(readFileSync(fileURLToPath(new URL('../../server/queue/sample-config.json', import.meta.url)), 'utf8')) as {
  queue: QueueConfigInput;
  auth: unknown;
};

export interface Harness {
  url: string;
  port: number;
  db: Db;
  app: FastifyInstance;
  push: PushHub;
  queue: QueueSetup;
  /** While true, /api/ws upgrades are refused (503): pages stay offline and retry. */
  wsBlocked: boolean;
  close(): Promise<void>;
}

export interface HarnessOptions {
  queue?: QueueConfigInput;
  now?: () => Date;
  /** Use this journal file instead of a fresh temp one. */
  journal?: string;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const loaded = loadConfig();
  if (!loaded.ok) throw new Error('the sample config does not load: ' + JSON.stringify(loaded.errors));
  const config = { ...loaded.config, server: { ...loaded.config.server, port: 0 } };
  const dir = mkdtempSync(join(tmpdir(), 'queue-harness-'));
  const db = openJournal(opts.journal ?? join(dir, 'journal.sqlite'));
  const push = new PushHub();
  const log = pino({ level: 'silent' });
  const setup = setupQueue({
    db,
    push,
    version: 'test',
    ...(opts.now ? { now: opts.now } : {}),
    config: {
      kioskId: config.kioskId,
      consulate: config.consulate,
      services: config.services,
      queue: QueueConfig.parse({ ...SAMPLE.queue, ...opts.queue }),
      auth: AuthConfig.parse(SAMPLE.auth),
    },
  });
  if (!setup.ok) throw new Error(setup.reason);
  const registry = new DeviceRegistry();
  const hardware = await startDevices(config, registry, db, log); // the simulators of the sample config
  const payments = startPayments({ db, terminal: hardware.terminal, kioskId: config.kioskId });
  const startedAt = Date.now();
  const checkin = startCheckin({
    config,
    checkin: config.checkin,
    db,
    log,
    devices: registry,
    hardware,
    appointments: appointmentRuntime(config.appointments, { demo: config.demo }),
    queue: setup.setup.service,
    push,
    payments,
    // Nothing settles payments here: no lock change reaches the flow.
    onPaymentsLock: () => {},
  });
  const policy = hostPolicy(0, { lan: false, allowedHosts: [], bindHost: '127.0.0.1' });
  const app = await buildApp({ config, log, devices: registry, payments, push, version: 'test', startedAt }, policy, undefined, [setup.setup.plugin]);
  const h = { wsBlocked: false } as Harness;
  app.addHook('onRequest', async (req, reply) => {
    if (h.wsBlocked && req.url.startsWith('/api/ws')) return reply.code(503).send({ error: 'blocked by the test' });
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  for (const x of hostPolicy(port, { lan: false, allowedHosts: [], bindHost: '127.0.0.1' }).hosts) policy.hosts.add(x);
  return Object.assign(h, {
    url: `http://127.0.0.1:${port}`,
    port,
    db,
    app,
    push,
    queue: setup.setup,
    async close() {
      push.closeAll();
      await app.close();
      checkin.stop();
      await hardware.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

/** Signs in like the console does and returns the session cookie. */
export async function signIn(h: Harness, counter: string, pin: string): Promise<string> {
  const res = await fetch(`${h.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ counter, pin }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}
