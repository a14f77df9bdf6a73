// The post's bundle puller (issue 16, item 4), on a post hub or a standalone daemon: fetches the central service's
// public key once (over the pinned link) and keeps it in the journal, then pulls the bundle in force and the next
// pending one, verifies each and stores the good ones. Nothing here applies a bundle: the live settings read the
// stored bundles at every use (./live-settings.ts), so a bundle takes effect at its time without a restart. The
// puller journals the version that comes into force and reports it to the central service.
// A refused bundle (signature, content, version) is journaled with its reason, logged, and kept in status(); the
// bundle in force stays. The central service unreachable for days is normal: the post goes on with what it holds.
import { BundleKeyAnswer, LatestBundles, parseBundleText, type Bundle, type SignedBundle } from '../../shared/central-bundle-api';
import { bundleInForce } from '../../domain/bundles/in-force';
import { bundleKey, keepBundleKey, replaceBundleKey, storeBundle, storedBundles } from '../../store/central-bundles';
import { appendEvent } from '../../store/events';
import type { Db } from '../../store/db';
import type { Logger } from '../log';
import type { HubLink } from '../post/link';
import { checkKeyChange, checkSignedBundle } from './bundles-verify';

/** How the puller reaches its source (createCentralLink; a kiosk's createHubLink). */
export type BundleLink = Pick<HubLink, 'request'>;

/**
 * Where bundles come from: the central service (a hub, a standalone daemon), or the post's hub relaying them as signed
 * to its kiosks (./relay-routes.ts). Either way the bundle is verified with the ministry's key, never the source's word.
 */
export interface BundleSource {
  keyPath: string;
  latestPath: string;
  appliedPath: string;
  /** The body of the applied report (the central service's is strict: version and time only). */
  appliedBody(version: number, appliedAt: string, lastRefusal: BundleStatus['lastRefusal']): unknown;
  /** Report at every pull, not only on a change: the hub keeps its kiosks' reports in memory, lost at its restart. */
  reportEveryPull?: boolean;
}

export const CENTRAL_SOURCE: BundleSource = {
  keyPath: '/api/central/bundle-key',
  latestPath: '/api/central/bundles/latest',
  appliedPath: '/api/central/bundles/applied',
  appliedBody: (version, appliedAt) => ({ version, appliedAt }),
};

export interface Refusal {
  version: number | null;
  reason: string;
}

export type PullResult = { ok: true; stored: number[]; refused: Refusal[]; applied: number } | { ok: false; detail: string };

export interface BundleStatus {
  /** The version in force now (0: none, the config's own values). */
  applied: number;
  /** When the version applied came into force (null: none). */
  appliedEffectiveAt: string | null;
  pending: { version: number; effectiveAt: string } | null;
  lastRefusal: (Refusal & { at: string }) | null;
  lastPull: { at: string; ok: boolean; detail?: string } | null;
}

export interface BundlePuller {
  pullNow(): Promise<PullResult>;
  status(): BundleStatus;
  stop(): void;
}

export interface PullerOptions {
  db: Db;
  link: BundleLink;
  log?: Pick<Logger, 'info' | 'warn'>;
  now?: () => Date;
  /** Between pulls; default 5 minutes. */
  everyMs?: number;
  timeoutMs?: number;
  /** Default: the central service. */
  source?: BundleSource;
}

// The puller of each journal, for the status routes registered apart from where the puller starts (daemon wiring).
const pullers = new WeakMap<Db, BundlePuller>();

/** The puller filling this journal, if one runs (a hub's or standalone daemon's, or a kiosk's). */
export const bundlePullerOf = (db: Db): BundlePuller | null => pullers.get(db) ?? null;

const parsedOf = (text: string): Bundle | null => {
  const p = parseBundleText(text);
  return p.ok ? p.bundle : null;
};

