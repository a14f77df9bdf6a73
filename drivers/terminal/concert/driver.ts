// Concert E+ driver (kiosk = cash register). One request, one answer; no enquiry, no repeat, no abort:
// once the terminal ACKs the request it is never sent again, and a lost answer is `unknown`.
//
// A refund is the same request with transaction type `1` (crédit: money back to the card, which the visitor
// presents again). Sources: pyTeliumManager's constants (telium/constant.py: `0` DEBIT, `1` CREDIT, `2` REFUND,
// `4` AUTO) and the Association du Paiement's E/E+ feature list, which names the types "achat, remboursement,
// annulation" in that order (https://associationdupaiement.fr/?p=3186): `1` is the crédit/remboursement, `2` the
// annulation (cancellation of a transaction of the day, which pyTeliumManager calls REFUND). E+ has no field that
// names the transaction to cancel, so the kiosk never sends `2`; it refunds with `1`.
import type { Approved, PayRequest, PayResult, PaymentTerminal, RefundRequest, RefundResult, TerminalStatus } from '../types';
import { currencyAlpha, currencyNumeric, moneyText } from '../currency';
import { LineHolder, OneAtATime, PAY_WAIT_MS, type Connector } from '../line-holder';
import { ACK, EOT, ENQ, NAK, decodeAnswer, encodeRequest, type TransactionType } from './codec';
import { ConcertLink, DEFAULT_CONCERT_TIMERS, type ConcertTimers } from './link';

export interface ConcertOptions {
  /** POS (till) number, 2 digits. */
  pos?: string;
  /** Ask for the 80-character answer with 55 characters of card data. */
  longAnswer?: boolean;
  /** 'B011' force online authorisation instead of letting the terminal decide. */
  forceOnline?: boolean;
  timers?: Partial<ConcertTimers>;
  /** Strip bit 7 of received bytes (7E1 terminal read through an 8N1 adapter). */
  mask7?: boolean;
}

export class ConcertTerminal implements PaymentTerminal {
  readonly protocol = 'concert' as const;
  private readonly line: LineHolder;
  private readonly gate = new OneAtATime();
  private readonly timers: ConcertTimers;

  constructor(
    connector: Connector,
    private readonly opts: ConcertOptions = {},
  ) {
    this.line = new LineHolder(connector);
    this.timers = { ...DEFAULT_CONCERT_TIMERS, ...opts.timers };
  }

  async pay(req: PayRequest): Promise<PayResult> {
    if (!(await this.gate.acquire(PAY_WAIT_MS))) return { ok: false, outcome: 'not_sent', reason: 'the terminal is busy with another operation' };
    try {
      return await this.payOnce(req, '0');
    } finally {
      this.gate.release();
    }
  }

  /** Refund: transaction type `1` (crédit), read like a payment (see the header for the sources). */
  async refund(req: RefundRequest): Promise<RefundResult> {
    if (!(await this.gate.acquire(PAY_WAIT_MS))) return { ok: false, outcome: 'not_sent', reason: 'the terminal is busy with another operation' };
    try {
      return await this.payOnce(req, '1');
    } finally {
      this.gate.release();
    }
  }

  private async payOnce(req: PayRequest | RefundRequest, transactionType: TransactionType): Promise<PayResult> {
    const numeric = currencyNumeric(req.currency);
    if (!numeric) return { ok: false, outcome: 'not_sent', reason: `currency ${req.currency} is not known to the Concert driver` };
    if (req.amountMinor <= 0) return { ok: false, outcome: 'not_sent', reason: `amount must be positive, got ${req.amountMinor}` };
    // The private field carries what staff look for in the terminal's journal: the payment's short reference.
    const fits = (v: string | undefined): v is string => v !== undefined && /^[\x20-\x7e]{1,10}$/.test(v);
    const privateData = fits(req.shortRef) ? req.shortRef : fits(req.reference) ? req.reference : '';
    const encoded = encodeRequest({
      pos: this.opts.pos ?? '01',
      amountMinor: req.amountMinor,
      longAnswer: this.opts.longAnswer ?? false,
      paymentMode: '1',
      transactionType,
      currencyNumeric: numeric,
      privateData,
      delay: 'A010',
      authorisation: this.opts.forceOnline ? 'B011' : 'B010',
    });
    if (!encoded.ok) return { ok: false, outcome: 'not_sent', reason: encoded.reason };
    if (req.signal?.aborted) return { ok: false, outcome: 'aborted', reason: 'cancelled before anything was sent' };
    const opened = await this.line.get();
    if (!opened.ok) return { ok: false, outcome: 'not_sent', reason: opened.reason };
    const link = new ConcertLink(opened.stream, this.timers, { mask7: this.opts.mask7 ?? false });
    try {
      const sent = await link.send(encoded.message, req.signal ? { signal: req.signal } : {});
      if (!sent.ok) {
        switch (sent.stage) {
          case 'enq':
            return { ok: false, outcome: 'not_sent', reason: sent.reason };
          case 'aborted':
            return { ok: false, outcome: 'aborted', reason: sent.reason };
          case 'closed':
            return { ok: false, outcome: 'not_sent', reason: `line lost before the request was sent: ${sent.reason}` };
          case 'message':
            return sent.refused
              ? { ok: false, outcome: 'not_sent', reason: sent.reason }
              : { ok: false, outcome: 'unknown', reason: `request sent but not acknowledged (${sent.reason}); check the terminal's own journal` };
        }
      }
      // From here the terminal has the request: never send it again, whatever happens.
      req.onAcknowledged?.();
      req.onProgress?.({ code: 'insert-card', text: 'Follow the instructions on the card terminal', deadline: Date.now() + this.timers.answerMs });
      // Concert E+ has no abort command: the signal cannot stop the terminal, so we keep listening.
      const got = await link.receive(this.timers.answerMs);
      if (!got.ok) {
        return {
          ok: false,
          outcome: 'unknown',
          reason: `terminal took the request but its answer was lost (${got.reason}); settle it from the terminal's journal`,
        };
      }
      return this.interpret(got.message, numeric, req);
    } finally {
      link.dispose();
    }
  }

