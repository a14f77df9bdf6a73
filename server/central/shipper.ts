// A post's chains shipped to the central service (issue 16): a standalone daemon's or a hub's own journal
// ("post"), and on a hub each kiosk's journal it holds ("kiosk:K2", the kiosk's own links relayed unchanged).
// One chain shipper per chain (server/shipping/chain-shipper.ts, the one the kiosks use toward their hub), each
// with its position in central_outbox (store/central-outbox.ts). The central service's answers name an anchored
// event; the next request shows that event's link as the journal has it now (recomputed from its content), so a
// journal edited after shipping is found there. The post works the same without the central service: shipping
// waits, backs off, and catches up.
import type { Db } from '../../store/db';
import { appendEvent, eventHashOf } from '../../store/events';
import {
  centralCursor,
  kioskBatch,
  kioskLag,
  kioskLinkAt,
  kioskLinkNow,
  ownBatch,
  ownLag,
  ownLinkNow,
  relayedKiosks,
  setCentralCursor,
  type CentralOrigin,
} from '../../store/central-outbox';
import { CentralEventsAnswer, MAX_CENTRAL_BATCH_EVENTS, type AnchorProof, type StreamFlag } from '../../shared/central-events-api';
import { startChainShipper, type ChainShipperOptions, type ShipSource, type ShipperStatus } from '../shipping/chain-shipper';

export interface CentralShippingOptions extends Omit<ChainShipperOptions, 'source' | 'target'> {
  db: Db;
  /** A hub relays its kiosks' chains too. */
  relayKiosks: boolean;
  /** How often a hub looks for a kiosk it has not relayed yet. */
  discoverMs?: number;
}

export interface CentralChainStatus extends ShipperStatus {
  origin: CentralOrigin;
  /** What the central service found wrong with this chain (tampered, truncated, forked), as it last said. */
  flags: StreamFlag[];
}

export interface CentralShipping {
  nudge(): void;
  status(): CentralChainStatus[];
  stop(): Promise<void>;
}

function sourceFor(db: Db, origin: CentralOrigin): ShipSource {
  const kiosk = origin === 'post' ? null : origin.slice('kiosk:'.length);
  return {
    open: () => db.open,
    confirmed: () => centralCursor(db, origin).shippedThrough,
    batch: (after, limits) => (kiosk ? kioskBatch(db, kiosk, after, limits) : ownBatch(db, after, limits)),
    lag: (after) => (kiosk ? kioskLag(db, kiosk, after) : ownLag(db, after)),
    linkAt: (id) => (kiosk ? kioskLinkAt(db, kiosk, id) : id === 0 ? '' : eventHashOf(db, id)),
    confirm: (through, hash, behind, at) =>
      db.transaction(() => {
        if (behind) appendEvent(db, { kind: 'post.central-behind', subject: origin, payload: { origin, centralHolds: through, hadConfirmed: behind.had } });
        setCentralCursor(db, origin, through, hash, at);
      })(),
  };
}

export function startCentralShipping(o: CentralShippingOptions): CentralShipping {
  const { db, relayKiosks, discoverMs = 5000, ...opts } = o;
  const chains = new Map<CentralOrigin, { shipper: ReturnType<typeof startChainShipper>; flags: StreamFlag[] }>();
  let stopped = false;

  const start = (origin: CentralOrigin) => {
    let asked: number | null = null;
    const entry = {
      flags: [] as StreamFlag[],
      shipper: startChainShipper({
        maxEvents: Math.min(500, MAX_CENTRAL_BATCH_EVENTS),
        ...opts,
        source: sourceFor(db, origin),
        target: {
          name: 'the central service',
          path: '/api/central/events',
          mismatch: "this post may be enrolled under another post's id, or its journal was replaced",
          body: (batch) => {
            const kiosk = origin === 'post' ? null : origin.slice('kiosk:'.length);
            const proof: AnchorProof | null =
              asked === null ? null : { id: asked, hash: (kiosk ? kioskLinkNow(db, kiosk, asked) : ownLinkNow(db, asked)) ?? '' };
            return { origin, ...batch, ...(proof ? { anchorProof: proof } : {}) };
          },
          accepted: (answer) => {
            const a = CentralEventsAnswer.safeParse(answer);
            asked = a.success ? (a.data.anchorCheck?.id ?? null) : null;
            if (a.success) entry.flags = a.data.flags;
          },
        },
      }),
    };
    chains.set(origin, entry);
  };

  start('post');
  const discover = () => {
    if (stopped || !db.open) return;
    for (const k of relayedKiosks(db)) if (/^[A-Za-z0-9_-]{1,32}$/.test(k) && !chains.has(`kiosk:${k}`)) start(`kiosk:${k}`);
  };
  const timer = relayKiosks ? setInterval(discover, discoverMs) : null;
  timer?.unref?.();
  if (relayKiosks) discover();

  return {
    nudge: () => chains.forEach((c) => c.shipper.nudge()),
    status: () => [...chains].map(([origin, c]) => ({ origin, ...c.shipper.status(), flags: c.flags })),
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await Promise.all([...chains.values()].map((c) => c.shipper.stop()));
    },
  };
}
