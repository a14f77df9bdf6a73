// ZVT driver (kiosk = ECR). Registers on first use, pays with 06 01, and can ask the terminal what
// happened (status enquiry, repeat receipt) when an answer was lost.
import type {
  Approved,
  TerminalReceipt,
  PayRequest,
  PayResult,
  RefundRequest,
  RefundResult,
  ReversalResult,
  ReverseOptions,
  TerminalStatus,
  ZvtTerminal,
} from '../types';
import { currencyAlpha, currencyNumeric } from '../currency';
import { LineHolder, OneAtATime, PAY_WAIT_MS, type Connector } from '../line-holder';
import { isDecline, resultText, TERMINAL_STATUS } from './codes';
import { hex } from '../../bytes';
import { ZvtLink, DEFAULT_ZVT_TIMERS, enquiryCompletionMs, type ApduLink, type ZvtTimers } from './link';
import { ZvtTcpLink } from './tcp-link';
import type { ByteStream } from '../../serial/stream';
import {
  CONFIG,
  DEFAULT_CONFIG_BYTE,
  authorisation,
  endOfDay,
  parseStatusCompletion,
  registration,
  refund,
  repeatReceipt,
  reversal,
  statusEnquiry,
  type StatusInfo,
} from './messages';
import { runCommand, type CommandHooks, type CommandRun } from './session';
import { instantsOf, localTimeZone } from './clock';
import { repeatMatchesPayment, type PaymentAsked } from './confirm';
import { ZVT_MAX_AMOUNT_MINOR } from './bmp';

export interface ZvtOptions {
  /** 6 digits, sent as 3 BCD bytes. */
  password?: string;
  /** Registration config byte; default: ECR prints, intermediate status, ECR controls payment, print lines. */
  configByte?: number;
  /** Currency announced at registration (ISO alphabetic). */
  currency?: string;
  /** BMP 01 sent with every payment. */
  ptTimeoutSeconds?: number;
  timers?: Partial<ZvtTimers>;
  /**
   * The kiosk prints the card receipt (devices.terminal.printsCardReceipt): registration sets config bits 02
   * "ECR prints payment receipt" and 80 "print via ECR (06 D1/06 D3)", so the terminal sends its receipts
   * and prints none itself; false clears both and the terminal prints. Ignored when configByte is given.
   */
  ecrPrintsReceipt?: boolean;
  /** Register before the first payment/enquiry of this driver instance (default true). */
  autoRegister?: boolean;
  /** Zone of the terminal's clock (its BMP 0C/0D are local time); default the process's zone. */
  timeZone?: string;
  /** What the connector's stream carries: serial framing with link ACKs (default), or bare APDUs on TCP/IP. */
  transport?: 'serial' | 'tcp';
}

type Nothing = { ok: false; outcome: 'nothing'; reason: string };

export class ZvtDriver implements ZvtTerminal {
  readonly protocol = 'zvt' as const;
  private readonly line: LineHolder;
  private readonly gate = new OneAtATime();
  private readonly timers: ZvtTimers;
  private registered = false;
  /** Trace number of the last transaction the terminal reported to this driver. */
  private lastTrace: string | undefined;
  /** TCP: one link per connection, so an APDU split across two commands' reads is never cut in half. */
  private tcp: { stream: ByteStream; link: ZvtTcpLink } | undefined;

  constructor(
    connector: Connector,
    private readonly opts: ZvtOptions = {},
  ) {
    this.line = new LineHolder(connector);
    this.timers = { ...DEFAULT_ZVT_TIMERS, ...opts.timers };
  }

  private get password(): string {
    return this.opts.password ?? '000000';
  }

  /** The registration config byte this driver sends: the explicit one, or the default matched to who prints. */
  get configByte(): number {
    return this.opts.configByte ?? configByteFor(this.opts.ecrPrintsReceipt ?? true);
  }

  /** Runs one command on a fresh link, with the line opened on demand. */
  private async run(command: Uint8Array, hooks: CommandHooks = {}): Promise<CommandRun> {
    const opened = await this.line.get();
    if (!opened.ok) return { end: 'not-sent', reason: opened.reason, accepted: false, statusInfos: [], lines: [], receipts: [], abortRequested: false };
    const { link, release } = this.linkOn(opened.stream);
    try {
      const run = await runCommand(link, command, hooks);
      const trace = run.statusInfos.findLast((i) => i.trace !== undefined)?.trace;
      if (trace !== undefined) this.lastTrace = trace;
      return run;
    } finally {
      release();
    }
  }

