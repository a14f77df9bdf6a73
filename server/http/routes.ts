import type { FastifyPluginAsync } from 'fastify';
import { KioskInfo, pushTopics, type HealthResponse, type ServerPush } from '../../shared/api';
import type { DeviceInfo } from '../../shared/devices';
import { Routes } from '../../shared/routes/index';
import type { KioskConfig } from '../config/schema';
import type { DeviceRegistry } from '../devices/registry';
import type { Payments } from '../payments/index';
import type { PushHub } from './push';
import { route, socketRoute } from './route';
import { isLoopback } from './loopback';
import { readEmblem } from '../config/emblem';

/** What the kiosk-wide routes (/health, /kiosk, /ws) show: the config's public part, devices, payments' lock. */
export interface ApiDeps {
  config: Pick<KioskConfig, 'consulate' | 'languages' | 'demo' | 'services' | 'kioskId'> & Partial<Pick<KioskConfig, 'model'>>;
  devices: Pick<DeviceRegistry, 'list'>;
  payments: Pick<Payments, 'lockState'>;
  push: Pick<PushHub, 'add' | 'send'>;
  version: string;
  startedAt: number;
}

/**
 * The health answer, built field by field as HealthResponse has them (nothing more: the payments' lock state also
 * names what the terminal was doing, for staff only). Not run through HealthResponse.parse: the first parse built
 * the schema and zod's parser for it in the daemon's first answer, and monitoring polls this route (issue 14). A test
 * checks that the parse would give back the same answer.
 */
export function healthOf(ctx: Pick<ApiDeps, 'devices' | 'payments' | 'version' | 'startedAt'>): HealthResponse {
  const devices = ctx.devices.list().map(({ id, kind, driver, simulated, status, detail, address, since }): DeviceInfo => ({
    id,
    kind,
    driver,
    simulated,
    status,
    ...(detail !== undefined ? { detail } : {}),
    ...(address !== undefined ? { address } : {}),
    since,
  }));
  const lock = ctx.payments.lockState();
  const payments: HealthResponse['payments'] = 'paymentIds' in lock ? { state: lock.state, paymentIds: [...lock.paymentIds] } : { state: lock.state };
  return {
    ok: devices.every((d) => d.status === 'ok' || d.status === 'warning') && lock.state !== 'locked-for-staff',
    version: ctx.version,
    uptimeSeconds: Math.round((Date.now() - ctx.startedAt) / 1000),
    devices,
    payments,
  };
}

export function apiRoutes(ctx: ApiDeps): FastifyPluginAsync {
  return async (app) => {
    // Read once: the config checked the file when it was loaded; a file gone since leaves the header with the name alone.
    const emblem = ctx.config.consulate.emblem ? readEmblem(ctx.config.consulate.emblem) : null;
    if (emblem && !emblem.ok)
      app.log.warn({ reason: emblem.reason, detail: emblem.detail }, 'the consulate emblem cannot be read; the header shows the name alone');
    route(app, Routes.health, async () => healthOf(ctx));

    route(app, Routes.kiosk, async () =>
      KioskInfo.parse({
        consulate: {
          code: ctx.config.consulate.code,
          name: ctx.config.consulate.name,
          timeZone: ctx.config.consulate.timeZone,
          currency: ctx.config.consulate.currency,
          ...(emblem?.ok ? { emblem: emblem.dataUrl } : {}),
        },
        languages: ctx.config.languages,
        demo: ctx.config.demo,
        services: ctx.config.services.map((x) => ({ code: x.code, prefix: x.prefix, name: x.name })),
        kioskId: ctx.config.kioskId,
        devicePlaces: ctx.config.model?.devices ?? {},
      }),
    );

    socketRoute(app, Routes.ws, (socket, req) => {
      const hello: ServerPush = { type: 'hello', version: ctx.version, devices: ctx.devices.list() };
      ctx.push.send(socket, hello);
      // After the hello: a board page (?topics=board) is sent the current board view on being added.
      ctx.push.add(socket, pushTopics((req.query as { topics?: string | string[] }).topics), { local: isLoopback(req.socket.remoteAddress) });
      // Pages never command devices over this socket; anything they send is ignored.
      socket.on('message', () => {});
    });
  };
}
