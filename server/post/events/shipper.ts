// The kiosk's event shipper (issue 15, item 4): its journal to the post hub, through the one chain shipper
// (server/shipping/chain-shipper.ts: batches, backoff with jitter, heartbeat, "the hub is behind me", refusals
// shown) over the kiosk's outbox cursor (store/post-outbox.ts). A hub found behind is journaled
// (`post.hub-behind`); the numbers it forgot come back another way (../numbers/recover.ts). A fork is the hub's
// to resolve (`kiosk hub accept-fork`).
import type { Db } from '../../../store/db';
import { appendEvent, eventHashOf } from '../../../store/events';
import { outboxCursor, outboxLag, outgoingBatch, setOutboxCursor } from '../../../store/post-outbox';
import { startChainShipper, type ChainShipper, type ChainShipperOptions, type ShipSource } from '../../shipping/chain-shipper';
import type { HubLink } from '../link';

export { SHIPPER_DEFAULTS, type ShipperState, type ShipperStatus } from '../../shipping/chain-shipper';

export type EventShipper = ChainShipper;

export interface EventShipperOptions extends Omit<ChainShipperOptions, 'source' | 'target' | 'link'> {
  db: Db;
  link: Pick<HubLink, 'request'>;
}

/** The kiosk's own journal as a chain to ship, its position in post_outbox. */
export function journalSource(db: Db): ShipSource {
  return {
    open: () => db.open,
    confirmed: () => outboxCursor(db).shippedThrough,
    batch: (after, limits) => outgoingBatch(db, after, limits),
    lag: (after) => outboxLag(db, after),
    linkAt: (id) => (id === 0 ? '' : eventHashOf(db, id)),
    confirm: (through, hash, behind, at) =>
      db.transaction(() => {
        if (behind) appendEvent(db, { kind: 'post.hub-behind', payload: { hubHolds: through, hadConfirmed: behind.had } });
        setOutboxCursor(db, through, hash, at);
      })(),
  };
}

export function startEventShipper(o: EventShipperOptions): EventShipper {
  const { db, ...rest } = o;
  return startChainShipper({
    ...rest,
    source: journalSource(db),
    target: {
      name: 'the hub',
      path: '/api/post/events',
      mismatch: 'another kiosk may be using this kiosk id, or this journal was replaced',
    },
  });
}