  /** A command the terminal answers on its own (no visitor, no host): its end is waited for enquiryMs, not 180 s. */
  private enquire(command: Uint8Array): Promise<CommandRun> {
    return this.run(command, { completionMs: enquiryCompletionMs(this.timers) });
  }

  /** Serial: a fresh link (decoder, inbox) per command, as before. TCP: the connection's one link. */
  private linkOn(stream: ByteStream): { link: ApduLink; release: () => void } {
    if (this.opts.transport !== 'tcp') {
      const link = new ZvtLink(stream, this.timers);
      return { link, release: () => link.dispose() };
    }
    if (this.tcp?.stream !== stream) {
      this.tcp?.link.dispose();
      this.tcp = { stream, link: new ZvtTcpLink(stream, this.timers) };
    }
    this.tcp.link.discardStale();
    return { link: this.tcp.link, release: () => undefined };
  }

  private async exclusive<T>(busy: T, fn: () => Promise<T>): Promise<T> {
    if (!this.gate.tryAcquire()) return busy;
    try {
      return await fn();
    } finally {
      this.gate.release();
    }
  }

  register(): Promise<{ ok: true } | { ok: false; reason: string }> {
    return this.exclusive({ ok: false, reason: 'the terminal is busy with another operation' }, () => this.registerInner());
  }

  private async registerInner(): Promise<{ ok: true } | { ok: false; reason: string }> {
    const numeric = currencyNumeric(this.opts.currency ?? 'EUR');
    const run = await this.enquire(registration(this.password, this.configByte, numeric));
    if (run.end === 'completed') {
      this.registered = true;
      return { ok: true };
    }
    const code = run.code === undefined ? '' : `: ${resultText(run.code)}`;
    return { ok: false, reason: `registration failed (${run.end}${code}; ${run.reason})` };
  }

  pay(req: PayRequest): Promise<PayResult> {
    return this.gate.run<PayResult>(PAY_WAIT_MS, { ok: false, outcome: 'not_sent', reason: 'the terminal is busy with another operation' }, () =>
      this.payInner(req),
    );
  }

  private async payInner(req: PayRequest): Promise<PayResult> {
    const numeric = currencyNumeric(req.currency);
    if (!numeric) return { ok: false, outcome: 'not_sent', reason: `currency ${req.currency} is not known to the ZVT driver` };
    if (!Number.isSafeInteger(req.amountMinor) || req.amountMinor <= 0 || req.amountMinor > ZVT_MAX_AMOUNT_MINOR) {
      return { ok: false, outcome: 'not_sent', reason: `amount must be a positive whole number of minor units, got ${req.amountMinor}` };
    }
    if (req.signal?.aborted) return { ok: false, outcome: 'aborted', reason: 'cancelled before anything was sent' };
    for (let attempt = 0; attempt < 2; attempt++) {
      if ((this.opts.autoRegister ?? true) && !this.registered) {
        const reg = await this.registerInner();
        if (!reg.ok) return { ok: false, outcome: 'not_sent', reason: reg.reason };
      }
      let acknowledged = false;
      const hooks: CommandHooks = {
        onAccepted: () => {
          acknowledged = true;
          req.onAcknowledged?.();
        },
      };
      if (req.onProgress) hooks.onProgress = req.onProgress;
      if (req.signal) hooks.signal = req.signal;
      const confirm = req.confirmBooking;
      if (confirm) {
        hooks.decide = async (info) => {
          try {
            return await confirm(approvedFrom(info, req, []));
          } catch {
            return false; // a failing decision must not book money the kiosk cannot account for
          }
        };
      }
      const command = authorisation({ amountMinor: req.amountMinor, currencyNumeric: numeric, timeoutSeconds: this.opts.ptTimeoutSeconds ?? 120 });
      const previousTrace = this.lastTrace;
      const sentAt = new Date();
      const run = await this.run(command, hooks);
      // "Not registered": nothing started, so registering and sending once more is safe.
      if (run.end === 'refused' && !acknowledged && (run.code === 0x6b || run.code === 0x51) && attempt === 0) {
        this.registered = false;
        continue;
      }
      if (isBareCompletion(run)) {
        return this.confirmBareCompletion(
          run,
          {
            amountMinor: req.amountMinor,
            currencyNumeric: numeric,
            sentAt,
            timeZone: this.opts.timeZone ?? localTimeZone(),
            ...(previousTrace === undefined ? {} : { previousTrace }),
          },
          req,
        );
      }
      return paymentResult(run, req);
    }
    return { ok: false, outcome: 'not_sent', reason: 'terminal keeps answering "not registered" after registration' };
  }

