// The hub's copy of every kiosk's journal (issue 15, item 4). Each batch a kiosk ships is checked link by link
// against what the hub already holds before a row is written, in one write transaction per batch:
// - ids run on from the hub's last one (kiosk event ids are consecutive: AUTOINCREMENT, and events are never
//   deleted, see migrations/001_events.sql), or the batch is refused as a gap, saying what is missing;
// - each new event's prev_hash is the link of the one before it, else the chains have parted: a fork;
// - an event the hub already has is a duplicate when it is identical (a re-send after a crash or a lost
//   answer), a fork when it is not (the kiosk's journal was rewritten after it was shipped);
// - links before the kiosk's `keyedFrom` are plain SHA-256 and are recomputed here: an edited event shows.
//   Links from `keyedFrom` on are HMACs under the kiosk's journal key (store/chain-key.ts), which the hub does
//   NOT hold: for those the hub checks continuity only (prev_hash against the link it holds). That still makes
//   the hub's copy a witness kept off the kiosk: a journal rewritten (and re-keyed) after shipping no longer
//   matches it, and a journal cut short reports a head behind what the hub holds.
// A fork is recorded once (the head row, and one `post.chain-fork` event in the hub's journal); the valid
// events before it are kept, and nothing more is taken from that kiosk until someone looks.
// The link rules themselves are shared with the central service (shared/event-chain.ts).
import type { ChainHeld, ChainRefusal } from '../shared/chain-refusal';
import type { ShippedEvent } from '../shared/post-events-api';
import type { Db } from './db';
import { checkKeyedFrom, checkNextLink } from '../shared/event-chain';
import { appendEvent } from './events';
import { eventKind, TRANSITIONS, type PaymentState } from './payments';
import { prepared } from './statements';
import { REFUND_TRANSITIONS, refundEventKind, type RefundState } from './refunds';

/** An event as the kiosk shipped it (its stored JSON text unchanged): the wire shape, one definition. */
export type ReceivedEvent = ShippedEvent;

export interface ShipBatch {
  head: { id: number; hash: string } | null;
  keyedFrom: number | null;
  events: ReceivedEvent[];
}

type Held = ChainHeld;
export type ReceiveResult =
  | ({ ok: true } & Held)
  | (ChainRefusal & {
      /** A fork found by this batch (and journaled now); false for one found before. */
      recorded: boolean;
    });

interface HeadRow {
  kiosk_id: string;
  last_id: number;
  last_hash: string;
  keyed_from: number | null;
  reported_head_id: number;
  reported_head_hash: string;
  first_contact: string;
  last_contact: string;
  last_received_at: string | null;
  fork_at_id: number | null;
  fork_reason: string | null;
  forked_at: string | null;
}

interface StoredEvent {
  at: string;
  kind: string;
  subject: string | null;
  payload: string;
  prev_hash: string;
  hash: string;
  received_at: string;
}

const headOf = (db: Db, kioskId: string) => prepared(db, 'SELECT * FROM post_kiosk_heads WHERE kiosk_id = ?').get(kioskId) as HeadRow | undefined;
const storedEvent = (db: Db, kioskId: string, id: number) =>
  prepared(db, 'SELECT at, kind, subject, payload, prev_hash, hash, received_at FROM post_received_events WHERE kiosk_id = ? AND id = ?').get(kioskId, id) as
    StoredEvent | undefined;

const sameEvent = (s: StoredEvent, e: ReceivedEvent) =>
  s.hash === e.hash && s.prev_hash === e.prevHash && s.at === e.at && s.kind === e.kind && s.subject === e.subject && s.payload === e.payload;

