// A ZVT payment terminal (PT): registration, status enquiry, authorisation with intermediate status,
// status information, print lines and completion, ECR abort, repeat receipt, end of day, reversal (06 30: a
// charge of the current day by its receipt number, refused after the end of day) and refund (06 31: the card is
// presented again, any day).
// Faults come from the current scenario. Line 9600 8N2 on a real port; a pty ignores it.
import type { ByteStream } from '../../serial/stream';
import type { LineSettings } from '../../serial/line';
import { currencyAlpha, minorToText } from '../currency';
import { decodeApdu, cmd, encodeApdu } from '../zvt/apdu';
import { amountToBcd, decodeBmps, encodeBmp, fromBcd, toBcd } from '../zvt/bmp';
import { concat } from '../../bytes';
import { terminalDateTime, localTimeZone } from '../zvt/clock';
import { ACK, NAK } from '../zvt/frame';
import { ZvtLink, DEFAULT_ZVT_TIMERS, type ZvtTimers } from '../zvt/link';
import {
  CMD,
  CONFIG,
  abortFromPt,
  completion,
  individualTotals,
  intermediate,
  negative,
  parseAuthorisation,
  parseRefund,
  parseRegistration,
  positive,
  printLine,
  statusCompletion,
  statusInfo,
  type StatusInfo,
} from '../zvt/messages';
import { ChargeLog } from './charge-log';
import { checkScenario, TEST_TIMING, type Scenario, type SimTiming } from './scenarios';
import type { TerminalSimulator } from './simulator';
import { Wire } from './wire';

export interface ZvtSimOptions {
  scenario?: string;
  log?: ChargeLog;
  timing?: Partial<SimTiming>;
  timers?: Partial<ZvtTimers>;
  pace?: LineSettings;
  /** Answer 05 01 with 51 and refuse payments with 84 6B 00 until registered (default true). */
  requireRegistration?: boolean;
  /** Some terminals ignore 06 20; set false to simulate one (default true). */
  honourRepeatReceipt?: boolean;
  /**
   * false: an approved payment ends with a bare completion (06 0F) and no status information (04 0F), as
   * some terminals do; the transaction is still booked and can be repeated with 06 20 (default true).
   */
  sendStatusInformation?: boolean;
  terminalId?: string;
  /** Expected password; any password is accepted when unset. */
  password?: string;
  /** IANA zone of the terminal's clock (BMP 0C time, 0D date are local time); default the process's zone. */
  timeZone?: string;
  /** The terminal's clock (tests). */
  now?: () => Date;
}

interface Booked {
  kind: 'charge' | 'refund';
  info: StatusInfo;
  lines: string[];
  reversed: boolean;
}

const WITH_PASSWORD = new Set<number>([CMD.registration, CMD.statusEnquiry, CMD.repeatReceipt, CMD.endOfDay, CMD.reversal, CMD.refund]);

type Reply = { kind: 'reply'; apdu: Uint8Array } | { kind: 'abort' } | { kind: 'gone' };

export class ZvtSimulator implements TerminalSimulator {
  readonly protocol = 'zvt' as const;
  readonly log: ChargeLog;
  private current: Scenario = 'approve';
  private readonly wire: Wire;
  private readonly link: ZvtLink;
  private readonly timing: SimTiming;
  private closed = false;
  private readonly done: Promise<void>;
  private registered: boolean;
  private config = 0;
  private trace = 0;
  private receipt = 0;
  private last: Booked | undefined;
  private day: Booked[] = [];
  /** busyAfterCharge: status enquiries still to answer "busy" (DC); other commands are not even ACKed. */
  private busyLeft = 0;
  private busyArmed = 0;