  /**
   * The payment ended with 06 0F but no status information: ask the terminal to repeat its last receipt
   * (06 20) and take it only when it provably is this payment (confirm.ts); otherwise the money may or may
   * not have moved, and staff must look at the terminal's journal.
   */
  private async confirmBareCompletion(run: CommandRun, asked: Omit<PaymentAsked, 'now'>, req: PayRequest): Promise<PayResult> {
    const bare = 'the terminal ended the payment (06 0F) with no status information';
    const repeat = await this.enquire(repeatReceipt(this.password));
    const info = repeat.statusInfos.at(-1);
    if (repeat.end === 'not-sent' || repeat.end === 'lost' || repeat.end === 'refused' || !info) {
      const why =
        repeat.end === 'refused'
          ? `it refused to repeat the receipt (${resultText(repeat.code ?? 0xff)})`
          : `repeat receipt gave nothing (${repeat.end}: ${repeat.reason})`;
      return { ok: false, outcome: 'unknown', reason: `${bare}, and ${why}: check the terminal's journal` };
    }
    const match = repeatMatchesPayment(info, { ...asked, now: new Date() });
    if (!match.ok) return { ok: false, outcome: 'unknown', reason: `${bare}, and ${match.reason}: check the terminal's journal` };
    return repeat.lines.length ? approvedFrom(info, req, repeat.lines, repeat.receipts) : approvedFrom(info, req, run.lines, run.receipts);
  }

  status(): Promise<TerminalStatus> {
    return this.exclusive<TerminalStatus>({ state: 'busy', detail: 'a payment is in progress' }, async () => {
      let run = await this.enquire(statusEnquiry(this.password));
      // TCP: a connection the terminal dropped while idle (its restart, a network cut) is only found by writing
      // on it. A status enquiry moves no money, so it is asked once more, on a new connection.
      if (this.opts.transport === 'tcp' && run.end === 'lost' && !run.accepted) run = await this.enquire(statusEnquiry(this.password));
      if (run.end === 'not-sent') return { state: 'offline', detail: run.reason };
      if (run.end === 'refused') return { state: 'unknown', detail: `status enquiry refused: ${resultText(run.code ?? 0xff)}` };
      if (run.end === 'lost') return { state: 'unknown', detail: run.reason };
      if (run.end === 'aborted') return { state: 'unknown', detail: `status enquiry aborted: ${resultText(run.code ?? 0xff)}` };
      const s = run.completionData ? parseStatusCompletion(run.completionData) : undefined;
      if (!s) return { state: 'unknown', detail: 'status enquiry completed without a terminal status byte' };
      const words = TERMINAL_STATUS[s.terminalStatus] ?? `terminal status ${hex(s.terminalStatus)}`;
      const detail = `${words}; software ${s.swVersion}`;
      switch (s.terminalStatus) {
        case 0x00:
          return { state: 'ready', detail };
        case 0x51:
          this.registered = false;
          return { state: 'not-registered', detail };
        case 0xdc:
          return { state: 'busy', detail };
        case 0xdf:
          return { state: 'out-of-order', detail };
        default:
          return { state: 'unknown', detail };
      }
    });
  }

  repeatLastReceipt(): Promise<PayResult | Nothing> {
    return this.exclusive<PayResult | Nothing>({ ok: false, outcome: 'not_sent', reason: 'the terminal is busy with another operation' }, async () => {
      const run = await this.enquire(repeatReceipt(this.password));
      if (run.end === 'not-sent') return { ok: false, outcome: 'not_sent', reason: run.reason };
      if (run.end === 'refused') return { ok: false, outcome: 'nothing', reason: `terminal cannot repeat the receipt: ${resultText(run.code ?? 0xff)}` };
      const info = run.statusInfos.at(-1);
      if (run.end === 'lost') return { ok: false, outcome: 'unknown', reason: run.reason };
      if (!info)
        return { ok: false, outcome: 'nothing', reason: `no transaction to repeat (${run.end}${run.code === undefined ? '' : ': ' + resultText(run.code)})` };
      if (info.resultCode === 0) {
        const a = approvedFrom(info, undefined, run.lines, run.receipts);
        if (info.date && info.time) a.madeAt = instantsOf(info.date, info.time, new Date(), this.opts.timeZone ?? localTimeZone()).map((t) => t.toISOString());
        return a;
      }
      return { ok: false, outcome: 'declined', reason: `last transaction was not approved: ${resultText(info.resultCode ?? 0xff)}` };
    });
  }

