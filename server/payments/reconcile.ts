// Start-up reconciliation and staff settlement (DESIGN.md "Payment safety", rule 4). Nothing here ever sends
// a payment request: it only reads the journal, asks a ZVT terminal what it did, and records decisions.
import type { Db } from '../../store/db';
import { approvalMatching, getPayment, lastPaymentOn, pendingPayments, transition, type Payment, type PaymentState, type Protocol } from '../../store/payments';
import type { Approved, PaymentTerminal, PayResult, TerminalStatus, ZvtTerminal } from '../devices/index';
import { recordAnswered, recordNoAnswer, terminalSilence } from './terminal-answer';
import { DEFAULT_BACKOFF, realTimer, type RetryTimer } from './retry-timer';
import type { Fail } from '../../shared/result';
import { outcomeLabel } from '../../shared/payment-outcome';
import { cardDataOf, withReceipts } from './card-data';

export { realTimer, type RetryTimer } from './retry-timer';

/** A payment the ZVT terminal has not answered about yet: the kiosk keeps asking, staff see "terminal still working". */
export interface TerminalWorking {
  id: string;
  /** When the terminal first failed to answer. */
  since: string;
  /** What the last question got (busy, no reply…). */
  detail: string;
  /** Questions asked by this daemon so far (0 when only the journal knows, e.g. in the CLI). */
  attempts: number;
  /** When the kiosk asks next, or null when nothing is scheduled in this process. */
  nextAskAt: string | null;
}

export type LockState =
  | { state: 'ready' }
  | { state: 'reconciling'; paymentIds: string[] }
  | { state: 'locked-for-staff'; paymentIds: string[]; terminalWorking?: TerminalWorking[] };

export interface ReconcileAction {
  id: string;
  from: PaymentState;
  to: PaymentState;
  detail: string;
}

export interface ReconcileReport {
  lock: LockState;
  actions: ReconcileAction[];
}

/** `force`: settle "not charged" although the terminal has not answered yet (terminal replaced, broken…). */
export type SettleDecision = { outcome: 'approved'; authCode: string } | { outcome: 'not-charged'; force?: boolean };

export type SettleResult =
  { ok: true; payment: Payment; lock: LockState } | Fail<'not-found' | 'not-settleable' | 'invalid' | 'terminal-working', { detail: string }>;

/*
 * Why an `intent` row is NOT simply closed as "not sent". The service journals `sent` inside the driver's
 * onAcknowledged, as soon as the terminal confirmed a complete, valid request (Concert: the ACK after
 * STX…ETX LRC; ZVT: the link ACK of the 06 01 frame). But the terminal acts on the request the moment it
 * sends that ACK, and a crash can fall between the terminal's ACK and our commit (the chaos test hits this
 * window: test/chaos/payment-kill.test.ts). So an intent proves only that the request MAY not have arrived.
 *   - ZVT: the terminal is asked. An idle terminal whose last transaction is not an approval of this
 *     payment did not charge it (`not_sent`); a matching approval is recorded; anything else is `unknown`.
 *   - Concert E+ cannot be asked: the intent becomes `unknown` and staff look for its short reference (carried
 *     in the request's private field) in the terminal's journal. A crash in that phase is rare; charging a
 *     visitor twice because the kiosk wrongly believed nothing was taken is not acceptable.
 */
const LOST_REASON = 'the kiosk stopped after the terminal acknowledged the request: its answer was lost, money may have been taken';
const intentConcertReason = (p: Payment) =>
  "the kiosk stopped before the terminal's acknowledgement was journaled; Concert E+ cannot be asked whether the request arrived: " +
  `look for the reference ${p.shortRef ?? p.id} (and the amount) in the terminal's journal`;
const NOT_THIS_REASON = 'the terminal is idle and its last transaction is not an approval of this payment: the request was not charged';

/** Clock difference tolerated between the terminal's receipt stamp and the kiosk. */
const RECEIPT_CLOCK_SKEW_MS = 5 * 60_000;

/** Only ZVT terminals can be asked; Concert E+ has no enquiry nor repeat command. */
export function isZvt(t: PaymentTerminal): t is ZvtTerminal {
  return t.protocol === 'zvt' && typeof (t as Partial<ZvtTerminal>).repeatLastReceipt === 'function';
}