/** Takes a kiosk's batch: see the file's comment for what is checked. Expected refusals are values. */
export function receiveEvents(db: Db, kioskId: string, batch: ShipBatch, now = new Date()): ReceiveResult {
  const nowIso = now.toISOString();
  return db
    .transaction((): ReceiveResult => {
      prepared(
        db,
        `INSERT INTO post_kiosk_heads (kiosk_id, first_contact, last_contact) VALUES (?, ?, ?)
         ON CONFLICT (kiosk_id) DO UPDATE SET last_contact = excluded.last_contact`,
      ).run(kioskId, nowIso, nowIso);
      if (batch.head)
        prepared(db, 'UPDATE post_kiosk_heads SET reported_head_id = ?, reported_head_hash = ? WHERE kiosk_id = ?').run(
          batch.head.id,
          batch.head.hash,
          kioskId,
        );
      const head = headOf(db, kioskId)!;
      let last = { id: head.last_id, hash: head.last_hash };
      let inserted = 0;
      let duplicates = 0;
      const held = (): Held => ({ acceptedThrough: last.id, acceptedHash: last.hash, inserted, duplicates });
      const saveLast = () => {
        if (inserted > 0)
          prepared(db, 'UPDATE post_kiosk_heads SET last_id = ?, last_hash = ?, last_received_at = ? WHERE kiosk_id = ?').run(
            last.id,
            last.hash,
            nowIso,
            kioskId,
          );
      };
      const fork = (atId: number, reason: string): ReceiveResult => {
        saveLast();
        prepared(db, 'UPDATE post_kiosk_heads SET fork_at_id = ?, fork_reason = ?, forked_at = ? WHERE kiosk_id = ?').run(atId, reason, nowIso, kioskId);
        appendEvent(db, { kind: 'post.chain-fork', subject: kioskId, at: now, payload: { kioskId, atId, reason, heldThrough: last.id } });
        return {
          ok: false,
          reason: 'fork',
          detail:
            `kiosk ${kioskId}: ${reason}. The hub keeps its copy through event ${last.id} ` + 'and takes nothing more from this kiosk until a supervisor looks',
          expectedFrom: last.id + 1,
          forkAt: atId,
          recorded: true,
          ...held(),
        };
      };

      if (head.fork_at_id !== null)
        return {
          ok: false,
          reason: 'forked',
          detail:
            `kiosk ${kioskId}'s journal parted from the hub's copy at event ${head.fork_at_id} (${head.fork_reason}, found ${head.forked_at}): ` +
            'nothing more is taken from it until a supervisor looks',
          expectedFrom: last.id + 1,
          forkAt: head.fork_at_id,
          recorded: false,
          ...held(),
        };

      // The keyed links start where the kiosk says, pinned at the first word (shared/event-chain.ts).
      const pinned = checkKeyedFrom(head.keyed_from, batch.keyedFrom, last.id);
      if (!pinned.ok)
        return fork(
          pinned.atId,
          `its journal says its keyed links start at ${batch.keyedFrom ?? '(none)'}, the hub holds them from ${head.keyed_from ?? '(none)'}: ` +
            'the journal was replaced or its key record changed',
        );
      const keyedFrom = pinned.keyedFrom;
      if (pinned.changed) prepared(db, 'UPDATE post_kiosk_heads SET keyed_from = ? WHERE kiosk_id = ?').run(keyedFrom, kioskId);

      const insert = prepared(
        db,
        'INSERT INTO post_received_events (kiosk_id, id, at, kind, subject, payload, prev_hash, hash, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      for (const e of batch.events) {
        if (e.id <= last.id) {
          const s = storedEvent(db, kioskId, e.id);
          if (s && sameEvent(s, e)) {
            duplicates++;
            continue;
          }
          return fork(
            e.id,
            `event ${e.id} (${e.kind}) differs from the one the hub received ${s?.received_at ?? '(never)'}: the journal was rewritten after it was shipped`,
          );
        }
        const fault = checkNextLink(last, e, keyedFrom);
        if (fault?.fault === 'gap') {
          saveLast();
          return {
            ok: false,
            reason: 'gap',
            detail: `kiosk ${kioskId}: events ${fault.from} to ${fault.to} are missing before event ${e.id}: send from event ${fault.from}`,
            expectedFrom: fault.from,
            missing: { from: fault.from, to: fault.to },
            recorded: false,
            ...held(),
          };
        }
        if (fault?.fault === 'unlinked')
          return fork(e.id, `event ${e.id} (${e.kind}) does not follow event ${last.id} as the hub holds it: the chains have parted`);
        if (fault?.fault === 'altered') return fork(e.id, `event ${e.id} (${e.kind}) does not match its own link: it was changed after it was written`);
        insert.run(kioskId, e.id, e.at, e.kind, e.subject, e.payload, e.prevHash, e.hash, nowIso);
        last = { id: e.id, hash: e.hash };
        inserted++;
      }
      saveLast();

      // The head the kiosk reports must be on the chain the hub holds, and not behind it.
      if (batch.head && batch.head.id < last.id)
        return fork(
          batch.head.id + 1,
          `its journal ends at event ${batch.head.id}, the hub holds events through ${last.id}: events were removed from its end ` +
            'or it was restored from an older backup',
        );
      if (batch.head && batch.head.id <= last.id) {
        const s = storedEvent(db, kioskId, batch.head.id);
        if (s && s.hash !== batch.head.hash)
          return fork(batch.head.id, `its newest event ${batch.head.id} is not the one the hub holds: its journal was rewritten`);
      }
      if (batch.head === null && last.id > 0) return fork(1, `its journal is empty, the hub holds events through ${last.id}: the journal was replaced`);
      return { ok: true, ...held() };
    })
    .immediate();
}

