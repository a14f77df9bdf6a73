// Central bundles relayed by a post's hub to its kiosks (issue 16, item 4): the hub serves the ministry's signed
// bundles exactly as it received them (each kiosk verifies the signature itself), and the public key it pinned; a kiosk
// reports the version it applies and its last refusal; the technician reads the post's central link and its kiosks.
import { z } from 'zod';
import { lazy } from './lazy-schema';
import { BundleKeyAnswer, LatestBundles } from './central-bundle-api';
import { Done, Refusal } from './routes/answers';
import { declare } from './routes/define';

const instant = lazy(() => z.iso.datetime({ offset: true }));
const BundleRefusal = lazy(() => z.strictObject({ version: z.number().int().nullable(), reason: z.string(), at: instant }));

/** POST /api/post/bundles/applied: the version a kiosk applies now (0: its config's own values), and its last refusal. */
export const KioskBundleReport = lazy(() =>
  z.strictObject({ version: z.number().int().nonnegative(), appliedAt: instant, lastRefusal: BundleRefusal.nullable() }),
);
export type KioskBundleReport = z.infer<typeof KioskBundleReport>;

/** The puller's state (server/central/bundles.ts status()). */
export const BundlePullStatus = lazy(() =>
  z.strictObject({
    applied: z.number().int().nonnegative(),
    appliedEffectiveAt: instant.nullable(),
    pending: z.strictObject({ version: z.number().int(), effectiveAt: instant }).nullable(),
    lastRefusal: BundleRefusal.nullable(),
    lastPull: z.strictObject({ at: instant, ok: z.boolean(), detail: z.string().optional() }).nullable(),
  }),
);
export type BundlePullStatus = z.infer<typeof BundlePullStatus>;

/** GET /api/post/bundles/status: this daemon's link to the central service, and what each kiosk of the post applies. */
export const PostBundlesStatus = lazy(() =>
  z.strictObject({
    /** null: no central link on this daemon (`kiosk central join` not run, or the link file unreadable). */
    central: BundlePullStatus.nullable(),
    kiosks: z.array(KioskBundleReport.extend({ kioskId: z.string(), reportedAt: instant })),
  }),
);
export type PostBundlesStatus = z.infer<typeof PostBundlesStatus>;

export const postBundlesRoutes = {
  postBundleKey: declare({
    method: 'GET',
    path: '/api/post/bundles/key',
    summary: "The ministry's bundle public key the hub pinned (kiosk credential); 404 before the hub has one",
    responses: { 200: BundleKeyAnswer, 401: Refusal, 403: Refusal, 404: Refusal },
  }),
  postBundlesLatest: declare({
    method: 'GET',
    path: '/api/post/bundles/latest',
    summary: 'The signed bundle in force at the hub and the next pending one, as the ministry signed them (kiosk credential)',
    responses: { 200: LatestBundles, 401: Refusal, 403: Refusal },
  }),
  postBundleApplied: declare({
    method: 'POST',
    path: '/api/post/bundles/applied',
    summary: 'A kiosk reports the bundle version it applies and its last refusal (kiosk credential)',
    body: KioskBundleReport,
    responses: { 200: Done, 400: Refusal, 401: Refusal, 403: Refusal },
  }),
  postBundlesStatus: declare({
    method: 'GET',
    path: '/api/post/bundles/status',
    summary: "The central link's bundle state (last pull, version applied, last refusal) and each kiosk's applied version",
    roles: ['supervisor', 'technician'],
    page: 'diagnostics',
    responses: { 200: PostBundlesStatus, 401: Refusal, 403: Refusal },
  }),
} as const;
