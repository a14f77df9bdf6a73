// One shipper for every hash chain a daemon sends upward (issues 15 and 16): a kiosk's journal to its post hub
// (server/post/events/shipper.ts), and a post's chains to the central service (server/central/shipper.ts). The
// chain's events after the target's confirmed position go in bounded batches; the position moves only on the
// target's answer (idempotent by origin + event id at the other end). It never sits on a payment's path: the
// journal is written first and locally, shipping follows when it can.
// - After any failure it waits, doubling from minBackoffMs to maxBackoffMs (with jitter, so the senders do not
//   all come back at the same instant after a restart); nudges do not cut a backoff short.
// - Idle, it looks at the chain's head every pollMs (one indexed read) or at once when nudged, and sends an empty
//   batch every heartbeatMs so the target's "last contact" stays true for a quiet sender.
// - Every answer says what the target holds of the chain (acceptedThrough + its link). That is how the sender
//   learns the target is behind it (restored from an older backup): it acknowledges less than it had before. The
//   link is checked against this chain, the position goes back there (the source journals it), and the events are
//   shipped again from there. A 409 gap says the same for a batch sent past the target's end.
// - A fork is the target's to resolve: the shipper keeps trying slowly and shows the refusal.
import { ShipEventsAnswer, ShipEventsRefusal, type ChainHead, type ShippedEvent } from '../../shared/post-events-api';
import type { HubAnswer } from '../post/link';

/** A chain to ship and the sender's record of what the target confirmed. */
export interface ShipSource {
  /** Still readable (the journal not closed). */
  open(): boolean;
  /** The last event id the target confirmed (0: none). */
  confirmed(): number;
  /** Events after `afterId`, oldest first, bounded; with the chain's head read at the same time. */
  batch(afterId: number, limits: { maxEvents: number; maxBytes: number }): { head: ChainHead | null; keyedFrom: number | null; events: ShippedEvent[] };
  lag(afterId: number): { head: ChainHead | null; lag: number };
  /** This chain's link at `id` ('' at 0), undefined when it has no such event. */
  linkAt(id: number): string | undefined;
  /** The target holds the chain through `through`; `behind`: less than it had confirmed (journal it). */
  confirm(through: number, hash: string, behind: { had: number } | null, at: Date): void;
}

export interface ShipTarget {
  /** "the hub", "the central service": for messages. */
  name: string;
  path: string;
  /** What the target says when the chain it holds is not this one. */
  mismatch: string;
  /** Adds the target's own fields to a batch (origin, anchor proof). */
  body?(batch: object): object;
  /** Reads the rest of an accepted answer (anchor check, flags). */
  accepted?(answer: unknown): void;
}

export interface ChainShipperOptions {
  source: ShipSource;
  target: ShipTarget;
  link: { request(method: 'GET' | 'POST', path: string, body?: unknown, o?: { timeoutMs?: number }): Promise<HubAnswer> };
  maxEvents?: number;
  maxBytes?: number;
  pollMs?: number;
  heartbeatMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Bound on one request (a batch of 500 events is written in one transaction at the other end). */
  timeoutMs?: number;
  now?: () => Date;
  /** Told of each new failure and of the recovery after failures (for the daemon's log). */
  onChange?: (s: ShipperStatus) => void;
}

export type ShipperState = 'shipping' | 'idle' | 'retrying' | 'refused' | 'stopped';

export interface ShipperStatus {
  state: ShipperState;
  /** The last event the target confirmed holding. */
  shippedThrough: number;
  head: { id: number; hash: string } | null;
  /** Events in this chain the target does not hold yet. */
  lag: number;
  /** The target's last answer, of any kind (ISO). */
  lastContact: string | null;
  lastError: { at: string; reason: string; detail: string } | null;
}

export interface ChainShipper {
  /** New events were appended: ship them soon (no effect during a backoff). */
  nudge(): void;
  status(): ShipperStatus;
  /** Stops after the request in flight (bounded by timeoutMs); the position is as the target last confirmed. */
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

export function startChainShipper(o: ChainShipperOptions): ChainShipper {
  const c = { ...SHIPPER_DEFAULTS, ...Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) } as typeof SHIPPER_DEFAULTS &
    ChainShipperOptions;
  const now = o.now ?? (() => new Date());
  const { source, target, link } = o;
  let state: ShipperState = 'shipping';
  let lastContact: string | null = null;
  let lastError: ShipperStatus['lastError'] = null;
  let lastSent = 0;
  let failures = 0;
  let stopped = false;
  let nudged = false;
  let sleeper: { done: () => void; nudgeable: boolean } | null = null;

  const status = (): ShipperStatus => {
    const cursor = source.open() ? source.confirmed() : 0;
    const { head, lag } = source.open() ? source.lag(cursor) : { head: null, lag: 0 };
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

  /** The target's word on what it holds, checked against this chain before the position moves there. */
  const holdAt = (through: number, hash: string): string | null => {
    if (source.linkAt(through) !== hash)
      return `${target.name} says it holds this chain through event ${through} ending with another link than this one's: ${target.mismatch}`;
    const had = source.confirmed();
    if (had !== through) source.confirm(through, hash, through < had ? { had } : null, now());
    return null;
  };

  const cycle = async (): Promise<Outcome> => {
    const cursor = source.confirmed();
    const batch = source.batch(cursor, { maxEvents: c.maxEvents, maxBytes: c.maxBytes });
    const heartbeatDue = Date.now() - lastSent >= c.heartbeatMs;
    if (batch.events.length === 0 && !heartbeatDue) return 'idle';
    lastSent = Date.now();
    const a = await link.request('POST', target.path, target.body ? target.body(batch) : batch, { timeoutMs: c.timeoutMs });
    if (!source.open()) return 'idle';
    if (a.ok || a.status !== undefined) lastContact = now().toISOString();
    if (a.ok) {
      const ans = ShipEventsAnswer.safeParse(a.body);
      if (!ans.success) return fail('answer', `${target.name}'s answer is not one this daemon understands (a different version?): ${ans.error.message}`);
      const wrong = holdAt(ans.data.acceptedThrough, ans.data.acceptedHash);
      if (wrong) return fail('chain', wrong, true);
      target.accepted?.(a.body);
      if (failures > 0) o.onChange?.({ ...status(), state: 'shipping', lastError: null });
      failures = 0;
      lastError = null;
      const { head } = source.lag(ans.data.acceptedThrough);
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
        if (r.acceptedThrough !== cursor) return 'more'; // the target holds less than we thought: send from there now
      }
      // A fork is the target's (and a person's) to resolve: the position stays, the refusal is shown.
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
    while (!stopped && source.open()) {
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
