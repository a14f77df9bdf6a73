// The appointment runtime with the central bundle's keys and revocations (issue 16, item 4): read at each
// verification, so a key rotation or a cancellation published centrally applies at its time without a restart.
// Keys are loaded once per bundle; a post with no bundle (or one that leaves keys out) keeps its config's.
import type { LiveSettings } from '../central/live-settings';
import type { TrustedKeyShape } from '../../shared/central-bundle-api';
import { createNodeVerifier } from './crypto';
import { loadTrustedKeys, type AppointmentRuntime } from './config';

export function liveAppointments(
  base: AppointmentRuntime,
  live: LiveSettings,
  o: { demo: boolean; onProblem?: (problems: string[]) => void },
): AppointmentRuntime {
  let keysOf: readonly TrustedKeyShape[] | null = null;
  let verifier = base.verifier;
  let revokedOf: readonly string[] | null = null;
  let baseRevokedOf: ReadonlySet<string> | null = null;
  let revoked = base.revoked;
  return {
    get verifier() {
      const keys = live.values().trustedKeys;
      if (keys !== keysOf) {
        keysOf = keys;
        if (!keys) verifier = base.verifier;
        else {
          const loaded = loadTrustedKeys(keys, { allowTestKeys: o.demo });
          if (loaded.problems.length) o.onProblem?.(loaded.problems);
          verifier = createNodeVerifier(loaded.keys);
        }
      }
      return verifier;
    },
    get revoked() {
      const more = live.values().revoked;
      // The base's set changes too when it has day feeds (server/appointment/day-feed.ts withDayFeeds).
      const own = base.revoked;
      if (more !== revokedOf || own !== baseRevokedOf) {
        revokedOf = more;
        baseRevokedOf = own;
        revoked = more.length ? new Set([...own, ...more]) : own;
      }
      return revoked;
    },
    window: base.window,
    get dayTokensByCode() {
      return base.dayTokensByCode;
    },
    loaded: base.loaded,
  };
}
