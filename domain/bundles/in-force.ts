// Which central bundle is in force at an instant, and what the check-in flow reads from it (issue 16, item 4).
// Pure: the live settings (server/central/live-settings.ts) call these at every use with the clock's time, so a
// bundle applies at its effective time without a restart and without a timer.
import type { Bundle, ChanceryRate, ServiceShape, TrustedKeyShape } from '../../shared/central-bundle-api';

/** The highest version whose effective time has come; a later version supersedes an earlier one still pending. */
export function bundleInForce<B extends { version: number; effectiveAt: string }>(bundles: readonly B[], t: Date): B | null {
  let best: B | null = null;
  for (const b of bundles) if (Date.parse(b.effectiveAt) <= t.getTime() && (!best || b.version > best.version)) best = b;
  return best;
}

/** The rate for `currency` whose effective date came last by `t`; null when the bundle has none yet. */
export function rateInForce(rates: readonly ChanceryRate[], currency: string, t: Date): number | null {
  let best: ChanceryRate | null = null;
  for (const r of rates)
    if (r.currency === currency && Date.parse(r.effectiveAt) <= t.getTime() && (!best || Date.parse(r.effectiveAt) >= Date.parse(best.effectiveAt))) best = r;
  return best?.rate ?? null;
}

/** What the post's own config gives, used until a bundle applies and for whatever a bundle leaves out. */
export interface BaseSettings {
  currency: string;
  chanceryRate: number;
  services: readonly ServiceShape[];
}

export interface LiveValues {
  /** The bundle applied (0: none, the config's values). */
  version: number;
  chanceryRate: number;
  services: ServiceShape[];
  /** The bundle's appointment keys; null: the config's own (no bundle, or one that leaves keys out). */
  trustedKeys: readonly TrustedKeyShape[] | null;
  /** The bundle's revocations, added to the config's: a token cancelled anywhere stays cancelled. */
  revoked: readonly string[];
  /** Services the bundle lists that this post's queue has no lane for: not offered until its config has them. */
  notOffered: string[];
}

export function liveValues(base: BaseSettings, bundle: Bundle | null, t: Date): LiveValues {
  if (!bundle)
    return {
      version: 0,
      chanceryRate: base.chanceryRate,
      services: [...base.services],
      trustedKeys: null,
      revoked: [],
      notOffered: [],
    };
  const c = bundle.content;
  const known = new Set(base.services.map((s) => s.code));
  return {
    version: bundle.version,
    chanceryRate: rateInForce(c.chanceryRates, base.currency, t) ?? base.chanceryRate,
    services: c.services.filter((s) => known.has(s.code)).map((s) => ({ ...s, feeMad: c.fees[s.code] ?? s.feeMad })),
    // An empty list means the network does not manage keys (yet): never leave a post trusting no key at all.
    trustedKeys: c.trustedKeys.length > 0 ? c.trustedKeys : null,
    revoked: c.revoked,
    notOffered: c.services.filter((s) => !known.has(s.code)).map((s) => s.code),
  };
}
