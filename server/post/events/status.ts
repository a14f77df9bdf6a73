// Each kiosk's link as the hub sees it, for GET /api/post/kiosks and the hub's diagnostics page.
import type { Db } from '../../../store/db';
import { kioskHeads } from '../../../store/post-events';
import { forkAcceptances } from '../../../store/post-event-forks';
import type { KioskLink } from '../../../shared/post-events-api';

export interface AttentionBounds {
  /** No contact for longer than this: the kiosk is off, cut from the hub, or its shipper stopped. */
  silentAfterSeconds: number;
  /** More events behind than this: the hub's reports do not cover the kiosk yet. */
  lagAbove: number;
}

/** A kiosk's shipper sends at least a heartbeat every 30 s (shipper.ts): four missed ones is a silence. */
export const DEFAULT_ATTENTION: AttentionBounds = { silentAfterSeconds: 120, lagAbove: 5000 };

/** Every kiosk that ever shipped to this hub: shipped through, reported head, lag, last contact, chain status, and what to look at. */
export function kioskLinkStatus(db: Db, now = new Date(), bounds: AttentionBounds = DEFAULT_ATTENTION): KioskLink[] {
  const accepted = forkAcceptances(db);
  return kioskHeads(db).map((h) => {
    const silentSeconds = Math.max(0, Math.floor((now.getTime() - Date.parse(h.lastContact)) / 1000));
    const attention = h.fork
      ? `its journal parted from the hub's copy at event ${h.fork.atId} (${h.fork.reason}): nothing more is taken from it; ` +
        "keep both journals as evidence and compare the kiosk's `kiosk journal verify` with the hub's copy; " +
        `to take its journal as it is now (the hub's copy is kept): kiosk hub accept-fork --kiosk ${h.kioskId} --reason WHY`
      : silentSeconds > bounds.silentAfterSeconds
        ? `no contact for ${Math.round(silentSeconds / 60)} min (last ${h.lastContact}): check that the kiosk runs and reaches the hub`
        : h.lag > bounds.lagAbove
          ? `${h.lag} events not shipped yet: the post's reports do not cover this kiosk's last events`
          : null;
    return {
      kioskId: h.kioskId,
      shippedThrough: h.shippedThrough,
      reportedHead: h.reportedHead,
      lag: h.lag,
      firstContact: h.firstContact,
      lastContact: h.lastContact,
      lastReceivedAt: h.lastReceivedAt,
      silentSeconds,
      chain: h.fork ? 'forked' : 'ok',
      keyedFrom: h.keyedFrom,
      fork: h.fork,
      forkAccepted: accepted.get(h.kioskId) ?? null,
      attention,
    };
  });
}