export type ZvtVerdict =
  /** The terminal's last receipt is this payment's approval. */
  | { kind: 'approved'; result: Approved; detail: string }
  /** The terminal answered (so it is idle) and its last transaction is provably not this payment's approval. */
  | { kind: 'not-this'; detail: string }
  /** The terminal answered, but its answer cannot be tied to this payment either way. */
  | { kind: 'cannot-tell'; detail: string }
  /** Busy, unreachable, or the exchange was lost: ask again later. */
  | { kind: 'no-answer'; detail: string };

/**
 * Asks a ZVT terminal to repeat its last receipt. It is this payment's approval only with the same amount
 * and currency, a receipt or trace number, and no other journaled approval with that receipt, trace or
 * authorisation code (otherwise it is an older payment's receipt). A wrong "approved" would hand out an
 * unpaid ticket, a wrong "not charged" would let the visitor pay twice: in doubt, `cannot-tell`.
 */
export async function askZvtTerminal(db: Db, terminal: ZvtTerminal, p: Payment): Promise<ZvtVerdict> {
  let r: PayResult | { ok: false; outcome: 'nothing'; reason: string };
  try {
    r = await terminal.repeatLastReceipt();
  } catch (err) {
    return { kind: 'no-answer', detail: `repeat receipt failed (${(err as Error).message})` };
  }
  if (!r.ok) {
    // "nothing to repeat" and "last transaction not approved" are answers of an idle terminal.
    if (r.outcome === 'nothing' || r.outcome === 'declined')
      return { kind: 'not-this', detail: `the terminal's last transaction is not an approval (${r.reason})` };
    // not-sent (busy, no ACK) or unknown (the exchange was lost): the terminal said nothing about the payment.
    return r.outcome === 'not_sent' || r.outcome === 'unknown'
      ? { kind: 'no-answer', detail: `the terminal did not repeat its receipt (${outcomeLabel(r.outcome)}: ${r.reason})` }
      : { kind: 'cannot-tell', detail: `the terminal did not repeat its receipt (${outcomeLabel(r.outcome)}: ${r.reason})` };
  }
  const number = r.receiptNumber ?? r.trace;
  const other = approvalMatching(db, p.terminalId, { receiptNo: r.receiptNumber, traceNo: r.trace, authCode: r.authCode });
  if (other && other.id !== p.id) return { kind: 'not-this', detail: `the repeated receipt ${number ?? ''} belongs to the older payment ${other.id}` };
  if (r.amountMinor !== p.amountMinor || r.currency !== p.currency) {
    return {
      kind: 'cannot-tell',
      detail: `the terminal's last receipt is an approval of ${r.amountMinor} ${r.currency} that the journal does not know, not ${p.amountMinor} ${p.currency}`,
    };
  }
  if (number === undefined)
    return { kind: 'cannot-tell', detail: 'the repeated receipt carries no receipt or trace number, so it cannot be told apart from an older payment' };
  // A receipt the terminal stamped before this payment existed is an older transaction of the same amount
  // (one fee for everyone), perhaps from before this journal. Not "not-this": a terminal whose clock is
  // wrong would then have its real approval closed as not charged. Staff decide.
  const createdAt = Date.parse(p.createdAt);
  if (r.madeAt?.length && r.madeAt.every((t) => Date.parse(t) < createdAt - RECEIPT_CLOCK_SKEW_MS)) {
    return {
      kind: 'cannot-tell',
      detail:
        `the terminal's last receipt ${number} is stamped ${r.madeAt[0]}, before this payment was made (${p.createdAt}): ` +
        'an older transaction, or a terminal clock that is wrong',
    };
  }
  return { kind: 'approved', result: r, detail: `approved by the terminal's repeated receipt ${number}` };
}

/**
 * What a reconciling kiosk asks a ZVT terminal: the status enquiry (05 01) first, so a terminal still busy
 * with the crashed transaction (status DC "card inserted", or no reply) is left alone; an idle one (00) is
 * asked to repeat its receipt (06 20). Status 51 (initialisation required, e.g. after a terminal restart)
 * is an idle terminal: register (06 00) first. Status codes: shared/reference/payment-terminals.md.
 */