  endOfDay(): Promise<{ ok: true; totalMinor: number; count: number; lines: string[] } | { ok: false; reason: string }> {
    return this.exclusive<{ ok: true; totalMinor: number; count: number; lines: string[] } | { ok: false; reason: string }>(
      { ok: false, reason: 'the terminal is busy with another operation' },
      async () => {
        const run = await this.run(endOfDay(this.password));
        if (run.end !== 'completed') {
          const code = run.code === undefined ? '' : `: ${resultText(run.code)}`;
          return { ok: false, reason: `end of day ${run.end}${code} (${run.reason})` };
        }
        const info = run.statusInfos.at(-1);
        return { ok: true, totalMinor: info?.amountMinor ?? 0, count: info?.totalsCount ?? 0, lines: run.lines };
      },
    );
  }

  reverse(receiptNumber: string, opts: ReverseOptions = {}): Promise<ReversalResult> {
    return this.exclusive<ReversalResult>({ ok: false, outcome: 'not_sent', reason: 'the terminal is busy with another operation' }, async () => {
      if (!/^\d{1,4}$/.test(receiptNumber)) return { ok: false, outcome: 'not_sent', reason: `receipt number "${receiptNumber}" must be 1 to 4 digits` };
      if ((this.opts.autoRegister ?? true) && !this.registered) {
        const reg = await this.registerInner();
        if (!reg.ok) return { ok: false, outcome: 'not_sent', reason: reg.reason };
      }
      const run = await this.run(reversal(this.password, receiptNumber), opts.onAcknowledged ? { onAccepted: opts.onAcknowledged } : {});
      const info = run.statusInfos.at(-1);
      if (run.end === 'not-sent') return { ok: false, outcome: 'not_sent', reason: run.reason };
      if (run.end === 'refused') return { ok: false, outcome: 'aborted', reason: `reversal refused: ${resultText(run.code ?? 0xff)}` };
      if (info?.resultCode === 0 && run.end !== 'aborted') {
        const ok: ReversalResult = { ok: true, amountMinor: info.amountMinor ?? 0, receiptLines: run.lines };
        if (info.receiptNumber) ok.receiptNumber = info.receiptNumber;
        return ok;
      }
      if (run.end === 'lost') return { ok: false, outcome: 'unknown', reason: run.reason };
      const code = info?.resultCode ?? run.code ?? 0xff;
      return { ok: false, outcome: 'declined', reason: `reversal not done: ${resultText(code)}` };
    });
  }

  /**
   * Refund (06 31): money back to the card presented again, after the terminal's end of day (before it, a
   * reversal by receipt number cancels the payment instead). Read like a payment: the same rules decide what the
   * kiosk may conclude, and a refund whose answer was lost is `unknown`, never sent again.
   */
  refund(req: RefundRequest): Promise<RefundResult> {
    return this.gate.run<RefundResult>(PAY_WAIT_MS, { ok: false, outcome: 'not_sent', reason: 'the terminal is busy with another operation' }, () =>
      this.refundInner(req),
    );
  }

  private async refundInner(req: RefundRequest): Promise<RefundResult> {
    const numeric = currencyNumeric(req.currency);
    if (!numeric) return { ok: false, outcome: 'not_sent', reason: `currency ${req.currency} is not known to the ZVT driver` };
    if (!Number.isSafeInteger(req.amountMinor) || req.amountMinor <= 0 || req.amountMinor > ZVT_MAX_AMOUNT_MINOR) {
      return { ok: false, outcome: 'not_sent', reason: `amount must be a positive whole number of minor units, got ${req.amountMinor}` };
    }
    if (req.signal?.aborted) return { ok: false, outcome: 'aborted', reason: 'cancelled before anything was sent' };
    if ((this.opts.autoRegister ?? true) && !this.registered) {
      const reg = await this.registerInner();
      if (!reg.ok) return { ok: false, outcome: 'not_sent', reason: reg.reason };
    }
    const hooks: CommandHooks = { onAccepted: () => req.onAcknowledged?.() };
    if (req.onProgress) hooks.onProgress = req.onProgress;
    if (req.signal) hooks.signal = req.signal;
    const run = await this.run(refund(this.password, { amountMinor: req.amountMinor, currencyNumeric: numeric }), hooks);
    if (run.end === 'refused') {
      return { ok: false, outcome: 'aborted', reason: `terminal refused to start the refund: ${resultText(run.code ?? 0xff)}` };
    }
    return paymentResult(run, { amountMinor: req.amountMinor, currency: req.currency, reference: req.reference });
  }

