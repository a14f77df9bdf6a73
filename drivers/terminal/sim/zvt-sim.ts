// A ZVT payment terminal (PT): registration, status enquiry, authorisation with intermediate status,
// status information, print lines and completion, ECR abort, repeat receipt, end of day, reversal (06 30: a
// charge of the current day by its receipt number, refused after the end of day) and refund (06 31: the card is
// presented again, any day).
// Faults come from the current scenario. Line 9600 8N2 on a real port; a pty ignores it. Over TCP/IP
// (attach(stream, 'tcp'), see zvt-tcp-server.ts) it speaks bare APDUs and serves each connection in turn,
// one terminal behind them all (its journal, trace and receipt numbers survive a reconnect).
import type { ByteStream } from '../../serial/stream';
import type { LineSettings } from '../../serial/line';
import { currencyAlpha, minorToText } from '../currency';
import { decodeApdu, cmd, encodeApdu } from '../zvt/apdu';
import { amountToBcd, decodeBmps, encodeBmp, fromBcd, toBcd } from '../zvt/bmp';
import { concat } from '../../bytes';
import { terminalDateTime, localTimeZone } from '../zvt/clock';
import { ACK, NAK } from '../zvt/frame';
import { ZvtLink, DEFAULT_ZVT_TIMERS, type ApduLink, type ZvtTimers } from '../zvt/link';
import { ZvtTcpLink } from '../zvt/tcp-link';
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
import { LAST_LINE, printTextBlock } from '../zvt/receipt';
import type { TerminalReceipt } from '../types';
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
  /**
   * How the terminal hands its receipts to an ECR that prints them (registered with config bits 02 and 80):
   * 'lines' — 06 D1 print lines, merchant copy then customer copy, each ended by a last-line attribute (no
   * copy marker); 'blocks' — one 06 D3 text block per copy, marked merchant (1F07 01) / customer (1F07 02).
   * Which one a real terminal sends is its own configuration; the kiosk reads both (default 'lines').
   */
  printTexts?: 'lines' | 'blocks';
}

interface Booked {
  kind: 'charge' | 'refund';
  info: StatusInfo;
  receipts: TerminalReceipt[];
  reversed: boolean;
}

const WITH_PASSWORD = new Set<number>([CMD.registration, CMD.statusEnquiry, CMD.repeatReceipt, CMD.endOfDay, CMD.reversal, CMD.refund]);

type Reply = { kind: 'reply'; apdu: Uint8Array } | { kind: 'abort' } | { kind: 'gone' };

/** One ECR connection: the serial line, or one accepted TCP connection. */
interface Conn {
  stream: ByteStream;
  link: ZvtLink | ZvtTcpLink;
  wire: Wire;
  done: Promise<void>;
}

export class ZvtSimulator implements TerminalSimulator {
  readonly protocol = 'zvt' as const;
  readonly log: ChargeLog;
  private current: Scenario = 'approve';
  private readonly conns = new Set<Conn>();
  /** The link of the connection whose command is being handled (commands are handled one at a time). */
  private link!: ApduLink;
  private turn: Promise<void> = Promise.resolve();
  private wireMode: Wire['mode'] = 'normal';
  private readonly timing: SimTiming;
  private closed = false;
  private registered: boolean;
  private config = 0;
  private trace = 0;
  private receipt = 0;
  private last: Booked | undefined;
  private day: Booked[] = [];
  /** busyAfterCharge: status enquiries still to answer "busy" (DC); other commands are not even ACKed. */
  private busyLeft = 0;
  private busyArmed = 0;

  /** `stream`: a serial line to serve at once; null for a TCP server that attaches its connections. */
  constructor(
    stream: ByteStream | null,
    private readonly opts: ZvtSimOptions = {},
  ) {
    this.log = opts.log ?? new ChargeLog();
    this.timing = { ...TEST_TIMING, ...opts.timing };
    this.registered = !(opts.requireRegistration ?? true);
    if (opts.timeZone && !isTimeZone(opts.timeZone)) throw new RangeError(`unknown time zone "${opts.timeZone}": give an IANA zone such as "Europe/Paris"`);
    const set = this.setScenario(opts.scenario ?? 'approve');
    if (!set.ok) throw new RangeError(set.reason);
    if (stream) this.attach(stream, 'serial');
  }

  /** Serves one ECR connection until it closes (or the simulator does). */
  attach(stream: ByteStream, transport: 'serial' | 'tcp'): void {
    const timers = { ...DEFAULT_ZVT_TIMERS, ...this.opts.timers };
    const wire = new Wire(stream, this.opts.pace, transport === 'tcp');
    wire.mode = this.wireMode;
    const write = (b: Uint8Array) => wire.write(b);
    const link = transport === 'tcp' ? new ZvtTcpLink(stream, timers, { write }) : new ZvtLink(stream, timers, { write });
    const conn: Conn = { stream, link, wire, done: Promise.resolve() };
    this.conns.add(conn);
    const served = link instanceof ZvtTcpLink ? this.serveTcp(conn, link) : this.serve(link);
    conn.done = served.finally(() => {
      this.conns.delete(conn);
      link.dispose();
      wire.dispose();
    });
  }

  /** ECR connections being served (tests wait on a reconnect with it). */
  get connections(): number {
    return this.conns.size;
  }

