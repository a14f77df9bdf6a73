// The daemon's one payment terminal, and the terminal itself for the rest of the server: payments, reports
// and diagnostics call pay/status/endOfDay… here, and each call goes to the driver in use, so the payment
// service (which keeps the object it was given) follows a switch between the real terminal and the
// simulator. Operations that own the line are counted: no switch and no idle probe while one runs.
import type { KioskConfig } from '../config/schema';
import type { Logger } from '../log';
import type { DeviceRegistry } from './registry';
import type { OpenedTerminal, PayRequest, PayResult, TerminalProtocol, TerminalStatus, ZvtTerminal } from '../../drivers/terminal/index';
import { openTerminalDevice, terminalLight, type TerminalDevice } from './terminal';
import { DeviceSlot, type Opened, type StatusWords } from './slot';

export class TerminalSlot extends DeviceSlot<TerminalDevice, TerminalStatus> implements OpenedTerminal {
  readonly protocol: TerminalProtocol;
  // The ZVT operations, present only when the driver has them (the protocol does not change with a switch).
  readonly register?: ZvtTerminal['register'];
  readonly repeatLastReceipt?: ZvtTerminal['repeatLastReceipt'];
  readonly endOfDay?: ZvtTerminal['endOfDay'];
  readonly reverse?: ZvtTerminal['reverse'];
  /** Money back to a card (both protocols' drivers have it). */
  readonly refund?: NonNullable<OpenedTerminal['refund']>;
  private holdProbes: () => boolean = () => false;
  /** The terminal's answer to the last status check (idle poll, refresh, probe), across switches; null before the first. */
  last: TerminalStatus | null = null;
  protected readonly noRealDevice = 'the config has no real terminal (devices.terminal.port is "sim"): set the serial port and restart';

  constructor(
    cfg: KioskConfig,
    registry: DeviceRegistry,
    log: Logger,
    private readonly opts: { idlePollMs?: number } = {},
  ) {
    super('terminal', cfg, registry, log);
    this.protocol = cfg.devices.terminal.protocol;
    this.openFirst();
    this.onStatus((s) => (this.last = s));
    const has = (k: keyof ZvtTerminal) => typeof (this.cur.terminal as Partial<ZvtTerminal>)[k] === 'function';
    const zvt = () => this.cur.terminal as ZvtTerminal;
    if (has('register')) this.register = () => this.exclusive(() => zvt().register());
    if (has('repeatLastReceipt')) this.repeatLastReceipt = () => this.exclusive(() => zvt().repeatLastReceipt());
    if (has('endOfDay')) this.endOfDay = () => this.exclusive(() => zvt().endOfDay());
    if (has('reverse')) this.reverse = (receiptNumber, o) => this.exclusive(() => zvt().reverse!(receiptNumber, o));
    if (typeof this.cur.terminal.refund === 'function') this.refund = (req) => this.exclusive(() => this.cur.terminal.refund!(req));
  }

  protected override get busyReason(): string {
    return 'a payment or another terminal operation is running: wait until it has finished, then switch';
  }

  protected openDriver(cfg: KioskConfig, onStatus: (s: TerminalStatus) => void): Opened<TerminalDevice> {
    // No probe while any operation runs on the line (payment, repeat receipt, registration…) or while held.
    const holdProbes = () => this.busy || this.holdProbes();
    return { ok: true, device: openTerminalDevice(cfg, onStatus, { ...this.opts, holdProbes }) };
  }

  protected words(s: TerminalStatus): StatusWords {
    return { light: terminalLight(s), detail: s.detail, state: s.state, calm: s.state === 'ready' || s.state === 'busy' };
  }

  protected override afterSwitch(): Promise<unknown> {
    return this.refresh();
  }

  pay(req: PayRequest): Promise<PayResult> {
    return this.exclusive(() => this.cur.terminal.pay(req));
  }

  status(): Promise<TerminalStatus> {
    return this.cur.terminal.status();
  }

  /** The in-process simulator while the slot runs it (its charge log, its scenario). */
  get simulator(): OpenedTerminal['simulator'] {
    return this.cur.terminal.simulator;
  }

  /** Probes must not start while `hold()` says so (the check-in flow: a visitor is about to pay). */
  holdProbesWhile(hold: () => boolean): void {
    this.holdProbes = hold;
  }

  probe(): Promise<TerminalStatus | null> {
    return this.cur.probe();
  }

  refresh(): Promise<TerminalStatus> {
    return this.cur.refresh();
  }
}
