// The kiosk's event shipper (issue 15, item 4): sends the journal's events after the outbox cursor to the
// hub in bounded batches and moves the cursor only on the hub's answer (store/post-outbox.ts). It never sits
// on a payment's path: the journal is written first and locally, shipping follows when it can.
// - After any failure it waits, doubling from minBackoffMs to maxBackoffMs (with jitter, so the kiosks of a
//   post do not all come back at the same instant after a hub restart); nudges do not cut a backoff short.
// - Idle, it looks at the journal's head every pollMs (one indexed read) or at once when nudged, and sends
//   an empty batch every heartbeatMs so the hub's "last contact" stays true for a quiet kiosk.
// - Every answer says what the hub holds of this kiosk's chain (acceptedThrough + its link). That is how the kiosk
//   learns the hub is behind it (restored from an older backup: the README's cold standby): the hub acknowledges
//   less than it had acknowledged before. The link is checked against this journal, the cursor goes back there,
//   `post.hub-behind` is journaled, and the events are shipped again from the hub's position (idempotent by
//   kiosk + id; the hub checks the chain as always). A 409 gap says the same for a batch sent past the hub's end.
//   The numbers the hub forgot come back another way: it asks each kiosk after every start (../numbers/recover.ts).
// - A fork is the hub's to resolve (`kiosk hub accept-fork`): the shipper keeps trying slowly and shows the refusal.
import type { Db } from '../../../store/db';
import { appendEvent, eventHashOf } from '../../../store/events';
import { outboxCursor, outboxLag, outgoingBatch, setOutboxCursor } from '../../../store/post-outbox';
import { ShipEventsAnswer, ShipEventsRefusal } from '../../../shared/post-events-api';
import type { HubLink } from '../link';

export interface EventShipperOptions {
  db: Db;
  link: Pick<HubLink, 'request'>;
  maxEvents?: number;
  maxBytes?: number;
  pollMs?: number;
  heartbeatMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Bound on one request (a batch of 500 events is written in one transaction at the hub). */
  timeoutMs?: number;
  now?: () => Date;
  /** Told of each new failure and of the recovery after failures (for the daemon's log). */
  onChange?: (s: ShipperStatus) => void;
}

export type ShipperState = 'shipping' | 'idle' | 'retrying' | 'refused' | 'stopped';

export interface ShipperStatus {
  state: ShipperState;
  /** The last event the hub confirmed holding. */
  shippedThrough: number;
  head: { id: number; hash: string } | null;
  /** Events in this journal the hub does not hold yet. */
  lag: number;
  /** The hub's last answer, of any kind (ISO). */
  lastContact: string | null;
  lastError: { at: string; reason: string; detail: string } | null;
}

export interface EventShipper {
  /** New events were appended: ship them soon (no effect during a backoff). */
  nudge(): void;
  status(): ShipperStatus;
  /** Stops after the request in flight (bounded by timeoutMs); the cursor is as the hub last confirmed. */
  stop(): Promise<void>;
}

export const SHIPPER_DEFAULTS = {
  maxEvents: 500,
  maxBytes: 512 * 1024,
  pollMs: 1000,
  heartbeatMs: 30_000,
  minBackoffMs: 500,
  maxBackoffMs: 30_000,
  timeoutMs: 15_000,
} as const;

type Outcome = 'more' | 'idle' | 'failed';

