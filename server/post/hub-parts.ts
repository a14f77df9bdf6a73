// What a daemon serving the post adds (role hub, and the standalone daemon, which is its own post's hub):
// the routes kiosks call (join, claims, alerts) and, for role hub, HTTPS with the post's certificate.
import { X509Certificate } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { Db } from '../../store/db';
import type { Auth } from '../auth/auth';
import type { PushHub } from '../http/push';
import type { Role } from './config';
import type { PostConfig } from './config';
import { kioskAuth } from './trust/auth';
import { hubTlsOptions } from './trust/identity';
import { postTrustRoutes } from './trust/routes';
import { hubClaimRoutes } from './claims/routes';
import { KioskAlerts } from './alerts/registry';
import { postAlertRoutes } from './alerts/routes';
import { postEventRoutes } from './events/index';
import { postNumberRoutes } from './numbers/hub-routes';
import { createNumberRecovery, type NumberRecovery } from './numbers/recover';
import { bundleRelayRoutes } from '../central/relay-routes';
import type { QueueService, ServiceDef } from '../queue/service';
import type { NumberingRule } from '../../domain/queue/numbering';

export interface HubParts {
  plugins: FastifyPluginAsync[];
  /** Fastify's https option (role hub without insecureLan). */
  https: { key: string; cert: string } | null;
  /** Names in the hub's certificate: kiosks and counters reach the hub by them, so the Host check accepts them. */
  certificateHosts: string[];
  alerts: KioskAlerts;
  /** After a start, the kiosks' reports of the numbers they hold (a hub restored from an older backup catches up). */
  recovery: NumberRecovery;
}

export type HubPartsResult = { ok: true; parts: HubParts } | { ok: false; detail: string };

export function hubParts(o: {
  role: Role;
  /** server.lan: a standalone daemon that counters reach over the LAN serves HTTPS like a hub. */
  lan: boolean;
  post: PostConfig;
  dataDir: string;
  db: Db;
  auth: Pick<Auth, 'authorize'>;
  push: Pick<PushHub, 'broadcast'>;
  version: string;
  log: { error(obj: object, msg: string): void };
  queue: Pick<QueueService, 'issueTicket' | 'sameEstimates' | 'cancel'>;
  consulate: { code: string; timeZone: string };
  services: readonly ServiceDef[];
  numbering: NumberingRule;
}): HubPartsResult {
  // Counters and the board reach a hub, and a standalone daemon with server.lan on, over the LAN: HTTPS with the
  // post's certificate, plain HTTP only when post.insecureLan says so. A standalone daemon on 127.0.0.1 stays HTTP.
  const overLan = o.role === 'hub' || o.lan;
  const tls = overLan ? hubTlsOptions(o.dataDir) : null;
  if (tls && !tls.ok && !o.post.insecureLan)
    return {
      ok: false,
      detail:
        (o.role === 'hub' ? tls.detail : `server.lan is on, so counters and the board reach this daemon over the LAN, which needs HTTPS: ${tls.detail}`) +
        ' (then trust <dataDir>/post/ca.pem on the counter PCs; or, on a closed test LAN only, set post.insecureLan: true to serve plain HTTP)',
    };
  const served = tls?.ok && !o.post.insecureLan ? tls : null;
  const kiosks = kioskAuth(o.db);
  const alertsChanged = () => o.push.broadcast({ type: 'changed', topic: 'alerts' });
  const alerts = new KioskAlerts({ db: o.db, onChange: alertsChanged });
  const queueChanged = () => o.push.broadcast({ type: 'changed', topic: 'queue' });
  const recovery = createNumberRecovery({
    db: o.db,
    auth: kiosks,
    consulate: o.consulate,
    numbering: o.numbering,
    prefixes: [...new Set(o.services.map((s) => s.prefix))],
    onChange: queueChanged,
    onRefused: (kioskId, refused) =>
      o.log.error({ kioskId, refused }, `kiosk ${kioskId} holds numbers this hub could not take back: ${refused.map((r) => r.detail).join('; ')}`),
  });
  const plugins = [
    postTrustRoutes({ db: o.db, caPem: tls?.ok ? tls.caPem : null, version: o.version, auth: kiosks }),
    hubClaimRoutes({ db: o.db, kioskAuth: kiosks, authorize: (req, roles) => o.auth.authorize(req, roles), onConflict: alertsChanged }),
    postAlertRoutes({ alerts, auth: kiosks }),
    postNumberRoutes({
      db: o.db,
      queue: o.queue,
      auth: kiosks,
      consulate: o.consulate,
      services: o.services,
      numbering: o.numbering,
      blockSize: o.post.blockSize,
      onChange: queueChanged,
      hold: (kioskId) => recovery.hold(kioskId),
      log: o.log,
    }),
    recovery.plugin,
    bundleRelayRoutes({ db: o.db, auth: kiosks, authorize: (req, roles) => o.auth.authorize(req, roles) }), // issue 16: bundles to kiosks
    postEventRoutes({
      db: o.db,
      kioskAuth: kiosks,
      authorize: (req, roles) => o.auth.authorize(req, roles),
      onFork: (kioskId, detail) => {
        o.log.error({ kioskId }, `journal of kiosk ${kioskId} forked: ${detail}`);
        alertsChanged();
      },
    }),
  ];
  return {
    ok: true,
    parts: { plugins, https: served ? { key: served.key, cert: served.cert } : null, certificateHosts: served ? sanHosts(served.cert) : [], alerts, recovery },
  };
}

/** DNS names and IP addresses of the first certificate of a PEM chain. */
export function sanHosts(pem: string): string[] {
  const san = new X509Certificate(pem).subjectAltName ?? '';
  return san
    .split(/,\s*/)
    .map((part) => /^(?:DNS|IP Address):(.+)$/.exec(part)?.[1]?.trim())
    .filter((h): h is string => !!h);
}