export async function enquireThenAsk(db: Db, terminal: ZvtTerminal, p: Payment): Promise<ZvtVerdict> {
  let s: TerminalStatus;
  try {
    s = await terminal.status();
  } catch (err) {
    return { kind: 'no-answer', detail: `status enquiry failed (${(err as Error).message})` };
  }
  if (s.state === 'not-registered') {
    const reg = await terminal.register().catch((err: unknown) => ({ ok: false as const, reason: (err as Error).message }));
    if (!reg.ok) return { kind: 'no-answer', detail: `the terminal needs registration, which failed (${reg.reason})` };
  } else if (s.state !== 'ready') {
    return { kind: 'no-answer', detail: `status enquiry: terminal ${s.state} (${s.detail})` };
  }
  return askZvtTerminal(db, terminal, p);
}

/** Records a ZVT approval recovered by askZvtTerminal. */
export function recordRecovered(db: Db, id: string, r: Approved, now: Date): ReturnType<typeof transition> {
  return withReceipts(db, id, r, now, () =>
    transition(db, id, 'approved', { reason: 'recovered from the terminal (ZVT repeat receipt)', ...cardDataOf(r) }, 'reconcile', { at: now }),
  );
}

export interface ReconcilerOptions {
  db: Db;
  terminalId: string;
  protocol: Protocol;
  /** The payment the live service is working on right now: not pending, just busy. */
  inFlight?: () => string | null;
  now?: () => Date;
  /** Called whenever the lock state may have changed (push it to the kiosk and diagnostics pages). */
  onChange?: (lock: LockState) => void;
  /**
   * Keep asking a ZVT terminal that gave no answer, with back-off, until it answers or staff settle the
   * payment (the daemon). Without it the terminal is asked once (one-shot CLI commands).
   */
  retry?: { timer?: RetryTimer; backoffMs?: (failures: number) => number };
}

interface Watch {
  id: string;
  attempts: number;
  detail: string;
  nextAskAt: Date | null;
  cancel: (() => void) | null;
}

