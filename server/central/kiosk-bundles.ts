// A kiosk of a post pulls the ministry's bundles from its hub (issue 16, item 4): the same puller as the hub's toward
// the central service (./bundles.ts), over the kiosk's link to the hub. The hub is not trusted with the content: the
// kiosk pins the ministry's public key the first time the hub relays it (over the link whose hub CA it pinned at
// `kiosk join`) and verifies every bundle's signature with it; a different key later is refused. A verified bundle is
// stored in the kiosk's journal, where its check-in flow reads fees, rates, keys and services at each use
// (./live-settings.ts), so it applies at its effective time without a restart.
import type { Db } from '../../store/db';
import type { Logger } from '../log';
import { startBundlePuller, type BundleLink, type BundlePuller, type BundleSource } from './bundles';

export const HUB_SOURCE: BundleSource = {
  keyPath: '/api/post/bundles/key',
  latestPath: '/api/post/bundles/latest',
  appliedPath: '/api/post/bundles/applied',
  appliedBody: (version, appliedAt, lastRefusal) => ({ version, appliedAt, lastRefusal }),
  reportEveryPull: true,
};

/** Between pulls from the hub (on the post's LAN: cheap); KIOSK_HUB_BUNDLE_PULL_MS in tests. */
const DEFAULT_EVERY_MS = 60_000;

export function startKioskBundles(o: { db: Db; link: BundleLink; log?: Pick<Logger, 'info' | 'warn'>; everyMs?: number }): BundlePuller {
  const env = Number(process.env.KIOSK_HUB_BUNDLE_PULL_MS);
  const everyMs = o.everyMs ?? (Number.isFinite(env) && env > 0 ? env : DEFAULT_EVERY_MS);
  return startBundlePuller({ db: o.db, link: o.link, ...(o.log ? { log: o.log } : {}), everyMs, timeoutMs: 5_000, source: HUB_SOURCE });
}