export interface KioskHead {
  kioskId: string;
  shippedThrough: number;
  shippedHash: string;
  reportedHead: number;
  lag: number;
  keyedFrom: number | null;
  firstContact: string;
  lastContact: string;
  lastReceivedAt: string | null;
  fork: { atId: number; reason: string; at: string } | null;
}

const toHead = (r: HeadRow): KioskHead => ({
  kioskId: r.kiosk_id,
  shippedThrough: r.last_id,
  shippedHash: r.last_hash,
  reportedHead: r.reported_head_id,
  lag: Math.max(0, r.reported_head_id - r.last_id),
  keyedFrom: r.keyed_from,
  firstContact: r.first_contact,
  lastContact: r.last_contact,
  lastReceivedAt: r.last_received_at,
  fork: r.fork_at_id === null ? null : { atId: r.fork_at_id, reason: r.fork_reason ?? '', at: r.forked_at ?? '' },
});

/** Every kiosk that ever shipped to this hub, by id. */
export function kioskHeads(db: Db): KioskHead[] {
  return (prepared(db, 'SELECT * FROM post_kiosk_heads ORDER BY kiosk_id').all() as HeadRow[]).map(toHead);
}

export function kioskHead(db: Db, kioskId: string): KioskHead | undefined {
  const r = headOf(db, kioskId);
  return r && toHead(r);
}

/** How many events the hub holds of a kiosk (all of them: a test and diagnostics read). */
export function receivedCount(db: Db, kioskId: string): number {
  return (prepared(db, 'SELECT count(*) AS n FROM post_received_events WHERE kiosk_id = ?').get(kioskId) as { n: number }).n;
}

export interface ShippedEventRow extends ReceivedEvent {
  kioskId: string;
  receivedAt: string;
}

/** Received events written in [from, to) (the kiosk's `at`), all kiosks or one, by kind prefix; oldest first per kiosk. */
export function shippedEventsBetween(
  db: Db,
  from: string,
  to: string,
  opts: { kioskId?: string; kindPrefix?: string; limit?: number } = {},
): ShippedEventRow[] {
  const prefix = (opts.kindPrefix ?? '').replace(/[%_\\]/g, '\\$&') + '%';
  return prepared(
    db,
    `SELECT kiosk_id AS kioskId, id, at, kind, subject, payload, prev_hash AS prevHash, hash, received_at AS receivedAt FROM post_received_events
     WHERE at >= ? AND at < ? AND kind LIKE ? ESCAPE '\\' AND (? IS NULL OR kiosk_id = ?) ORDER BY kiosk_id, id LIMIT ?`,
  ).all(from, to, prefix, opts.kioskId ?? null, opts.kioskId ?? null, opts.limit ?? -1) as ShippedEventRow[];
}

/** A kiosk's payment as its shipped events tell it: the request from payment.intent, the state from its last shipped state event. */
export interface ShippedPayment {
  kioskId: string;
  paymentId: string;
  terminalId: string;
  amountMinor: number;
  currency: string;
  reference: string | null;
  isTest: boolean;
  shortRef: string | null;
  createdAt: string;
  /** As far as the hub knows: a later state may not be shipped yet (see the kiosk's lag). */
  state: PaymentState;
  stateAt: string;
  approvedAmountMinor: number | null;
}

const STATE_OF_KIND = new Map<string, PaymentState>((Object.keys(TRANSITIONS) as PaymentState[]).map((s) => [eventKind(s), s]));
const STATE_KINDS = [...STATE_OF_KIND.keys()].filter((k) => k !== 'payment.intent');