export class PaymentReconciler {
  private reconciling = false;
  private readonly now: () => Date;
  private terminal: ZvtTerminal | null = null;
  private watch: Watch | null = null;
  private asking: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly opts: ReconcilerOptions) {
    this.now = opts.now ?? (() => new Date());
  }

  /** Payments that stop the kiosk from taking money: open but not in flight, or unknown. */
  pending(): Payment[] {
    const live = this.opts.inFlight?.() ?? null;
    return pendingPayments(this.opts.db, this.opts.terminalId).filter((p) => p.id !== live);
  }

  lockState(): LockState {
    const ids = this.pending().map((p) => p.id);
    if (this.reconciling) return { state: 'reconciling', paymentIds: ids };
    if (ids.length === 0) return { state: 'ready' };
    const working = this.terminalWorking(ids);
    return working.length ? { state: 'locked-for-staff', paymentIds: ids, terminalWorking: working } : { state: 'locked-for-staff', paymentIds: ids };
  }

  /** Pending payments the terminal has not answered about (from the journal, so every process agrees). */
  private terminalWorking(ids: string[]): TerminalWorking[] {
    const out: TerminalWorking[] = [];
    for (const id of ids) {
      const silence = terminalSilence(this.opts.db, id);
      if (!silence) continue;
      const w = this.watch?.id === id ? this.watch : null;
      out.push({ id, since: silence.since, detail: w?.detail ?? silence.detail, attempts: w?.attempts ?? 0, nextAskAt: w?.nextAskAt?.toISOString() ?? null });
    }
    return out;
  }

  /**
   * Closes every payment left open by a crash. Acknowledged ones become `unknown`; intents become
   * `not_sent` only when an idle ZVT terminal shows it did not charge them, else `unknown` (see above).
   * A ZVT terminal is asked about the most recent payment only. Unknowns lock the kiosk for staff.
   */
  async reconcile(terminal: PaymentTerminal | null): Promise<ReconcileReport> {
    if (this.reconciling) return { lock: this.lockState(), actions: [] };
    this.reconciling = true;
    this.changed();
    const actions: ReconcileAction[] = [];
    const notes: Array<{ id: string; detail: string }> = [];
    try {
      const { db } = this.opts;
      // The terminal repeats only its LAST transaction: only the most recent payment on it can be asked about.
      const last = this.lastPayment();
      const zvt = terminal && isZvt(terminal) ? terminal : null;
      this.terminal = zvt;
      const askable = (p: Payment) => zvt !== null && p.protocol === 'zvt' && p.id === last?.id;
      const move = (p: Payment, to: PaymentState, detail: string) => {
        const t = transition(db, p.id, to, { reason: detail }, 'reconcile', { at: this.now(), expectFrom: [p.state] });
        if (t.ok) actions.push({ id: p.id, from: p.state, to, detail });
      };
      for (const p of this.pending()) {
        if (p.state === 'intent') {
          if (askable(p)) {
            const v = await this.ask(zvt!, p);
            if (v.kind === 'approved') {
              if (recordRecovered(db, p.id, v.result, this.now()).ok) actions.push({ id: p.id, from: 'intent', to: 'approved', detail: v.detail });
            } else if (v.kind === 'not-this') move(p, 'not_sent', `${NOT_THIS_REASON} (${v.detail})`);
            else move(p, 'unknown', `the kiosk stopped before the terminal's acknowledgement was journaled and the terminal cannot tell (${v.detail})`);
          } else {
            move(
              p,
              'unknown',
              p.protocol === 'concert'
                ? intentConcertReason(p)
                : "the kiosk stopped before the terminal's acknowledgement was journaled and the terminal cannot be asked",
            );
          }
        } else if (p.state === 'sent') {
          move(p, 'unknown', LOST_REASON);
        }
      }
      // An intent just handled above was asked already (ZVT) or cannot be asked (Concert).
      const handled = new Set(actions.filter((a) => a.from === 'intent').map((a) => a.id));
      for (const p of this.pending()) {
        if (p.state !== 'unknown' || handled.has(p.id)) continue;
        if (askable(p)) {
          const v = await this.ask(zvt!, p);
          if (v.kind === 'approved') {
            if (recordRecovered(db, p.id, v.result, this.now()).ok) actions.push({ id: p.id, from: 'unknown', to: 'approved', detail: v.detail });
          } else {
            notes.push({
              id: p.id,
              detail:
                v.kind === 'no-answer' && this.opts.retry
                  ? `${v.detail}: the kiosk asks again until the terminal answers`
                  : `${v.detail}: left unknown for staff`,
            });
          }
        } else {
          notes.push({
            id: p.id,
            detail:
              p.protocol === 'concert'
                ? "Concert E+ cannot be asked about a lost answer: staff settle it from the terminal's own journal"
                : p.id === last?.id
                  ? 'no ZVT terminal to ask: left unknown for staff'
                  : 'a later payment was made on this terminal, so its repeat receipt cannot be about this one: left unknown for staff',
          });
        }
      }
    } finally {
      this.reconciling = false;
    }
    this.scheduleAsk();
    const lock = this.lockState();
    this.changed();
    return { lock, actions: [...actions, ...notes.map((n) => ({ id: n.id, from: 'unknown' as const, to: 'unknown' as const, detail: n.detail }))] };
  }

  /** Staff decide an unknown payment from the terminal's journal. Recorded with who, when and why. */
  settle(id: string, decision: SettleDecision, by: string, reason: string): SettleResult {
    if (by.trim() === '') return { ok: false, reason: 'invalid', detail: 'settling needs the name of the person who decides' };
    if (reason.trim() === '')
      return { ok: false, reason: 'invalid', detail: 'settling needs a reason, e.g. "terminal journal shows approval 123456 at 10:42"' };
    if (decision.outcome === 'approved' && decision.authCode.trim() === '') {
      return { ok: false, reason: 'invalid', detail: "settling as approved needs the authorisation code printed in the terminal's journal" };
    }
    const p = getPayment(this.opts.db, id);
    if (!p) return { ok: false, reason: 'not-found', detail: `no payment with id ${id}` };
    if (p.state !== 'unknown') {
      const hint =
        p.state === 'intent' || p.state === 'sent'
          ? 'run reconciliation first (restart the daemon or `kiosk payments reconcile`)'
          : 'it already has an outcome';
      return { ok: false, reason: 'not-settleable', detail: `payment ${id} is ${p.state}, only unknown payments are settled by staff: ${hint}` };
    }
    const silence = terminalSilence(this.opts.db, id);
    const forced = decision.outcome === 'not-charged' && silence !== undefined;
    if (forced && !decision.force) {
      return {
        ok: false,
        reason: 'terminal-working',
        detail:
          `the terminal has not answered about payment ${id} since ${silence.since} (${silence.detail}): it may still be working on it and hold the money. ` +
          'Wait: the kiosk keeps asking it. Settle as approved if its journal shows the charge; ' +
          'to settle as not charged anyway (terminal replaced or broken), force it with a reason',
      };
    }
    const to = decision.outcome === 'approved' ? 'settled_approved' : 'settled_not_charged';
    const t = transition(
      this.opts.db,
      id,
      to,
      {
        settledBy: by.trim(),
        settleReason: forced ? `forced while the terminal had not answered: ${reason.trim()}` : reason.trim(),
        authCode: decision.outcome === 'approved' ? decision.authCode.trim() : undefined,
      },
      'staff',
      { at: this.now(), expectFrom: ['unknown'] },
    );
    if (!t.ok) return { ok: false, reason: t.reason === 'not-found' ? 'not-found' : 'not-settleable', detail: t.detail };
    const lock = this.lockState();
    this.changed();
    return { ok: true, payment: t.payment, lock };
  }

  /**
   * The live service lost a ZVT answer (payment now `unknown`): ask the terminal at once (status enquiry,
   * repeat receipt) and, while it stays silent, keep asking with back-off exactly as after a crash, so a
   * payment lost in flight is neither left to staff after one question nor settled "not charged" unforced.
   */
  async recoverLost(terminal: ZvtTerminal, p: Payment): Promise<ZvtVerdict> {
    this.terminal ??= terminal;
    const v = await this.ask(terminal, p);
    if (v.kind === 'approved') recordRecovered(this.opts.db, p.id, v.result, this.now());
    this.scheduleAsk();
    this.changed();
    return v;
  }

  /** Stops asking the terminal (daemon shutdown): cancels the back-off timer, waits for a question in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.watch?.cancel?.();
    if (this.watch) this.watch.cancel = null;
    await this.asking;
  }

  /** Asks the terminal (status enquiry, repeat receipt) and journals whether it answered. */
  private async ask(zvt: ZvtTerminal, p: Payment): Promise<ZvtVerdict> {
    const v = await enquireThenAsk(this.opts.db, zvt, p);
    if (v.kind === 'no-answer') {
      recordNoAnswer(this.opts.db, p.id, v.detail, this.now());
      const w = this.watch?.id === p.id ? this.watch : (this.watch = { id: p.id, attempts: 0, detail: '', nextAskAt: null, cancel: null });
      w.attempts++;
      w.detail = v.detail;
    } else {
      recordAnswered(this.opts.db, p.id, v.detail, this.now());
      if (this.watch?.id === p.id) this.watch = null;
    }
    return v;
  }

  /** The payment to ask about again: the terminal's last one, still unknown, and the terminal silent about it. */
  private silentTarget(): Payment | undefined {
    const last = this.lastPayment();
    if (!last || last.protocol !== 'zvt' || last.state !== 'unknown') return undefined;
    return terminalSilence(this.opts.db, last.id) ? last : undefined;
  }

  private scheduleAsk(): void {
    const retry = this.opts.retry;
    if (!retry || this.stopped || !this.terminal || this.watch?.cancel) return;
    const target = this.silentTarget();
    if (!target) {
      this.watch = null;
      return;
    }
    const w = this.watch?.id === target.id ? this.watch : (this.watch = { id: target.id, attempts: 0, detail: '', nextAskAt: null, cancel: null });
    const ms = (retry.backoffMs ?? DEFAULT_BACKOFF)(Math.max(1, w.attempts));
    w.nextAskAt = new Date(this.now().getTime() + ms);
    w.cancel = (retry.timer ?? realTimer)(ms, () => {
      w.cancel = null;
      w.nextAskAt = null;
      this.asking = this.askAgain().finally(() => (this.asking = null));
      return this.asking;
    });
  }

  private async askAgain(): Promise<void> {
    if (this.stopped || !this.terminal) return;
    // The live service owns the line while it takes a payment (never the case while locked, but be sure).
    const live = this.opts.inFlight?.() ?? null;
    const target = this.silentTarget();
    if (target && target.id !== live) {
      const v = await this.ask(this.terminal, target);
      if (v.kind === 'approved') recordRecovered(this.opts.db, target.id, v.result, this.now());
    }
    this.scheduleAsk();
    this.changed();
  }

  /** The most recent payment on this terminal, whatever its state; not_sent ones never reached it. */
  private lastPayment(): Payment | undefined {
    return lastPaymentOn(this.opts.db, this.opts.terminalId);
  }

  private changed(): void {
    this.opts.onChange?.(this.lockState());
  }
}