  async close(): Promise<void> {
    this.tcp?.link.dispose();
    this.tcp = undefined;
    await this.line.close();
  }
}

function approvedFrom(info: StatusInfo, req: PayRequest | undefined, lines: string[], receipts?: TerminalReceipt[]): Approved {
  const a: Approved = {
    ok: true,
    outcome: 'approved',
    amountMinor: info.amountMinor ?? req?.amountMinor ?? 0,
    currency: (info.currencyNumeric && currencyAlpha(info.currencyNumeric)) || req?.currency || 'EUR',
  };
  if (info.authCode) a.authCode = info.authCode;
  if (info.maskedPan) a.maskedPan = info.maskedPan;
  if (info.cardName) a.cardBrand = info.cardName;
  if (info.receiptNumber) a.receiptNumber = info.receiptNumber;
  if (info.trace) a.trace = info.trace;
  if (info.terminalId) a.terminalId = info.terminalId;
  if (lines.length) a.receiptLines = lines;
  if (receipts?.length) a.receipts = receipts;
  return a;
}

/** Default config byte; the receipt bits (02, 80) follow who prints the card receipt (see ZvtOptions.ecrPrintsReceipt). */
export function configByteFor(ecrPrintsReceipt: boolean): number {
  const receiptBits = CONFIG.ecrPrintsPayment | CONFIG.printLines;
  return ecrPrintsReceipt ? DEFAULT_CONFIG_BYTE | receiptBits : DEFAULT_CONFIG_BYTE & ~receiptBits;
}

/** Completed without any status information carrying a result: nothing says what happened to the money. */
export function isBareCompletion(run: CommandRun): boolean {
  return run.end === 'completed' && run.booking === undefined && !run.statusInfos.some((i) => i.resultCode !== undefined);
}

/** The payment rules: what the kiosk may conclude from how the command ended. */
export function paymentResult(run: CommandRun, req: PayRequest): PayResult {
  const positive = run.statusInfos.find((i) => i.resultCode === 0);
  const negative = run.statusInfos.find((i) => i.resultCode !== undefined && i.resultCode !== 0);
  switch (run.end) {
    case 'not-sent':
      return { ok: false, outcome: 'not_sent', reason: run.reason };
    case 'refused':
      return { ok: false, outcome: 'aborted', reason: `terminal refused to start the payment: ${resultText(run.code ?? 0xff)}` };
    case 'lost':
      if (positive && run.booking === 'booked') return approvedFrom(positive, req, run.lines, run.receipts);
      if (negative && !positive) return { ok: false, outcome: 'declined', reason: resultText(negative.resultCode!) };
      return { ok: false, outcome: 'unknown', reason: `${run.reason}; ask the terminal (repeat receipt) before anything else` };
    case 'completed':
      if (run.booking === 'refused')
        return { ok: false, outcome: 'aborted', reason: 'kiosk refused the booking (84 66 00); the terminal reverses the payment' };
      if (positive) return approvedFrom(positive, req, run.lines, run.receipts);
      if (negative) return { ok: false, outcome: 'declined', reason: resultText(negative.resultCode!) };
      // A bare completion proves nothing (the driver asks the terminal before it gets here).
      return {
        ok: false,
        outcome: 'unknown',
        reason: 'the terminal ended the payment with no status information: ask it (repeat receipt) before anything else',
      };
    case 'aborted': {
      const code = run.code ?? 0xff;
      if (run.booking === 'booked')
        return { ok: false, outcome: 'unknown', reason: `terminal aborted (${resultText(code)}) after reporting approval: check its journal` };
      if (run.booking === 'refused')
        return { ok: false, outcome: 'aborted', reason: 'kiosk refused the booking (84 66 00); the terminal reversed the payment' };
      if (negative) return { ok: false, outcome: 'declined', reason: resultText(negative.resultCode!) };
      if (isDecline(code)) return { ok: false, outcome: 'declined', reason: resultText(code) };
      return { ok: false, outcome: 'aborted', reason: `${run.abortRequested ? 'cancelled by the kiosk: ' : ''}${resultText(code)}` };
    }
  }
}