/** Payments requested in [from, to) at every kiosk (or one), oldest first per kiosk. */
export function shippedPaymentsBetween(db: Db, from: string, to: string, kioskId?: string): ShippedPayment[] {
  const rows = prepared(
    db,
    `SELECT i.kiosk_id, i.subject, i.at, i.payload, s.kind AS s_kind, s.at AS s_at, s.payload AS s_payload
     FROM post_received_events i
     LEFT JOIN post_received_events s ON s.kiosk_id = i.kiosk_id AND s.id = (
       SELECT max(x.id) FROM post_received_events x
       WHERE x.kiosk_id = i.kiosk_id AND x.subject = i.subject AND x.id > i.id AND x.kind IN (${STATE_KINDS.map(() => '?').join(', ')}))
     WHERE i.kind = 'payment.intent' AND i.at >= ? AND i.at < ? AND (? IS NULL OR i.kiosk_id = ?) ORDER BY i.kiosk_id, i.id`,
  ).all(...STATE_KINDS, from, to, kioskId ?? null, kioskId ?? null) as Array<{
    kiosk_id: string;
    subject: string;
    at: string;
    payload: string;
    s_kind: string | null;
    s_at: string | null;
    s_payload: string | null;
  }>;
  return rows.map((r) => {
    const p = JSON.parse(r.payload) as Record<string, unknown>;
    let state: PaymentState = 'intent';
    let stateAt = r.at;
    let approvedAmountMinor: number | null = null;
    if (r.s_kind !== null) {
      const sp = JSON.parse(r.s_payload!) as Record<string, unknown>;
      state = STATE_OF_KIND.get(r.s_kind)!;
      stateAt = r.s_at!;
      approvedAmountMinor = typeof sp.approvedAmountMinor === 'number' ? sp.approvedAmountMinor : null;
    }
    return {
      kioskId: r.kiosk_id,
      paymentId: r.subject,
      terminalId: String(p.terminalId),
      amountMinor: Number(p.amountMinor),
      currency: String(p.currency),
      reference: typeof p.reference === 'string' ? p.reference : null,
      isTest: p.isTest === true,
      shortRef: typeof p.shortRef === 'string' ? p.shortRef : null,
      createdAt: r.at,
      state,
      stateAt,
      approvedAmountMinor,
    };
  });
}

/** A kiosk's refund as its shipped events tell it: the request from refund.intent, the state from its last state event. */
export interface ShippedRefund {
  kioskId: string;
  refundId: string;
  paymentId: string;
  method: 'refund' | 'reversal';
  amountMinor: number;
  currency: string;
  etimbreReference: string | null;
  createdAt: string;
  /** As far as the hub knows: a later state may not be shipped yet. */
  state: RefundState;
  /** The reversal of a test payment (kiosk setup's), as the payment's shipped intent says: out of the fees' refunds. */
  ofTestPayment: boolean;
}

const REFUND_STATE_OF_KIND = new Map<string, RefundState>((Object.keys(REFUND_TRANSITIONS) as RefundState[]).map((s) => [refundEventKind(s), s]));
const REFUND_STATE_KINDS = [...REFUND_STATE_OF_KIND.keys()].filter((k) => k !== 'refund.intent');

/** Refunds asked in [from, to) at every kiosk (issue 17), for the hub's period reports; oldest first per kiosk. */
export function shippedRefundsBetween(db: Db, from: string, to: string): ShippedRefund[] {
  const rows = prepared(
    db,
    `SELECT i.kiosk_id, i.subject, i.at, i.payload, s.kind AS s_kind,
            EXISTS (SELECT 1 FROM post_received_events t WHERE t.kiosk_id = i.kiosk_id AND t.kind = 'payment.intent'
                    AND t.subject = json_extract(i.payload, '$.paymentId') AND json_extract(t.payload, '$.isTest') = 1) AS test_payment
     FROM post_received_events i
     LEFT JOIN post_received_events s ON s.kiosk_id = i.kiosk_id AND s.id = (
       SELECT max(x.id) FROM post_received_events x
       WHERE x.kiosk_id = i.kiosk_id AND x.subject = i.subject AND x.id > i.id AND x.kind IN (${REFUND_STATE_KINDS.map(() => '?').join(', ')}))
     WHERE i.kind = 'refund.intent' AND i.at >= ? AND i.at < ? ORDER BY i.kiosk_id, i.id`,
  ).all(...REFUND_STATE_KINDS, from, to) as Array<{
    kiosk_id: string;
    subject: string;
    at: string;
    payload: string;
    s_kind: string | null;
    test_payment: number;
  }>;
  return rows.map((r) => {
    const p = JSON.parse(r.payload) as Record<string, unknown>;
    return {
      kioskId: r.kiosk_id,
      refundId: r.subject,
      paymentId: String(p.paymentId),
      method: p.method === 'reversal' ? 'reversal' : 'refund',
      amountMinor: Number(p.amountMinor),
      currency: String(p.currency),
      etimbreReference: typeof p.etimbreReference === 'string' ? p.etimbreReference : null,
      createdAt: r.at,
      state: r.s_kind === null ? 'intent' : REFUND_STATE_OF_KIND.get(r.s_kind)!,
      ofTestPayment: r.test_payment === 1,
    };
  });
}

