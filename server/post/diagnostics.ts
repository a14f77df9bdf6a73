// The post level on the technician's page (issue 15, item 7). A kiosk of a post shows its link to the hub (reachable
// or why not, the clock, its offline blocks, what waits to be uploaded or shipped); a hub (or the standalone daemon,
// its own post's hub) shows every kiosk it knows: last contact, shipping lag, chain, alert, devices, blocks leased today.
import type { Db } from '../../store/db';
import { listKiosks } from '../../store/post-kiosks';
import { blocksLeasedOn } from '../../store/post-diagnostics';
import { businessDay } from '../../domain/queue/business-day';
import type { HubKioskView, KioskPostView, PostDiagnostics } from '../../shared/diagnostics-api';
import type { HubClaims } from './claims/claimer';
import type { EventShipper } from './events/shipper';
import type { HubIssuer } from './numbers/issuer';
import type { ClockCheck } from './clock';
import type { HubLink } from './link';
import { kioskLinkStatus } from './events/status';
import type { KioskAlerts } from './alerts/registry';
import { devicesStale } from '../../shared/post-alerts-api';

export interface KioskPostSource {
  link: Pick<HubLink, 'url'>;
  issuer: Pick<HubIssuer, 'status'>;
  claims: Pick<HubClaims, 'status'>;
  shipper: Pick<EventShipper, 'status'>;
  clock: Pick<ClockCheck, 'status' | 'check'>;
}

export interface HubPostSource {
  db: Db;
  alerts: Pick<KioskAlerts, 'list' | 'devices'>;
  consulate: { code: string; timeZone: string };
}

export type PostSource = { role: 'kiosk'; kiosk: KioskPostSource } | { role: 'hub' | 'standalone'; hub: HubPostSource };

const latest = (...isos: Array<string | null | undefined>): string | null =>
  isos.filter((s): s is string => !!s).reduce<string | null>((a, b) => (a === null || b > a ? b : a), null);

export function kioskPostView(s: KioskPostSource): KioskPostView {
  const issuer = s.issuer.status();
  const claims = s.claims.status();
  const shipping = s.shipper.status();
  const clock = s.clock.status();
  // The clock was measured just now (postDiagnostics): its hello is the freshest word on the link.
  const failure = clock.lastFailure;
  const lastContact = latest(issuer.lastContactAt, claims.lastContactAt, shipping.lastContact, clock.checkedAt);
  const attention: string[] = [];
  if (failure) attention.push(`the hub ${s.link.url} does not answer (${failure.reason}): ${failure.detail}`);
  if (issuer.hubProblem)
    attention.push(`the hub ${issuer.hubProblem.reason === 'refused' ? 'refuses this kiosk' : 'shows another certificate'}: ${issuer.hubProblem.detail}`);
  if (clock.refusal) attention.push(clock.refusal);
  for (const p of issuer.prefixes) {
    if (p.fallbackInUse) attention.push(`prefix ${p.prefix}: offline block used up, ${p.usedFallback} ticket(s) from this kiosk's fallback series`);
    else if (p.blockUsedUp && failure) attention.push(`prefix ${p.prefix}: no offline number left; the next offline ticket uses the fallback series`);
  }
  if (issuer.refusedUploads.length)
    attention.push(`${issuer.refusedUploads.length} offline ticket(s) refused by the hub: see the journal (post.ticket.upload-refused)`);
  if (claims.conflicts) attention.push(`${claims.conflicts} appointment token(s) also used at another kiosk: raised to the supervisor`);
  return {
    hubUrl: s.link.url,
    reachable: clock.checkedAt !== null && !failure,
    failure,
    hubProblem: issuer.hubProblem,
    lastContact,
    clock: { skewMs: clock.skewMs, checkedAt: clock.checkedAt, maxSkewSeconds: clock.maxSkewSeconds, refusal: clock.refusal },
    businessDay: issuer.businessDay,
    blocks: issuer.prefixes,
    pendingUploads: issuer.pendingUploads,
    refusedUploads: issuer.refusedUploads.length,
    pendingClaims: claims.pending + claims.releasing,
    claimConflicts: claims.conflicts,
    shipping: {
      state: shipping.state,
      lag: shipping.lag,
      shippedThrough: shipping.shippedThrough,
      lastContact: shipping.lastContact,
      lastError: shipping.lastError,
    },
    attention,
  };
}

/** Every kiosk the hub enrolled or heard from, with what it shipped, its alert and today's blocks. */
export function hubKioskViews(s: HubPostSource, now = new Date()): { businessDay: string; kiosks: HubKioskView[] } {
  const day = businessDay(now, s.consulate.timeZone);
  const enrolled = new Map(listKiosks(s.db).map((k) => [k.kioskId, k]));
  const links = new Map(kioskLinkStatus(s.db, now).map((l) => [l.kioskId, l]));
  const alerts = new Map(s.alerts.list().map((a) => [a.kioskId, a]));
  const devices = s.alerts.devices();
  const blocks = blocksLeasedOn(s.db, s.consulate.code, day);
  const ids = [...new Set([...enrolled.keys(), ...links.keys(), ...alerts.keys(), ...devices.keys(), ...blocks.map((b) => b.kiosk)])].sort();
  const kiosks = ids.map((id): HubKioskView => {
    const k = enrolled.get(id);
    const l = links.get(id);
    const a = alerts.get(id);
    const d = devices.get(id);
    const stale = d ? devicesStale(d, now) : false;
    return {
      kioskId: id,
      enrolledAt: k?.enrolledAt ?? null,
      revokedAt: k?.revokedAt ?? null,
      lastContact: latest(k?.lastSeenAt, l?.lastContact, a?.lastContact),
      shippedThrough: l?.shippedThrough ?? null,
      lag: l?.lag ?? null,
      chain: l ? l.chain : 'unknown',
      alert: a ? { needsStaff: a.needsStaff, reason: a.reason, screen: a.screen, since: a.since } : null,
      devices: d ? { reportedAt: d.reportedAt, stale, list: d.list } : null,
      blocks: blocks.filter((b) => b.kiosk === id).map(({ prefix, first, last, leasedAt }) => ({ prefix, first, last, leasedAt })),
      attention: k?.revokedAt
        ? `revoked on ${k.revokedAt}: the hub refuses it`
        : (l?.attention ?? (d && stale ? `no report since ${d.reportedAt}: its devices are shown as last known` : null)),
    };
  });
  return { businessDay: day, kiosks };
}

/** On a kiosk, asks the hub's hello first (bounded): whether the hub answers now, and the clock difference now. */
export async function postDiagnostics(src: PostSource, now = new Date()): Promise<PostDiagnostics> {
  if (src.role === 'kiosk') {
    await src.kiosk.clock.check();
    return { role: 'kiosk', kiosk: kioskPostView(src.kiosk) };
  }
  return { role: src.role, ...hubKioskViews(src.hub, now) };
}
