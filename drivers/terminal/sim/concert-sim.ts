// A Concert E+ terminal: answers the kiosk's ENQ, takes the 34-character request, "handles the card",
// then sends its answer as sender (ENQ … EOT). Faults come from the current scenario.
//
// The request's delay field decides when the answer goes out. `A010`: at the end of the transaction, with
// its outcome (the report). `A011`: at once, before the card is handled, so it cannot say whether the card
// was accepted; the transaction then goes on on the terminal alone. Sources: the E+ feature list of the
// Association du Paiement ("réponse du TPE immédiate, ou en fin de transaction avec CR",
// https://associationdupaiement.fr/?p=3186); cash registers that send A011 read the terminal's ENQ within
// 3 s of their EOT (OCA/pos hw_telium_payment_terminal, akretion/pypostelium). What status an immediate
// answer carries is not public: we send `0` (request taken), after Concert V3's immediate answer whose
// status says only that the request reached a terminal able to handle it (PayXpert's Concert V3 tag AE).
import type { ByteStream } from '../../serial/stream';
import type { LineSettings } from '../../serial/line';
import { sleep } from '../inbox';
import { currencyAlpha } from '../currency';
import { ACK, ENQ, EOT, NAK, decodeRequest, encodeAnswer, frameMessage, type ConcertRequest } from '../concert/codec';
import { ConcertLink, DEFAULT_CONCERT_TIMERS, type ConcertTimers } from '../concert/link';
import { ChargeLog } from './charge-log';
import { checkScenario, TEST_TIMING, type Scenario, type SimTiming } from './scenarios';
import { Wire } from './wire';
import type { TerminalSimulator } from './simulator';

export interface ConcertSimOptions {
  scenario?: string;
  log?: ChargeLog;
  timing?: Partial<SimTiming>;
  timers?: Partial<ConcertTimers>;
  /** Pace bytes to this line's real speed (a pty does not). */
  pace?: LineSettings;
  maskedPan?: string;
  /** The terminal puts its own data in the answer's private field (some models: the authorisation id). */
  answerPrivateData?: string;
  /** The terminal charges and answers another amount than requested (a cashier retyping it, a stale answer). */
  answerAmountMinor?: number;
  /** The terminal answers another currency (ISO numeric) than requested. */
  answerCurrencyNumeric?: string;
}

export class ConcertSimulator implements TerminalSimulator {
  readonly protocol = 'concert' as const;
  readonly log: ChargeLog;
  private current: Scenario = 'approve';
  private readonly wire: Wire;
  private readonly link: ConcertLink;
  private readonly timing: SimTiming;
  private closed = false;
  private readonly done: Promise<void>;

  constructor(
    private readonly stream: ByteStream,
    private readonly opts: ConcertSimOptions = {},
  ) {
    this.log = opts.log ?? new ChargeLog();
    this.timing = { ...TEST_TIMING, ...opts.timing };
    this.wire = new Wire(stream, opts.pace);
    this.link = new ConcertLink(stream, { ...DEFAULT_CONCERT_TIMERS, ...opts.timers }, { write: (b) => this.wire.write(b) });
    const set = this.setScenario(opts.scenario ?? 'approve');
    if (!set.ok) throw new RangeError(set.reason);
    this.done = this.serve();
  }

  get scenario(): string {
    return this.current;
  }

  setScenario(name: string): { ok: true } | { ok: false; reason: string } {
    const checked = checkScenario('concert', name);
    if (!checked.ok) return checked;
    this.current = checked.scenario;
    this.wire.mode = name === 'split-frames' ? 'split' : 'normal';
    return { ok: true };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.link.inbox.close('simulator closed');
    this.link.dispose();
    this.wire.dispose();
    await this.done;
  }

  private async serve(): Promise<void> {
    while (!this.closed) {
      const w = await this.link.waitControl([ENQ], 3_600_000);
      if (w.kind === 'closed') return;
      if (w.kind === 'event') await this.exchange();
    }
  }