export interface ShippedPaymentTotals {
  kioskId: string;
  currency: string;
  /** Approved (or settled approved) and not tests: the fees taken. */
  approved: { payments: number; totalMinor: number };
  tests: { payments: number; totalMinor: number };
  /** Still intent, sent or unknown as shipped: the day cannot be closed on these figures yet. */
  pending: string[];
}

const TAKEN: readonly PaymentState[] = ['approved', 'settled_approved'];
const OPEN: readonly PaymentState[] = ['intent', 'sent', 'unknown'];

/** Per kiosk and currency: what the shipped events say was taken in [from, to) (a business day: server/reports/period.ts periodBounds). */
export function shippedPaymentTotals(db: Db, from: string, to: string): ShippedPaymentTotals[] {
  const by = new Map<string, ShippedPaymentTotals>();
  for (const p of shippedPaymentsBetween(db, from, to)) {
    const k = `${p.kioskId}\u0000${p.currency}`;
    let t = by.get(k);
    if (!t)
      by.set(
        k,
        (t = { kioskId: p.kioskId, currency: p.currency, approved: { payments: 0, totalMinor: 0 }, tests: { payments: 0, totalMinor: 0 }, pending: [] }),
      );
    if (OPEN.includes(p.state)) t.pending.push(p.paymentId);
    else if (TAKEN.includes(p.state)) {
      const into = p.isTest ? t.tests : t.approved;
      into.payments++;
      into.totalMinor += p.amountMinor;
    }
  }
  return [...by.values()];
}

/** A kiosk's day close as its shipped `day.closed` event tells it (store/day-close.ts recordDayClose). */
export interface ShippedDayClose {
  kioskId: string;
  eventId: number;
  businessDay: string;
  terminalId: string;
  currency: string;
  source: string;
  by: string;
  balanced: boolean;
  terminal: { totalMinor: number; count: number };
  journal: { totalMinor: number; count: number };
  closedAt: string;
}

/** The day closes of `businessDay` the kiosks shipped (one per kiosk and terminal), by kiosk. */
export function shippedDayCloses(db: Db, businessDay: string, kioskId?: string): ShippedDayClose[] {
  const rows = prepared(
    db,
    `SELECT kiosk_id, id, at, payload FROM post_received_events
     WHERE kind = 'day.closed' AND substr(subject, 1, ?) = ? AND (? IS NULL OR kiosk_id = ?) ORDER BY kiosk_id, id`,
  ).all(businessDay.length + 1, `${businessDay}/`, kioskId ?? null, kioskId ?? null) as Array<{ kiosk_id: string; id: number; at: string; payload: string }>;
  return rows.map((r) => {
    const p = JSON.parse(r.payload) as Record<string, unknown>;
    const pair = (v: unknown) => {
      const o = (v ?? {}) as Record<string, unknown>;
      return { totalMinor: Number(o.totalMinor ?? 0), count: Number(o.count ?? 0) };
    };
    return {
      kioskId: r.kiosk_id,
      eventId: r.id,
      businessDay: String(p.businessDay),
      terminalId: String(p.terminalId),
      currency: String(p.currency),
      source: String(p.source),
      by: String(p.by),
      balanced: p.balanced === true,
      terminal: pair(p.terminal),
      journal: pair(p.journal),
      closedAt: r.at,
    };
  });
}

/** The services of eTimbre references a kiosk issued, from its shipped `etimbre.issued` events (store/etimbre.ts), as "passport+cnie". */
export function shippedETimbreServices(db: Db, kioskId: string, references: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const stmt = prepared(db, `SELECT payload FROM post_received_events WHERE kiosk_id = ? AND kind = 'etimbre.issued' AND subject = ? ORDER BY id LIMIT 1`);
  for (const ref of new Set(references)) {
    const r = stmt.get(kioskId, ref) as { payload: string } | undefined;
    const services = r && (JSON.parse(r.payload) as { services?: unknown }).services;
    if (Array.isArray(services) && services.length > 0) out.set(ref, services.map(String).join('+'));
  }
  return out;
}
