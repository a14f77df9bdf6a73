// `kiosk journal verify` end to end: the event chain (keyed from the key's marker on), every payment row
// against its events and seal (store/payment-seal.ts), and the head against the anchor kept outside the
// journal (store/anchor.ts). One pass over the events.
import type { Db } from './db';
import { chainStateOf, type ChainKey } from './chain-key';
import { verifyChain, type EventRow } from './events';
import { anchorProblems, readAnchor } from './anchor';
import { eventKind, TRANSITIONS, type PaymentState } from './payments';
import { personalDigest, refundPersonalDigest, refundRowDigest, rowDigest, type PaymentRowRaw, type Seal } from './payment-seal';
import { REFUND_TRANSITIONS, refundEventKind, type RefundState } from './refunds';

export interface JournalVerdict {
  /** ok: nothing wrong; tampered: the journal differs from what the software wrote; cannot-verify: no usable key. */
  status: 'ok' | 'tampered' | 'cannot-verify';
  ok: boolean;
  count: number;
  keyedFrom?: number;
  brokenAt?: number;
  reason?: string;
  payments: { checked: number } | { skipped: string };
  /** Refund rows checked against their events and seals, as payments are. */
  refunds?: { checked: number } | { skipped: string };
  anchor: { file: string; count: number; lastId: number; at: string } | { file: string; missing: true } | null;
  problems: string[];
  warnings: string[];
}

const STATE_OF_KIND = new Map<string, PaymentState>((Object.keys(TRANSITIONS) as PaymentState[]).map((s) => [eventKind(s), s]));
const REFUND_STATE_OF_KIND = new Map<string, RefundState>((Object.keys(REFUND_TRANSITIONS) as RefundState[]).map((s) => [refundEventKind(s), s]));

interface Trail<S extends string> {
  intent?: { id: number; at: string; payload: Record<string, unknown> };
  seal?: { id: number; seal: Seal };
  lastState?: { id: number; kind: string; state: S };
}
type PaymentTrail = Trail<PaymentState>;
type RefundTrail = Trail<RefundState>;

/** The columns a `refund.intent` event states, as the row stores them. */
const REFUND_INTENT_FIELDS: Array<[column: string, field: string]> = [
  ['payment_id', 'paymentId'],
  ['method', 'method'],
  ['kiosk_id', 'kioskId'],
  ['terminal_id', 'terminalId'],
  ['amount_minor', 'amountMinor'],
  ['currency', 'currency'],
  ['etimbre_reference', 'etimbreReference'],
  ['why', 'why'],
  ['requested_by', 'requestedBy'],
];

/** The columns a `payment.intent` event states, as the row stores them. */
const INTENT_FIELDS: Array<[column: string, field: string, toColumn?: (v: unknown) => unknown]> = [
  ['kiosk_id', 'kioskId'],
  ['terminal_id', 'terminalId'],
  ['protocol', 'protocol'],
  ['amount_minor', 'amountMinor'],
  ['currency', 'currency'],
  ['is_test', 'isTest', (v) => (v ? 1 : 0)],
];