export function startBundlePuller(o: PullerOptions): BundlePuller {
  const now = o.now ?? (() => new Date());
  const everyMs = o.everyMs ?? 5 * 60_000;
  const timeoutMs = o.timeoutMs ?? 15_000;
  const source = o.source ?? CENTRAL_SOURCE;
  let lastRefusal: BundleStatus['lastRefusal'] = null;
  let lastPull: BundleStatus['lastPull'] = null;
  let journaled = -1;
  let reported = -1;
  let chain: Promise<unknown> = Promise.resolve();
  let stopped = false;
  let pollTimer: NodeJS.Timeout | null = null;
  let applyTimer: NodeJS.Timeout | null = null;

  const held = () =>
    storedBundles(o.db)
      .map((s) => ({ ...s, bundle: parsedOf(s.text) }))
      .filter((s) => s.bundle !== null);

  const refuse = (r: Refusal): Refusal => {
    const same = lastRefusal && lastRefusal.version === r.version && lastRefusal.reason === r.reason;
    lastRefusal = { ...r, at: now().toISOString() };
    if (!same) {
      appendEvent(o.db, { kind: 'central.bundle-refused', subject: r.version === null ? null : String(r.version), payload: r });
      o.log?.warn({ bundle: r }, `central bundle ${r.version ?? '(no version)'} refused: ${r.reason}; the bundle in force stays`);
    }
    return r;
  };

  /**
   * The key bundles must verify with: pinned on first use, then moved only along key-change statements the held key
   * signed (asked at every pull: a rotation reaches the post before the first bundle signed by the new key). The source
   * unreachable: the held key, and the pull fails on the bundles themselves.
   */
  async function publicKey(): Promise<{ ok: true; pem: string | null } | { ok: false; detail: string }> {
    const kept = bundleKey(o.db);
    const a = await o.link.request('GET', source.keyPath, undefined, { timeoutMs });
    if (!a.ok) {
      if (kept) return { ok: true, pem: kept };
      return a.status === 404 ? { ok: true, pem: null } : { ok: false, detail: a.detail };
    }
    const k = BundleKeyAnswer.safeParse(a.body);
    if (!k.success) return kept ? { ok: true, pem: kept } : { ok: false, detail: 'the bundle key answered is not a PEM public key' };
    let pem = kept ?? k.data.publicKeyPem;
    if (!kept) keepBundleKey(o.db, pem, now());
    for (const change of k.data.changes) {
      const step = checkKeyChange(change, pem);
      if (step.ok === 'skip') continue;
      if (!step.ok) {
        refuse({ version: null, reason: step.reason });
        continue;
      }
      pem = step.to;
      replaceBundleKey(o.db, pem, now());
      appendEvent(o.db, { kind: 'central.bundle-key-changed', payload: { text: change.text, signature: change.signature } });
      o.log?.info('central bundle key changed through a statement signed by the key held');
    }
    return { ok: true, pem };
  }

  /** Journals and reports the version in force now, once per change; schedules the next pending one. */
  async function applyNow(): Promise<number> {
    const list = held();
    const t = now();
    const inForce = bundleInForce(
      list.map((s) => s.bundle!),
      t,
    );
    const version = inForce?.version ?? 0;
    if (version !== journaled && version > 0) {
      appendEvent(o.db, { kind: 'central.bundle-applied', subject: String(version), payload: { version, effectiveAt: inForce!.effectiveAt } });
      o.log?.info({ version }, `central bundle ${version} in force`);
    }
    journaled = version;
    if (version !== reported || source.reportEveryPull) {
      const body = source.appliedBody(version, inForce?.effectiveAt ?? t.toISOString(), lastRefusal);
      const a = await o.link.request('POST', source.appliedPath, body, { timeoutMs });
      if (a.ok) reported = version;
    }
    scheduleNext(list.map((s) => s.bundle!).filter((b) => b.version > version && Date.parse(b.effectiveAt) > t.getTime()));
    return version;
  }

  function scheduleNext(pending: Bundle[]): void {
    if (applyTimer) clearTimeout(applyTimer);
    applyTimer = null;
    if (stopped || pending.length === 0) return;
    const next = Math.min(...pending.map((b) => Date.parse(b.effectiveAt)));
    // Bounded: setTimeout overflows past 24.8 days, and the wall clock may be set meanwhile.
    const delay = Math.min(Math.max(next - now().getTime(), 0) + 10, everyMs);
    applyTimer = setTimeout(() => void applyNow().catch((err) => o.log?.warn({ err }, 'central bundle: applying failed')), delay);
    applyTimer.unref();
  }

  async function pull(): Promise<PullResult> {
    const at = now().toISOString();
    const key = await publicKey();
    if (!key.ok) {
      lastPull = { at, ok: false, detail: key.detail };
      return { ok: false, detail: key.detail };
    }
    const stored: number[] = [];
    const refused: Refusal[] = [];
    if (key.pem) {
      const a = await o.link.request('GET', source.latestPath, undefined, { timeoutMs });
      if (!a.ok) {
        lastPull = { at, ok: false, detail: a.detail };
        return { ok: false, detail: a.detail };
      }
      const latest = LatestBundles.safeParse(a.body);
      if (!latest.success) {
        const detail = 'the central service answered bundles in a shape this post does not read: update the post software';
        lastPull = { at, ok: false, detail };
        return { ok: false, detail };
      }
      const offered = [latest.data.inForce, latest.data.pending].filter((s): s is SignedBundle => s !== null);
      const checked = offered.map((s) => ({ s, c: checkSignedBundle(s, key.pem!) }));
      const mine = new Map(held().map((h) => [h.version, h.text]));
      const newest = Math.max(0, ...mine.keys());
      const highestOffered = Math.max(0, ...checked.map(({ c }) => (c.ok ? c.bundle.version : 0)));
      for (const { s, c } of checked) {
        if (!c.ok) {
          refused.push(refuse({ version: c.version, reason: c.reason }));
          continue;
        }
        const v = c.bundle.version;
        const before = mine.get(v);
        if (before !== undefined) {
          if (before !== s.text)
            refused.push(refuse({ version: v, reason: `version ${v} differs from the version ${v} this post received before: kept the first` }));
          else if (v === highestOffered && v < newest)
            refused.push(
              refuse({
                version: v,
                reason:
                  `the central service offers version ${v}, older than version ${newest} this post holds ` +
                  `(its database restored from an old backup?): kept version ${newest}`,
              }),
            );
          continue;
        }
        if (v < newest) {
          refused.push(refuse({ version: v, reason: `version ${v} is older than version ${newest} this post holds: kept version ${newest}` }));
          continue;
        }
        if (storeBundle(o.db, { version: v, effectiveAt: c.bundle.effectiveAt, text: s.text, signature: s.signature, receivedAt: at })) {
          appendEvent(o.db, { kind: 'central.bundle-received', subject: String(v), payload: { version: v, effectiveAt: c.bundle.effectiveAt } });
          stored.push(v);
        }
      }
    }
    lastPull = { at, ok: true };
    const applied = await applyNow();
    return { ok: true, stored, refused, applied };
  }

  // One pull at a time, each asked-for pull after the one running: a pull asked after a publish sees it.
  const pullNow = (): Promise<PullResult> => {
    const p = chain.then(pull);
    chain = p.catch(() => undefined);
    return p;
  };

  const loop = () => {
    if (stopped) return;
    void pullNow()
      .catch((err) => o.log?.warn({ err }, 'central bundle pull failed'))
      .finally(() => {
        if (stopped) return;
        pollTimer = setTimeout(loop, everyMs);
        pollTimer.unref();
      });
  };
  loop();

  const puller: BundlePuller = {
    pullNow,
    status: () => {
      const list = held().map((h) => h.bundle!);
      const t = now();
      const inForce = bundleInForce(list, t);
      const pending = list
        .filter((b) => b.version > (inForce?.version ?? 0) && Date.parse(b.effectiveAt) > t.getTime())
        .sort((a, b) => a.version - b.version)[0];
      return {
        applied: inForce?.version ?? 0,
        appliedEffectiveAt: inForce?.effectiveAt ?? null,
        pending: pending ? { version: pending.version, effectiveAt: pending.effectiveAt } : null,
        lastRefusal,
        lastPull,
      };
    },
    stop: () => {
      stopped = true;
      if (pollTimer) clearTimeout(pollTimer);
      if (applyTimer) clearTimeout(applyTimer);
      if (pullers.get(o.db) === puller) pullers.delete(o.db);
    },
  };
  pullers.set(o.db, puller);
  return puller;
}
