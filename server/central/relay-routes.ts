// The hub relays the ministry's bundles to its kiosks (issue 16, item 4). It serves what it stored after verifying
// it (server/central/bundles.ts), the text and signature untouched: each kiosk verifies the signature with the key it
// pinned, so a hub (or its disk) altering a bundle is caught at the kiosk. Kiosks report the version they apply; the
// reports are kept in memory (a kiosk reports at every pull, so a restarted hub knows them again within a pull).
// The same plugin answers the technician: this daemon's central link and what every kiosk applies.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Routes, type Role } from '../../shared/routes/index';
import type { KioskBundleReport, PostBundlesStatus } from '../../shared/post-bundles-api';
import { bundleInForce } from '../../domain/bundles/in-force';
import { acceptedKeyChanges, bundleKey, storedBundles, type StoredBundle } from '../../store/central-bundles';
import type { Db } from '../../store/db';
import type { AuthorizeResult } from '../auth/auth';
import { route } from '../http/route';
import { kioskGuard, type KioskAuth } from '../post/kiosk-auth';
import { bundlePullerOf } from './bundles';

const VIEW_ROLES: readonly Role[] = ['supervisor', 'technician'];

export interface RelayDeps {
  db: Db;
  auth: KioskAuth;
  authorize: (req: FastifyRequest, roles: readonly Role[]) => AuthorizeResult | Promise<AuthorizeResult>;
  now?: () => Date;
}

/** The stored bundle in force at `t` and the next one pending after it, as LatestBundles has them. */
export function latestHeld(held: readonly StoredBundle[], t: Date): { inForce: StoredBundle | null; pending: StoredBundle | null } {
  const inForce = bundleInForce(held, t);
  const pending = held.filter((b) => b.version > (inForce?.version ?? 0) && Date.parse(b.effectiveAt) > t.getTime()).sort((a, b) => a.version - b.version)[0];
  return { inForce, pending: pending ?? null };
}

const signed = (b: StoredBundle | null) => (b ? { text: b.text, signature: b.signature } : null);

export function bundleRelayRoutes(d: RelayDeps): FastifyPluginAsync {
  const now = d.now ?? (() => new Date());
  const reports = new Map<string, KioskBundleReport & { reportedAt: string }>();
  return async (app) => {
    const kiosk = kioskGuard(d.auth);
    route(app, Routes.postBundleKey, { guard: kiosk }, async ({ reply }) => {
      const pem = bundleKey(d.db);
      if (!pem)
        return reply.code(404).send({ error: 'this hub holds no bundle key yet: it gets one at its first pull from the central service (kiosk central join)' });
      return { publicKeyPem: pem, changes: acceptedKeyChanges(d.db) };
    });

    route(app, Routes.postBundlesLatest, { guard: kiosk }, async ({ reply }) => {
      const l = latestHeld(storedBundles(d.db), now());
      reply.header('Cache-Control', 'no-store');
      return { inForce: signed(l.inForce), pending: signed(l.pending) };
    });

    route(app, Routes.postBundleApplied, { guard: kiosk }, async ({ user, body }) => {
      reports.set(user, { ...body, reportedAt: now().toISOString() });
      return { ok: true as const };
    });

    const staff = async (req: FastifyRequest, reply: FastifyReply) => {
      const a = await d.authorize(req, VIEW_ROLES);
      if (a.ok) return true;
      void reply.code(a.status).send({ error: a.detail, ...(a.reason ? { reason: a.reason } : {}) });
      return null;
    };
    route(app, Routes.postBundlesStatus, { guard: staff }, async ({ reply }) => {
      reply.header('Cache-Control', 'no-store');
      const status: PostBundlesStatus = {
        central: bundlePullerOf(d.db)?.status() ?? null,
        kiosks: [...reports].map(([kioskId, r]) => ({ kioskId, ...r })).sort((a, b) => a.kioskId.localeCompare(b.kioskId)),
      };
      return status;
    });
  };
}