export function verifyJournal(db: Db, opts: { anchorFile?: string | null } = {}): JournalVerdict {
  const trails = new Map<string, PaymentTrail>();
  const refundTrails = new Map<string, RefundTrail>();
  const purges: Array<{ at: string; cutoff: string }> = [];
  const trail = <T>(map: Map<string, T>, id: string): T => {
    let t = map.get(id);
    if (!t) map.set(id, (t = {} as T));
    return t;
  };
  const visit = (e: EventRow) => {
    if (e.kind === 'retention.purged') {
      const p = JSON.parse(e.payload) as { cutoff?: string };
      if (typeof p.cutoff === 'string') purges.push({ at: e.at, cutoff: p.cutoff });
      return;
    }
    if (e.subject === null || !(e.kind.startsWith('payment.') || e.kind.startsWith('refund.') || e.kind === 'journal.sealed')) return;
    const payload = JSON.parse(e.payload) as Record<string, unknown>;
    // A refund's events, and the seals written for refund rows already there when sealing began (payload.table).
    if (e.kind.startsWith('refund.') || (e.kind === 'journal.sealed' && payload.table === 'refunds')) {
      const t = trail(refundTrails, e.subject);
      if (e.kind === 'refund.intent') t.intent = { id: e.id, at: e.at, payload };
      const state = REFUND_STATE_OF_KIND.get(e.kind);
      if (state) t.lastState = { id: e.id, kind: e.kind, state };
      if (payload.seal && typeof payload.seal === 'object') t.seal = { id: e.id, seal: payload.seal as Seal };
      return;
    }
    const t = trail(trails, e.subject);
    if (e.kind === 'payment.intent') t.intent = { id: e.id, at: e.at, payload };
    const state = STATE_OF_KIND.get(e.kind);
    if (state) t.lastState = { id: e.id, kind: e.kind, state };
    if (payload.seal && typeof payload.seal === 'object') t.seal = { id: e.id, seal: payload.seal as Seal };
  };

  const chain = verifyChain(db, visit);
  const problems: string[] = [];
  const warnings: string[] = [];
  const state = chainStateOf(db);
  const key = state.keyed ? state.key : null;
  const base = { count: chain.count, ...(key ? { keyedFrom: key.keyedFrom } : {}) };
  if (!chain.ok && chain.keyProblem) {
    return {
      status: 'cannot-verify',
      ok: false,
      ...base,
      brokenAt: chain.brokenAt,
      reason: chain.reason,
      payments: { skipped: 'no usable chain key' },
      anchor: null,
      problems: [chain.reason],
      warnings,
    };
  }
  if (!chain.ok) problems.push(`the chain is broken at event ${chain.brokenAt}: ${chain.reason}`);

  let payments: JournalVerdict['payments'];
  let refunds: JournalVerdict['refunds'];
  if (!chain.ok) {
    payments = { skipped: 'the chain is broken: the events cannot be trusted to check the payments against' };
    refunds = { skipped: 'the chain is broken: the events cannot be trusted to check the refunds against' };
  } else {
    payments = { checked: checkPayments(db, key, trails, purges, problems) };
    refunds = { checked: checkRefunds(db, key, refundTrails, purges, problems) };
    if (!key)
      warnings.push('this journal has no chain key yet (written by an older version): it gets one the next time the daemon or `kiosk db migrate` opens it');
  }

  let anchor: JournalVerdict['anchor'] = null;
  if (opts.anchorFile) {
    const read = readAnchor(opts.anchorFile);
    if (!read.ok && read.missing) {
      anchor = { file: opts.anchorFile, missing: true };
      if (key)
        warnings.push(
          `no anchor at ${opts.anchorFile}: events removed from the end of the journal cannot be detected (give --anchor FILE or --config if it is elsewhere)`,
        );
    } else if (!read.ok) {
      problems.push(read.reason);
    } else if (!key) {
      problems.push(`there is an anchor (${opts.anchorFile}) but the journal has no chain key: its key record was removed`);
    } else {
      const a = read.anchor;
      anchor = { file: opts.anchorFile, count: a.count, lastId: a.lastId, at: a.at };
      problems.push(...anchorProblems(db, key, a, opts.anchorFile));
    }
  }

  const ok = problems.length === 0;
  return {
    status: ok ? 'ok' : 'tampered',
    ok,
    ...base,
    ...(chain.ok ? {} : { brokenAt: chain.brokenAt, reason: chain.reason }),
    ...(chain.ok && !ok ? { reason: problems[0] } : {}),
    payments,
    ...(refunds ? { refunds } : {}),
    anchor,
    problems,
    warnings,
  };
}

/**
 * Each row against its events: the request fields and time against payment.intent, the state against the last
 * state event, a purge against retention.purged, and (keyed journals) the whole row against the last seal:
 * every column but those of PAYMENT_COLUMN_COVERAGE through the row digest, the personal ones through theirs.
 */
function checkPayments(
  db: Db,
  key: ChainKey | null,
  trails: Map<string, PaymentTrail>,
  purges: Array<{ at: string; cutoff: string }>,
  problems: string[],
): number {
  let checked = 0;
  const seen = new Set<string>();
  for (const row of db.prepare('SELECT * FROM payments ORDER BY created_at, id').iterate() as Iterable<PaymentRowRaw>) {
    checked++;
    seen.add(row.id);
    const t = trails.get(row.id);
    const say = (what: string) => problems.push(`payment ${row.id}: ${what}`);
    if (!t || (!t.intent && !t.seal)) {
      say('it has no event in the journal: the row was inserted behind the software');
      continue;
    }
    const purgedAt = row.personal_purged_at as string | null;
    const purgeRecorded = purgedAt !== null && purges.some((p) => p.at === purgedAt && p.cutoff > (row.created_at as string));
    if (t.intent) {
      for (const [col, field, toColumn] of INTENT_FIELDS) {
        const stated = toColumn ? toColumn(t.intent.payload[field]) : t.intent.payload[field];
        if (row[col] !== stated) say(`its ${col} is ${JSON.stringify(row[col])}, its payment.intent event ${t.intent.id} says ${JSON.stringify(stated)}`);
      }
      if (row.created_at !== t.intent.at)
        say(`its created_at is ${String(row.created_at)}, its payment.intent event ${t.intent.id} was written at ${t.intent.at}`);
      const ref = t.intent.payload.reference ?? null;
      if (row.reference !== ref && !(row.reference === null && purgeRecorded))
        say(`its reference is ${JSON.stringify(row.reference)}, its payment.intent event ${t.intent.id} says ${JSON.stringify(ref)}`);
    } else if (!t.seal) {
      say('it has no payment.intent event');
    }
    if (t.lastState && row.state !== t.lastState.state)
      say(`its state is ${String(row.state)}, its last event ${t.lastState.id} (${t.lastState.kind}) says ${t.lastState.state}`);
    if (purgedAt !== null) {
      if (!purgeRecorded) say(`its personal data was removed (personal_purged_at ${purgedAt}) without a recorded retention purge`);
      else if (row.masked_pan !== null || row.receipt_lines !== null || row.personal_salt !== null)
        say('it was purged by retention but holds personal data again');
    }
    if (!key) continue;
    if (!t.seal) {
      say('it is not sealed: no event since the journal got its key carries its seal');
      continue;
    }
    if (t.lastState && t.lastState.id > t.seal.id) {
      say(`its last event ${t.lastState.id} (${t.lastState.kind}) carries no seal`);
      continue;
    }
    if (rowDigest(key, row) !== t.seal.seal.row) say(`the row no longer matches the seal of event ${t.seal.id}: a column was changed behind the software`);
    if (purgedAt === null && personalDigest(key, row) !== t.seal.seal.personal)
      say(`its masked card number or receipt lines no longer match the seal of event ${t.seal.id}: they were changed behind the software`);
  }
  for (const [id, t] of trails) {
    if (!seen.has(id) && (t.intent || t.seal))
      problems.push(`payment ${id}: its row was deleted (its events ${t.intent?.id ?? t.seal?.id}… are in the journal, its row is not)`);
  }
  return checked;
}