  /** Handles one command with `link` as the line, after any command another connection is handling. */
  private take(link: ApduLink, fn: () => Promise<void>): Promise<void> {
    const run = this.turn.then(() => {
      this.link = link;
      return fn();
    });
    this.turn = run.catch(() => undefined);
    return run;
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
    this.wireMode = name === 'split-frames' ? 'split' : name === 'glued-frames' ? 'glued' : 'normal';
    for (const c of this.conns) c.wire.mode = this.wireMode;
    return { ok: true };
  }

  async close(): Promise<void> {
    this.closed = true;
    const conns = [...this.conns];
    for (const c of conns) c.link.inbox.close('simulator closed');
    await Promise.all(conns.map((c) => c.done));
  }

  private get tid(): string {
    return this.opts.terminalId ?? '52500038';
  }

  private async serve(link: ZvtLink): Promise<void> {
    while (!this.closed) {
      const w = await link.inbox.next(3_600_000);
      if (w.kind === 'closed') return;
      if (w.kind !== 'event') continue;
      const e = w.event;
      if (e.kind === 'broken') {
        link.write(Uint8Array.of(NAK));
        continue;
      }
      if (e.kind !== 'frame') continue;
      const sc = this.current;
      if (sc === 'line-drop-command') continue; // nothing arrives: no ACK
      if (sc === 'nak-storm' || !e.crcOk) {
        link.write(Uint8Array.of(NAK));
        continue;
      }
      if (this.busyLeft > 0 && (((e.apdu[0] ?? 0) << 8) | (e.apdu[1] ?? 0)) !== CMD.statusEnquiry) continue; // busy: not listening
      link.write(Uint8Array.of(ACK));
      await this.take(link, () => this.handle(e.apdu, sc));
    }
  }

  /**
   * TCP has no link layer, so the link faults become what a network terminal does: 'nak-storm' (cannot read
   * our command) and 'line-drop-command' hang up on the command; the other line-drop-<step> scenarios hang
   * up where the serial line would go silent; 'garbled-checksum' has no CRC to garble (TCP checks its own) and
   * pays normally; 'split-frames' sends one byte per segment, 'glued-frames' several APDUs in one.
   */
  private async serveTcp(conn: Conn, link: ZvtTcpLink): Promise<void> {
    while (!this.closed) {
      const r = await link.receiveApdu(3_600_000);
      if (r.kind === 'closed') return;
      if (r.kind !== 'apdu') continue; // 'failed': the link drops the connection, 'closed' follows
      const sc = this.current;
      if (sc === 'nak-storm' || sc === 'line-drop-command') {
        await conn.stream.close();
        return;
      }
      const command = ((r.bytes[0] ?? 0) << 8) | (r.bytes[1] ?? 0);
      if (this.busyLeft > 0 && command !== CMD.statusEnquiry) continue; // busy: not listening
      await this.take(link, () => this.handle(r.bytes, sc));
      if (sc.startsWith('line-drop-') && command === CMD.authorisation) {
        await conn.stream.close();
        return;
      }
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
    // A late 80 00 / 84 xx from an ECR this terminal already stopped waiting for (a slow kiosk) is no command: it
    // gets no answer. Answering it 84 83 00 would put a stray refusal in front of the ECR's next command.
    if (a.cls === 0x80 || a.cls === 0x84) return;
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
    const booked: Booked = { kind, info, receipts: paymentReceipts(info, kind), reversed: false };
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
      if (!(await this.sendReceipts(booked.receipts))) return;
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
    if (!(await this.sendReceipts(booked.receipts))) return;
    await this.send(completion());
  }

  /**
   * The receipts to an ECR registered to print them (config 02 and 80), in the form this terminal uses;
   * nothing otherwise (bit 80 clear: the ECR builds its receipt from the status information). False: line gone.
   */
  private async sendReceipts(receipts: TerminalReceipt[]): Promise<boolean> {
    const wanted = CONFIG.ecrPrintsPayment | CONFIG.printLines;
    if ((this.config & wanted) !== wanted) return true;
    for (const r of receipts) {
      if (this.opts.printTexts === 'blocks') {
        if ((await this.send(printTextBlock(r.copy, r.lines))).kind === 'gone') return false;
        continue;
      }
      for (const [i, line] of r.lines.entries()) {
        if ((await this.send(printLine(line, i === r.lines.length - 1 ? LAST_LINE : 0x00))).kind === 'gone') return false;
      }
    }
    return true;
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
    if (!(await this.sendReceipts(last.receipts))) return;
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
    this.last = {
      kind: 'charge',
      info: { ...info, resultCode: 0 },
      receipts: [{ copy: 'customer', lines: [`REVERSAL OF RECEIPT ${number}`] }],
      reversed: false,
    };
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

/** A payment's (or a refund's) two copies as a terminal prints them: the merchant's first, then the cardholder's. */
function paymentReceipts(info: StatusInfo, kind: 'charge' | 'refund' = 'charge'): TerminalReceipt[] {
  const amount = minorToText(info.amountMinor ?? 0, currencyAlpha(info.currencyNumeric ?? '978') ?? 'EUR');
  const body = (copy: string) => [
    'SIMULATED TERMINAL',
    copy,
    `TID ${info.terminalId}  TRACE ${info.trace}`,
    `RECEIPT ${info.receiptNumber}`,
    `${info.cardName} ${info.maskedPan}`,
    `AMOUNT ${amount}`,
    `AUTH ${info.authCode}`,
    kind === 'refund' ? 'REFUND APPROVED' : 'APPROVED',
  ];
  return [
    { copy: 'merchant', lines: body('MERCHANT COPY') },
    { copy: 'customer', lines: body('CUSTOMER COPY') },
  ];
}