  private async exchange(): Promise<void> {
    const sc = this.current;
    const t = this.link.timers;
    if (sc === 'busy' || sc === 'line-drop-enq') return; // busy with its own transaction / line dead: no ACK
    this.link.write([ACK]);
    let request: ConcertRequest | undefined;
    let bad = 0;
    while (!request) {
      const w = await this.link.inbox.next(t.frameMs);
      if (w.kind !== 'event') return;
      const e = w.event;
      if (e.kind === 'control' && e.byte === EOT) return; // the kiosk only probed the link
      if (e.kind === 'control' && e.byte === ENQ) {
        if (sc !== 'line-drop-request') this.link.write([ACK]);
        continue;
      }
      if (e.kind !== 'frame') continue;
      if (sc === 'line-drop-request') return; // the message is lost on the way: no ACK, nothing charged
      const decoded = decodeRequest(e.message);
      if (sc === 'nak-storm' || !e.lrcOk || !decoded.ok) {
        if (++bad > t.retries + 1) return;
        this.link.write([NAK]);
        continue;
      }
      this.link.write([ACK]);
      request = decoded.request;
    }
    await this.link.waitControl([EOT], t.eotMs);
    await this.transact(request, sc);
  }

  private async transact(req: ConcertRequest, sc: Scenario): Promise<void> {
    if (req.delay === 'A011') {
      // Immediate answer: the request is taken, the card is not read yet.
      if (sc === 'timeout') return;
      await this.answer(req, sc, '0', false);
      await this.handleCard(req, sc);
      return;
    }
    const status = await this.handleCard(req, sc);
    if (status !== undefined) await this.answer(req, sc, status, true);
  }

  /** The visitor's part; the charge is journaled before any answer, like a real terminal's journal. */
  private async handleCard(req: ConcertRequest, sc: Scenario): Promise<'0' | '7' | '9' | undefined> {
    await sleep(sc === 'pin-delay' ? this.timing.pinDelayMs : this.timing.thinkMs);
    if (sc === 'timeout') return undefined; // the terminal hangs: no answer, nothing charged
    const status = sc === 'decline' ? '7' : sc === 'abandon' ? '9' : '0';
    if (status === '0') {
      const numeric = this.opts.answerCurrencyNumeric ?? req.currencyNumeric;
      const currency = currencyAlpha(numeric) ?? numeric;
      const base = { protocol: 'concert' as const, amountMinor: this.opts.answerAmountMinor ?? req.amountMinor, currency };
      const reference = req.privateData.trim();
      // `1` crédit gives money back (refund); `2` annulation cancels a transaction of the day (logged as a reversal).
      const kind = req.transactionType === '0' ? 'charge' : req.transactionType === '1' ? 'refund' : 'reversal';
      this.log.append({ ...base, kind, ...(reference ? { reference } : {}) });
    }
    return status;
  }

  private async answer(req: ConcertRequest, sc: Scenario, status: '0' | '7' | '9', report: boolean): Promise<void> {
    if (sc === 'answer-lost' || sc === 'line-drop-answer-enq') return;
    const answer = encodeAnswer({
      pos: req.pos,
      status,
      amountMinor: this.opts.answerAmountMinor ?? req.amountMinor,
      paymentMode: req.paymentMode,
      currencyNumeric: this.opts.answerCurrencyNumeric ?? req.currencyNumeric,
      privateData: this.opts.answerPrivateData ?? req.privateData,
      ...(req.longAnswer ? { cardData: report && status === '0' ? (this.opts.maskedPan ?? '497010******0119') : '' } : {}),
    });
    if (!answer.ok) return;
    if (sc === 'line-drop-answer') {
      this.link.write([ENQ]);
      const acked = await this.link.waitControl([ACK], this.link.timers.enqAckMs);
      if (acked.kind !== 'event') return;
      const frame = frameMessage(answer.message);
      this.link.write(frame.subarray(0, Math.floor(frame.length / 2)));
      return;
    }
    await this.link.send(answer.message, {
      garbleFirst: sc === 'garbled-checksum',
      glueEnq: sc === 'glued-frames',
      skipEot: sc === 'line-drop-eot',
    });
  }
}