/**
 * Each refund row against its events, as payments are: the request against refund.intent, the state against the last
 * state event, a purge of its receipt lines against retention.purged, and (keyed journals) the row against its last
 * seal. A journal from before migration 022 has no refunds table: nothing to check.
 */
function checkRefunds(
  db: Db,
  key: ChainKey | null,
  trails: Map<string, RefundTrail>,
  purges: Array<{ at: string; cutoff: string }>,
  problems: string[],
): number {
  if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'refunds'").get()) return 0;
  const hasPurgeColumn = db.prepare("SELECT 1 FROM pragma_table_info('refunds') WHERE name = 'personal_purged_at'").get() !== undefined;
  let checked = 0;
  const seen = new Set<string>();
  for (const row of db.prepare('SELECT * FROM refunds ORDER BY created_at, id').iterate() as Iterable<PaymentRowRaw>) {
    checked++;
    seen.add(row.id);
    const t = trails.get(row.id);
    const say = (what: string) => problems.push(`refund ${row.id}: ${what}`);
    if (!t || (!t.intent && !t.seal)) {
      say('it has no event in the journal: the row was inserted behind the software');
      continue;
    }
    if (t.intent) {
      for (const [col, field] of REFUND_INTENT_FIELDS) {
        const stated = t.intent.payload[field] ?? null;
        if (row[col] !== stated) say(`its ${col} is ${JSON.stringify(row[col])}, its refund.intent event ${t.intent.id} says ${JSON.stringify(stated)}`);
      }
      if (row.created_at !== t.intent.at)
        say(`its created_at is ${String(row.created_at)}, its refund.intent event ${t.intent.id} was written at ${t.intent.at}`);
    }
    if (t.lastState && row.state !== t.lastState.state)
      say(`its state is ${String(row.state)}, its last event ${t.lastState.id} (${t.lastState.kind}) says ${t.lastState.state}`);
    const purgedAt = hasPurgeColumn ? (row.personal_purged_at as string | null) : null;
    if (purgedAt !== null) {
      if (!purges.some((p) => p.at === purgedAt && p.cutoff > (row.created_at as string)))
        say(`its receipt lines were removed (personal_purged_at ${purgedAt}) without a recorded retention purge`);
      else if (row.receipt_lines !== null || row.personal_salt !== null) say('it was purged by retention but holds personal data again');
    }
    if (!key) continue;
    if (!t.seal) {
      say('it is not sealed: no event since the journal got its key carries its seal');
      continue;
    }
    if (t.lastState && t.lastState.id > t.seal.id) {
      say(`its last event ${t.lastState.id} (${t.lastState.kind}) carries no seal`);
      continue;
    }
    if (refundRowDigest(key, row) !== t.seal.seal.row)
      say(`the row no longer matches the seal of event ${t.seal.id}: a column was changed behind the software`);
    if (purgedAt === null && refundPersonalDigest(key, row) !== t.seal.seal.personal)
      say(`its receipt lines no longer match the seal of event ${t.seal.id}: they were changed behind the software`);
  }
  for (const [id, t] of trails) {
    if (!seen.has(id) && (t.intent || t.seal))
      problems.push(`refund ${id}: its row was deleted (its events ${t.intent?.id ?? t.seal?.id}… are in the journal, its row is not)`);
  }
  return checked;
}
