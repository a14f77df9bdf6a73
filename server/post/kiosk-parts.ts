// What a kiosk of a post (role kiosk) adds: its link to the hub (from `kiosk join`), claims at the hub and
// its staff alerts reported there. Everything here degrades to the kiosk's own journal when the hub is away.
import type { Db } from '../../store/db';
import type { Logger } from '../log';
import type { PostConfig } from './config';
import { createHubLink, type HubLink } from './link';
import { loadHubLink } from './trust/hub-link';
import { createHubClaims, type HubClaims } from './claims/claimer';
import { startEventShipper, type EventShipper } from './events/index';
import { createClockCheck, type ClockCheck } from './clock';
import { createHubIssuer, type HubIssuer } from './numbers/issuer';
import type { ServiceDef } from '../queue/service';
import type { NumberingRule } from '../../domain/queue/numbering';
import { startKioskBundles } from '../central/kiosk-bundles';
import type { BundlePuller } from '../central/bundles';

export interface KioskParts {
  link: HubLink;
  claims: HubClaims;
  shipper: EventShipper;
  issuer: HubIssuer;
  /** The kiosk's clock against the hub's: numbers are refused while it is off (started here; stop it at shutdown). */
  clock: ClockCheck;
  /** The ministry's bundles relayed by the hub (issue 16): stop it before the link and the journal close. */
  bundles: BundlePuller;
}

export type KioskPartsResult = { ok: true; parts: KioskParts } | { ok: false; detail: string };

export function kioskParts(o: {
  kioskId: string;
  dataDir: string;
  post: PostConfig;
  db: Db;
  log: Logger;
  consulate: { code: string; timeZone: string };
  services: readonly ServiceDef[];
  numbering: NumberingRule;
}): KioskPartsResult {
  const loaded = loadHubLink(o.dataDir);
  if (!loaded.ok) return loaded;
  if (loaded.options.kioskId !== o.kioskId)
    return {
      ok: false,
      detail:
        `this PC joined the hub as kiosk ${loaded.options.kioskId}, but its config says kioskId "${o.kioskId}": ` +
        `set kioskId to "${loaded.options.kioskId}", or enrol and join again as ${o.kioskId}`,
    };
  const link = createHubLink({ ...loaded.options, timeoutMs: o.post.answerWithinMs });
  const claims = createHubClaims({ db: o.db, link, kioskId: o.kioskId, answerWithinMs: o.post.answerWithinMs, log: o.log });
  // Started once the daemon's own events of this start are written; stopped before the journal closes.
  const shipper = startEventShipper({
    db: o.db,
    link,
    onChange: (st) => {
      if (st.lastError) o.log.warn({ shipping: st }, `event shipping: ${st.lastError.detail}`);
      else o.log.info({ shipping: st }, 'event shipping resumed');
    },
  });
  const clock = createClockCheck({ link, db: o.db, kioskId: o.kioskId, maxSkewSeconds: o.post.maxClockSkewSeconds, timeoutMs: 3000 });
  clock.start();
  const issuer = createHubIssuer({
    db: o.db,
    link,
    answerWithinMs: o.post.answerWithinMs,
    consulate: o.consulate,
    services: o.services,
    numbering: o.numbering,
    kioskId: o.kioskId,
    refusal: () => clock.refusal(),
    // Claims made while the hub was away are checked at once too (a conflict reaches supervisors sooner).
    onReconnect: () => void claims.flush(),
  });
  issuer.start();
  const bundles = startKioskBundles({ db: o.db, link, log: o.log });
  return { ok: true, parts: { link, claims, shipper, issuer, clock, bundles } };
}
