// The settings the check-in flow reads at the moment of use (issue 16, item 4): the post's config until a central
// bundle applies, then the bundle in force at that instant (domain/bundles/in-force.ts). Read from the journal, where
// the puller stores verified bundles, so any part of the daemon sees the same values and nothing needs a restart.
import { bundleInForce, liveValues, type LiveValues } from '../../domain/bundles/in-force';
import { parseBundleText, type Bundle } from '../../shared/central-bundle-api';
import { bundlesStoredHere, latestBundleVersion, storedBundles } from '../../store/central-bundles';
import type { Db } from '../../store/db';
import type { KioskConfig } from '../config/schema';
import type { CheckinSettings } from '../../state/checkin';

export interface LiveSettings {
  /** The values in force at `t` (default: now). */
  values(t?: Date): LiveValues;
}

export interface LiveSettingsOptions {
  db: Db;
  config: Pick<KioskConfig, 'consulate' | 'services'>;
  now?: () => Date;
}

export function liveSettings(o: LiveSettingsOptions): LiveSettings {
  const now = o.now ?? (() => new Date());
  const base = { currency: o.config.consulate.currency, chanceryRate: o.config.consulate.chanceryRate, services: o.config.services };
  // The stored bundles are parsed again only when a new version arrives. The journal is asked for its newest version
  // once per run of synchronous code (the check-in flow reads its settings some sixty times a visit, most of them in
  // one send), and again at once after this process stores a bundle; another process's bundle (a restore, a CLI) is
  // seen from the next turn on.
  let seen = -1;
  let seenHere = -1;
  let checked = false;
  let bundles: Bundle[] = [];
  return {
    values(t = now()) {
      const here = bundlesStoredHere(o.db);
      if (!checked || here !== seenHere) {
        checked = true;
        seenHere = here;
        queueMicrotask(() => {
          checked = false;
        });
        const latest = latestBundleVersion(o.db);
        if (latest !== seen) {
          bundles = storedBundles(o.db).flatMap((s) => {
            const p = parseBundleText(s.text);
            return p.ok ? [p.bundle] : [];
          });
          seen = latest;
        }
      }
      return liveValues(base, bundleInForce(bundles, t), t);
    },
  };
}

/**
 * The check-in machine's settings with the fee schedule, services and chancery rate read at each use: the machine
 * keeps this object by reference in its context (state/checkin/machine.ts), and quotes through its getters.
 */
export function liveCheckinSettings(s: CheckinSettings, live: LiveSettings): CheckinSettings {
  return {
    ...s,
    get chanceryRate() {
      return live.values().chanceryRate;
    },
    get services() {
      return live.values().services.map((x) => ({ code: x.code, prefix: x.prefix, feeMad: x.feeMad }));
    },
  };
}