  constructor(
    stream: ByteStream,
    private readonly opts: ZvtSimOptions = {},
  ) {
    this.log = opts.log ?? new ChargeLog();
    this.timing = { ...TEST_TIMING, ...opts.timing };
    this.registered = !(opts.requireRegistration ?? true);
    if (opts.timeZone && !isTimeZone(opts.timeZone)) throw new RangeError(`unknown time zone "${opts.timeZone}": give an IANA zone such as "Europe/Paris"`);
    this.wire = new Wire(stream, opts.pace);
    this.link = new ZvtLink(stream, { ...DEFAULT_ZVT_TIMERS, ...opts.timers }, { write: (b) => this.wire.write(b) });
    const set = this.setScenario(opts.scenario ?? 'approve');
    if (!set.ok) throw new RangeError(set.reason);
    this.done = this.serve();
  }

  get scenario(): string {
    return this.current;
  }

  /** The zone of this terminal's clock. */
  get timeZone(): string {
    return this.opts.timeZone ?? localTimeZone();
  }

  /**
   * After the next charge the terminal stays busy with it (printing, talking to its host): it answers the
   * next `enquiries` status enquiries with DC and ignores every other command, then is idle again. This is
   * what a kiosk restarted after a crash meets (the reconciliation tests). 0 ends a busy period at once.
   */
  busyAfterCharge(enquiries: number): void {
    this.busyArmed = enquiries;
    if (enquiries === 0) this.busyLeft = 0;
  }

  setScenario(name: string): { ok: true } | { ok: false; reason: string } {
    const checked = checkScenario('zvt', name);
    if (!checked.ok) return checked;
    this.current = checked.scenario;
    this.wire.mode = name === 'split-frames' ? 'split' : name === 'glued-frames' ? 'glued' : 'normal';
    return { ok: true };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.link.inbox.close('simulator closed');
    this.link.dispose();
    this.wire.dispose();
    await this.done;
  }

  private get tid(): string {
    return this.opts.terminalId ?? '52500038';
  }

  private async serve(): Promise<void> {
    while (!this.closed) {
      const w = await this.link.inbox.next(3_600_000);
      if (w.kind === 'closed') return;
      if (w.kind !== 'event') continue;
      const e = w.event;
      if (e.kind === 'broken') {
        this.link.write(Uint8Array.of(NAK));
        continue;
      }
      if (e.kind !== 'frame') continue;
      const sc = this.current;
      if (sc === 'line-drop-command') continue; // nothing arrives: no ACK
      if (sc === 'nak-storm' || !e.crcOk) {
        this.link.write(Uint8Array.of(NAK));
        continue;
      }
      if (this.busyLeft > 0 && (((e.apdu[0] ?? 0) << 8) | (e.apdu[1] ?? 0)) !== CMD.statusEnquiry) continue; // busy: not listening
      this.link.write(Uint8Array.of(ACK));
      await this.handle(e.apdu, sc);
    }
  }

  /** PT → ECR frame, then the ECR's answer (80 00 00, 84 xx 00, or 06 B0 instead). */
  private async send(apdu: Uint8Array): Promise<Reply> {
    const sent = await this.link.sendApdu(apdu, { corruptFirst: this.current === 'garbled-checksum' });
    if (sent.kind !== 'acked') return { kind: 'gone' };
    const r = await this.link.receiveApdu(this.link.timers.replyMs);
    if (r.kind !== 'apdu') return { kind: 'gone' };
    const d = decodeApdu(r.bytes);
    if (d.ok && cmd(d.apdu) === CMD.ecrAbort) return { kind: 'abort' };
    return { kind: 'reply', apdu: r.bytes };
  }

  /** Just a frame, no answer expected beyond the link ACK (our 80 00 00 / 84 xx 00 replies). */
  private async reply(apdu: Uint8Array): Promise<boolean> {
    const sent = await this.link.sendApdu(apdu, { corruptFirst: this.current === 'garbled-checksum' });
    return sent.kind === 'acked';
  }

