// The `appointments` section of the kiosk config turned into what verification needs. Its schema lives in
// ./config-schema.ts (re-exported here) so validating a config loads none of the crypto below.
import { AppointmentsConfig, TrustedKey } from './config-schema';
import { isTestKey, indexTokensByCode, type CheckWindow, type Verifier } from '../../domain/appointment';
import { createNodeVerifier, kidOf, publicKeyFrom } from './crypto';
import type { KeyObject } from 'node:crypto';

export { AppointmentsConfig, TrustedKey };
export type { AppointmentsConfigInput } from './config-schema';

export interface LoadedKeys {
  keys: Array<{ kid: string; key: KeyObject }>;
  /** Test keys left out because the kiosk is not in demo mode. */
  refusedTestKeys: string[];
  /** Keys that could not be read, with what to do; the daemon should refuse to start on any. */
  problems: string[];
}

export function loadTrustedKeys(entries: readonly TrustedKey[], opts: { allowTestKeys: boolean }): LoadedKeys {
  const out: LoadedKeys = { keys: [], refusedTestKeys: [], problems: [] };
  entries.forEach((e, i) => {
    const what = `appointments.trustedKeys[${i}]`;
    const r = e.publicKeyPem !== undefined ? publicKeyFrom({ publicKeyPem: e.publicKeyPem }, what) : publicKeyFrom({ jwk: e.jwk! }, what);
    if (!r.ok) {
      out.problems.push(r.reason);
      return;
    }
    const derived = kidOf(r.key);
    const kid = e.kid ?? derived;
    // Check the derived id too: renaming a test key in the config must not smuggle it in.
    if (!opts.allowTestKeys && (isTestKey(kid) || isTestKey(derived))) {
      out.refusedTestKeys.push(kid);
      return;
    }
    out.keys.push({ kid, key: r.key });
  });
  return out;
}

export interface AppointmentRuntime {
  verifier: Verifier;
  revoked: ReadonlySet<string>;
  window: CheckWindow;
  dayTokensByCode: Map<string, string[]>;
  loaded: LoadedKeys;
}

export function appointmentRuntime(cfg: AppointmentsConfig, opts: { demo: boolean }): AppointmentRuntime {
  const loaded = loadTrustedKeys(cfg.trustedKeys, { allowTestKeys: opts.demo });
  return {
    verifier: createNodeVerifier(loaded.keys),
    revoked: new Set(cfg.revoked),
    window: cfg.window,
    dayTokensByCode: indexTokensByCode(cfg.dayTokens).byCode,
    loaded,
  };
}