export function startEventShipper(o: EventShipperOptions): EventShipper {
  const c = { ...SHIPPER_DEFAULTS, ...Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) } as typeof SHIPPER_DEFAULTS &
    EventShipperOptions;
  const now = o.now ?? (() => new Date());
  const { db, link } = o;
  let state: ShipperState = 'shipping';
  let lastContact: string | null = null;
  let lastError: ShipperStatus['lastError'] = null;
  let lastSent = 0;
  let failures = 0;
  let stopped = false;
  let nudged = false;
  let sleeper: { done: () => void; nudgeable: boolean } | null = null;

  const status = (): ShipperStatus => {
    const cursor = db.open ? outboxCursor(db).shippedThrough : 0;
    const { head, lag } = db.open ? outboxLag(db, cursor) : { head: null, lag: 0 };
    return { state, shippedThrough: cursor, head, lag, lastContact, lastError };
  };

  const fail = (reason: string, detail: string, refused = false): Outcome => {
    const changed = lastError?.reason !== reason || lastError.detail !== detail;
    lastError = { at: now().toISOString(), reason, detail };
    state = refused ? 'refused' : 'retrying';
    failures++;
    lastSent = 0; // the next turn asks again, events or not
    if (changed) o.onChange?.(status());
    return 'failed';
  };

  /** The hub's word on what it holds, checked against this journal before the cursor moves there. */
  const holdAt = (through: number, hash: string): string | null => {
    const ours = through === 0 ? '' : eventHashOf(db, through);
    if (ours !== hash)
      return (
        `the hub says it holds this kiosk's events through ${through} ending with another link than this journal's: ` +
        'another kiosk may be using this kiosk id, or this journal was replaced'
      );
    const had = outboxCursor(db).shippedThrough;
    if (had === through) return null;
    db.transaction(() => {
      if (through < had) appendEvent(db, { kind: 'post.hub-behind', payload: { hubHolds: through, hadConfirmed: had } });
      setOutboxCursor(db, through, hash, now());
    })();
    return null;
  };

  const cycle = async (): Promise<Outcome> => {
    const cursor = outboxCursor(db).shippedThrough;
    const batch = outgoingBatch(db, cursor, { maxEvents: c.maxEvents, maxBytes: c.maxBytes });
    const heartbeatDue = Date.now() - lastSent >= c.heartbeatMs;
    if (batch.events.length === 0 && !heartbeatDue) return 'idle';
    lastSent = Date.now();
    const a = await link.request('POST', '/api/post/events', batch, { timeoutMs: c.timeoutMs });
    if (!db.open) return 'idle';
    if (a.ok || a.status !== undefined) lastContact = now().toISOString();
    if (a.ok) {
      const ans = ShipEventsAnswer.safeParse(a.body);
      if (!ans.success) return fail('answer', `the hub's answer is not one this kiosk understands (a different version?): ${ans.error.message}`);
      const wrong = holdAt(ans.data.acceptedThrough, ans.data.acceptedHash);
      if (wrong) return fail('chain', wrong, true);
      if (failures > 0) o.onChange?.({ ...status(), state: 'shipping', lastError: null });
      failures = 0;
      lastError = null;
      const { head } = outboxLag(db, ans.data.acceptedThrough);
      const more = head !== null && head.id > ans.data.acceptedThrough;
      state = more ? 'shipping' : 'idle';
      return more ? 'more' : 'idle';
    }
    const refusal = a.status === 409 ? ShipEventsRefusal.safeParse(a.body) : null;
    if (refusal?.success) {
      const r = refusal.data;
      if (r.reason === 'gap') {
        const wrong = holdAt(r.acceptedThrough, r.acceptedHash);
        if (wrong) return fail('chain', wrong, true);
        if (r.acceptedThrough !== cursor) return 'more'; // the hub holds less than we thought: send from there now
      }
      // A fork is the hub's (and a supervisor's) to resolve: the cursor stays, the refusal is shown.
      return fail(r.reason, r.error, r.reason !== 'gap');
    }
    return fail(a.reason, a.detail, a.reason === 'refused');
  };

  const sleep = (ms: number, nudgeable: boolean) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => s.done(), ms);
      t.unref?.();
      const s = {
        nudgeable,
        done: () => {
          clearTimeout(t);
          if (sleeper === s) sleeper = null;
          resolve();
        },
      };
      sleeper = s;
    });

  const loop = (async () => {
    while (!stopped && db.open) {
      let out: Outcome;
      try {
        nudged = false;
        out = await cycle();
      } catch (err) {
        // A bug or the journal going away under us: said, and tried again later rather than losing the shipper.
        out = fail('error', (err as Error).message);
      }
      if (stopped) break;
      if (out === 'more') continue;
      if (out === 'failed') {
        const backoff = Math.min(c.maxBackoffMs, c.minBackoffMs * 2 ** Math.min(failures - 1, 16));
        await sleep(backoff * (0.8 + Math.random() * 0.4), false);
      } else if (!nudged) {
        await sleep(c.pollMs, true);
      }
    }
    state = 'stopped';
  })();

  return {
    nudge() {
      nudged = true;
      if (sleeper?.nudgeable) sleeper.done();
    },
    status,
    async stop() {
      stopped = true;
      sleeper?.done();
      await loop;
    },
  };
}