  /** Think time during which the ECR may send 06 B0. */
  private async pause(ms: number): Promise<'abort' | 'go' | 'gone'> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      const r = await this.link.receiveApdu(until - Date.now());
      if (r.kind === 'closed') return 'gone';
      if (r.kind !== 'apdu') continue;
      const d = decodeApdu(r.bytes);
      if (d.ok && cmd(d.apdu) === CMD.ecrAbort) return 'abort';
    }
    return 'go';
  }

  private async handle(bytes: Uint8Array, sc: Scenario): Promise<void> {
    const d = decodeApdu(bytes);
    if (!d.ok) {
      await this.reply(negative(0x9a));
      return;
    }
    const a = d.apdu;
    if (this.opts.password && WITH_PASSWORD.has(cmd(a))) {
      if (fromBcd(a.data.subarray(0, 3)) !== this.opts.password) {
        await this.reply(negative(0x83));
        return;
      }
    }
    switch (cmd(a)) {
      case CMD.registration:
        return this.register(a.data);
      case CMD.statusEnquiry: {
        if (!(await this.reply(positive()))) return;
        const status = sc === 'busy' || this.busyLeft > 0 ? 0xdc : this.registered ? 0x00 : 0x51;
        if (this.busyLeft > 0) this.busyLeft--;
        await this.send(statusCompletion('SIM-ZVT 1.0', status));
        return;
      }
      case CMD.authorisation:
        return this.authorise(a.data, sc);
      case CMD.repeatReceipt:
        return this.repeat();
      case CMD.endOfDay:
        return this.endOfDay();
      case CMD.reversal:
        return this.reverse(a.data, sc);
      case CMD.refund:
        return this.authorise(a.data, sc, 'refund');
      case CMD.ecrAbort:
        await this.reply(positive()); // nothing running: nothing to abort
        return;
      default:
        await this.reply(negative(0x83));
    }
  }

  private async register(data: Uint8Array): Promise<void> {
    const reg = parseRegistration(data);
    if (!reg) {
      await this.reply(negative(0x9a));
      return;
    }
    if (!(await this.reply(positive()))) return;
    this.registered = true;
    this.config = reg.config;
    const body = concat(encodeBmp(0x19, Uint8Array.of(0x00)), encodeBmp(0x29, toBcd(this.tid, 4)));
    await this.send(completion(body));
  }

  /** A payment (06 01) or a refund (06 31): the same card dialogue; a refund moves the money the other way. */
  private async authorise(data: Uint8Array, sc: Scenario, kind: 'charge' | 'refund' = 'charge'): Promise<void> {
    const p = kind === 'refund' ? parseRefund(data) : parseAuthorisation(data);
    if (p.amountMinor === undefined) {
      await this.reply(negative(0x9a));
      return;
    }
    if (sc === 'busy') {
      await this.reply(negative(0x83));
      return;
    }
    if (!this.registered) {
      await this.reply(negative(0x6b));
      return;
    }
    if (sc === 'line-drop-reply') return;
    if (!(await this.reply(positive()))) return;
    if (sc === 'timeout') return; // hangs after accepting: no status, nothing charged
    const amountMinor = p.amountMinor;
    const currencyNumeric = p.currencyNumeric ?? '978';
    const withStatus = (this.config & CONFIG.intermediateStatus) !== 0;

    const aborted = async () => {
      await this.reply(positive());
      await this.send(abortFromPt(0x6c));
    };
    // One intermediate status; 'abort' when the ECR answered it with 06 B0.
    const step = async (code: number): Promise<'go' | 'abort' | 'gone'> => {
      if (!withStatus) return 'go';
      const r = await this.send(intermediate(code));
      return r.kind === 'reply' ? 'go' : r.kind;
    };
    const steps = async (...codes: number[]): Promise<'go' | 'abort' | 'gone'> => {
      for (const c of codes) {
        const r = await step(c);
        if (r !== 'go') return r;
      }
      return 'go';
    };

    let r = await step(0x0a); // insert card
    if (r === 'abort') return aborted();
    if (r === 'gone' || sc === 'line-drop-intermediate') return;
    r = await this.pause(this.timing.thinkMs);
    if (r === 'abort') return aborted();
    if (r === 'gone') return;
    if (sc === 'abandon') {
      await this.send(abortFromPt(0x6c));
      return;
    }
    if (sc === 'pin-delay') {
      const until = Date.now() + this.timing.pinDelayMs;
      while (Date.now() < until) {
        r = await step(0x01);
        if (r === 'go') r = await this.pause(Math.min(this.timing.pinStepMs, Math.max(0, until - Date.now())));
        if (r === 'abort') return aborted();
        if (r === 'gone') return;
      }
    } else {
      r = await steps(0x01);
      if (r === 'abort') return aborted();
      if (r === 'gone') return;
    }
    r = await steps(0x04);
    if (r === 'abort') return aborted();
    if (r === 'gone') return;

    const base: StatusInfo = {
      amountMinor,
      currencyNumeric,
      trace: String(++this.trace).padStart(6, '0'),
      ...terminalDateTime(this.opts.now?.() ?? new Date(), this.timeZone),
      terminalId: this.tid,
    };
    if (sc === 'decline') {
      await steps(0x1d);
      const s = await this.send(statusInfo({ resultCode: 0x05, ...base }));
      if (s.kind === 'gone') return;
      await this.send(abortFromPt(0x05));
      return;
    }

    // Approved by the "host": the money is taken now.
    const info: StatusInfo = {
      resultCode: 0x00,
      ...base,
      receiptNumber: String(++this.receipt).padStart(4, '0'),
      authCode: String(100000 + Math.floor(Math.random() * 899999)),
      cardType: 0x06,
      cardName: 'Mastercard',
      maskedPan: '541333******4111',
    };
    const lines = receiptLines(info, kind);
    const booked: Booked = { kind, info, lines, reversed: false };
    const currency = currencyAlpha(currencyNumeric) ?? currencyNumeric;
    this.log.append({
      protocol: 'zvt',
      kind,
      amountMinor,
      currency,
      receiptNumber: info.receiptNumber!,
      trace: info.trace!,
      authCode: info.authCode!,
    });
    this.last = booked;
    this.day.push(booked);
    if (this.busyArmed > 0) {
      this.busyLeft = this.busyArmed;
      this.busyArmed = 0;
    }
    if (sc === 'answer-lost' || sc === 'line-drop-status') return;
    if (this.opts.sendStatusInformation === false) {
      if (this.config & CONFIG.ecrPrintsPayment) {
        for (const line of lines) if ((await this.send(printLine(line))).kind === 'gone') return;
      }
      await this.send(completion());
      return;
    }

    let answer = await this.send(statusInfo(info));
    // An ECR abort racing the status information is too late: wait for the real answer.
    while (answer.kind === 'abort') {
      const again = await this.link.receiveApdu(this.link.timers.replyMs);
      answer = again.kind === 'apdu' ? { kind: 'reply', apdu: again.bytes } : { kind: 'gone' };
    }
    // "ECR controls payment" is about payments: a refund is booked once the terminal reported it.
    const ecrControls = kind === 'charge' && (this.config & CONFIG.ecrControlsPayment) !== 0;
    const refused = answer.kind === 'reply' && answer.apdu[0] === 0x84;
    if (ecrControls && (refused || answer.kind === 'gone')) {
      // The ECR refused (84 66 00) or never answered: the terminal reverses the payment itself.
      booked.reversed = true;
      this.log.append({
        protocol: 'zvt',
        kind: 'reversal',
        amountMinor,
        currency,
        reverses: info.receiptNumber!,
        trace: String(++this.trace).padStart(6, '0'),
      });
      if (answer.kind === 'reply') await this.send(abortFromPt(0x66));
      return;
    }
    if (answer.kind === 'gone' || sc === 'line-drop-completion') return;
    if (this.config & CONFIG.ecrPrintsPayment) {
      for (const line of lines) if ((await this.send(printLine(line))).kind === 'gone') return;
    }
    await this.send(completion());
  }

  private async repeat(): Promise<void> {
    if (!this.last || this.opts.honourRepeatReceipt === false) {
      await this.reply(negative(0x83));
      return;
    }
    if (!(await this.reply(positive()))) return;
    const last = this.last;
    const info = last.reversed ? { ...last.info, resultCode: 0xb4 } : last.info;
    if ((await this.send(statusInfo(info))).kind === 'gone') return;
    for (const line of last.lines) if ((await this.send(printLine(line))).kind === 'gone') return;
    await this.send(completion());
  }

  private async endOfDay(): Promise<void> {
    if (!(await this.reply(positive()))) return;
    const live = this.day.filter((b) => !b.reversed);
    const total = live.reduce((n, b) => n + (b.kind === 'refund' ? -1 : 1) * (b.info.amountMinor ?? 0), 0);
    const receipts = live.map((b) => Number(b.info.receiptNumber));
    const totals = individualTotals(Math.min(0, ...receipts), Math.max(0, ...receipts), live.length, Math.max(0, total));
    const body = concat(encodeBmp(0x27, Uint8Array.of(0)), encodeBmp(0x04, amountToBcd(Math.max(0, total))), encodeBmp(0x60, totals));
    if ((await this.send(encodeApdu(0x04, 0x0f, body))).kind === 'gone') return;
    const currency = currencyAlpha(live[0]?.info.currencyNumeric ?? '978') ?? 'EUR';
    const lines = ['END OF DAY', `TRANSACTIONS ${live.length}`, `TOTAL ${minorToText(total, currency)}`];
    for (const line of lines) if ((await this.send(printLine(line))).kind === 'gone') return;
    this.day = [];
    await this.send(completion());
  }

  /**
   * 06 30: cancels a charge of the current day (not yet closed by 06 50) by its receipt number. An unknown
   * receipt, a refund's receipt, or one of a closed day is refused with 06 1E B5 (reversal not possible), one
   * already reversed with B4; after the end of day only a refund (06 31) gives money back.
   */
  private async reverse(data: Uint8Array, sc: Scenario): Promise<void> {
    const bmps = decodeBmps(data, 3);
    const rcpt = bmps.fields.get(0x87);
    if (!rcpt) {
      await this.reply(negative(0x9a));
      return;
    }
    if (!(await this.reply(positive()))) return;
    const number = fromBcd(rcpt);
    const target = this.day.find((b) => b.kind === 'charge' && b.info.receiptNumber === number);
    if (!target) {
      await this.send(abortFromPt(0xb5));
      return;
    }
    if (target.reversed) {
      await this.send(abortFromPt(0xb4));
      return;
    }
    target.reversed = true;
    const amountMinor = target.info.amountMinor ?? 0;
    const currency = currencyAlpha(target.info.currencyNumeric ?? '978') ?? 'EUR';
    const info: StatusInfo = {
      resultCode: 0,
      amountMinor,
      currencyNumeric: target.info.currencyNumeric ?? '978',
      trace: String(++this.trace).padStart(6, '0'),
      receiptNumber: String(++this.receipt).padStart(4, '0'),
      terminalId: this.tid,
    };
    this.log.append({ protocol: 'zvt', kind: 'reversal', amountMinor, currency, reverses: number, receiptNumber: info.receiptNumber!, trace: info.trace! });
    this.last = { kind: 'charge', info: { ...info, resultCode: 0 }, lines: [`REVERSAL OF RECEIPT ${number}`], reversed: false };
    if (sc === 'answer-lost' || sc === 'line-drop-status') return;
    if ((await this.send(statusInfo(info))).kind === 'gone') return;
    await this.send(completion());
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function receiptLines(info: StatusInfo, kind: 'charge' | 'refund'): string[] {
  const amount = minorToText(info.amountMinor ?? 0, currencyAlpha(info.currencyNumeric ?? '978') ?? 'EUR');
  return [
    'SIMULATED TERMINAL',
    `TID ${info.terminalId}  TRACE ${info.trace}`,
    `RECEIPT ${info.receiptNumber}`,
    `${info.cardName} ${info.maskedPan}`,
    `AMOUNT ${amount}`,
    `AUTH ${info.authCode}`,
    kind === 'refund' ? 'REFUND APPROVED' : 'APPROVED',
  ];
}