  /**
   * An answer is ours when it carries our POS number, amount and currency: that is what Concert E+ ties an
   * answer to its request by. The private field is no identity check: some terminals put their own data
   * there (the authorisation id); it is returned as `terminalData` for the journal.
   */
  private interpret(message: string, numeric: string, req: PayRequest | RefundRequest): PayResult {
    const decoded = decodeAnswer(message);
    if (!decoded.ok) return { ok: false, outcome: 'unknown', reason: `terminal answered something unreadable (${decoded.reason})` };
    const a = decoded.answer;
    const pos = this.opts.pos ?? '01';
    if (a.pos !== pos) return { ok: false, outcome: 'unknown', reason: `answer is for POS ${a.pos}, we are POS ${pos}` };
    const currency = currencyAlpha(a.currencyNumeric) ?? a.currencyNumeric;
    const terminalData = a.privateData.trimEnd();
    const approval = (): Approved => {
      const result: Approved = { ok: true, outcome: 'approved', amountMinor: a.amountMinor, currency };
      const pan = a.cardData?.trim().split(/\s+/)[0];
      if (pan && /^[0-9*Xx]{8,19}$/.test(pan) && /[*Xx]/.test(pan)) result.maskedPan = pan;
      if (terminalData) result.terminalData = terminalData;
      return result;
    };
    if (a.amountMinor !== req.amountMinor || a.currencyNumeric !== numeric) {
      const what = `the answer is for ${moneyText(a.amountMinor, currency)}, the request was ${moneyText(req.amountMinor, req.currency)}`;
      // Money the terminal took for another amount is still money taken: the caller journals it for staff.
      return a.status === '0'
        ? {
            ok: false,
            outcome: 'unknown',
            reason: `terminal approved another amount or currency (${what}): it is not this payment's approval; settle it from the terminal's journal`,
            approval: approval(),
          }
        : {
            ok: false,
            outcome: 'unknown',
            reason:
              `terminal answered status "${a.status}" for another amount or currency (${what}): ` +
              "this payment's fate is unknown; check the terminal's journal",
          };
    }
    switch (a.status) {
      case '0':
        return approval();
      case '7':
        return { ok: false, outcome: 'declined', reason: 'card refused by the terminal (status 7)' };
      case '9':
        return { ok: false, outcome: 'aborted', reason: 'transaction not completed: abandoned or not verified (status 9)' };
      default:
        return { ok: false, outcome: 'unknown', reason: `terminal answered status "${a.status}", which Concert E+ does not define` };
    }
  }

  /**
   * Concert E+ has no status command. We probe the link: ENQ, expect ACK, end with EOT. An ACK means the
   * cash-register connection is up; it says nothing about paper or the acquirer.
   */
  async status(): Promise<TerminalStatus> {
    if (!this.gate.tryAcquire()) return { state: 'busy', detail: 'a payment is in progress' };
    try {
      const opened = await this.line.get();
      if (!opened.ok) return { state: 'offline', detail: opened.reason };
      const link = new ConcertLink(opened.stream, this.timers, { mask7: this.opts.mask7 ?? false });
      try {
        link.write([ENQ]);
        const w = await link.waitControl([ACK, NAK], this.timers.enqAckMs);
        link.write([EOT]);
        if (w.kind === 'event' && w.event === ACK) return { state: 'ready', detail: 'terminal answers ENQ (Concert E+ has no status command)' };
        if (w.kind === 'event') return { state: 'busy', detail: 'terminal refused ENQ (NAK): busy or not in cash-register mode' };
        if (w.kind === 'closed') return { state: 'offline', detail: w.reason };
        return { state: 'offline', detail: 'no ACK to ENQ: check cable/port and that the cash-register connection is enabled in the terminal menu' };
      } finally {
        link.dispose();
      }
    } finally {
      this.gate.release();
    }
  }

  async close(): Promise<void> {
    await this.line.close();
  }
}
