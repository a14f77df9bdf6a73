// The daemon's one payment terminal. `terminal` is a stable stand-in that forwards every call to the
// current driver, so the payment service (which keeps the object it was given) follows a switch between
// the real terminal and the simulator. A switch is refused while a payment or another operation runs.
import type { KioskConfig } from '../config/schema';
import type { Logger } from '../log';
import type { DeviceRegistry } from './registry';
import type { OpenedTerminal } from '../../drivers/terminal/open';
import type { TerminalStatus } from '../../drivers/terminal/types';
import { openTerminalDevice, terminalLight, type TerminalDevice } from './terminal';
import { configFor, describe, type DeviceMode, type SwitchResult } from './modes';

/** Operations during which the line belongs to one exchange: no switch then. */
const EXCLUSIVE = new Set<PropertyKey>(['pay', 'endOfDay', 'repeatLastReceipt', 'reverse', 'register']);

export class TerminalSlot implements TerminalDevice {
  private cur: TerminalDevice;
  private gen = 1;
  private running = 0;
  private holdProbes: () => boolean = () => false;
  private lastLogged = '';
  mode: DeviceMode;
  readonly terminal: OpenedTerminal;

  constructor(
    private readonly cfg: KioskConfig,
    private readonly registry: DeviceRegistry,
    private readonly log: Logger,
    private readonly opts: { idlePollMs?: number } = {},
  ) {
    this.mode = cfg.devices.terminal.port === 'sim' ? 'sim' : 'real';
    this.cur = this.openMode(this.mode, 1);
    this.terminal = new Proxy({} as OpenedTerminal, {
      get: (_t, key) => {
        const target = this.cur.terminal;
        const v: unknown = Reflect.get(target, key, target);
        if (typeof v !== 'function') return v;
        if (!EXCLUSIVE.has(key)) return (v as (...a: unknown[]) => unknown).bind(target);
        return async (...args: unknown[]) => {
          this.running++;
          try {
            return await (v as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          } finally {
            this.running--;
          }
        };
      },
      has: (_t, key) => key in this.cur.terminal,
    });
  }

  private openMode(mode: DeviceMode, gen: number): TerminalDevice {
    // No probe while any operation runs on the line (payment, repeat receipt, registration…) or while held.
    const holdProbes = () => this.running > 0 || this.holdProbes();
    return openTerminalDevice(configFor(this.cfg, 'terminal', mode), (s) => this.status(gen, s), { ...this.opts, holdProbes });
  }

  private status(gen: number, s: TerminalStatus): void {
    if (gen !== this.gen) return;
    this.registry.report('terminal', terminalLight(s), s.detail);
    // A poll every 30 s repeats the same answer: log changes only.
    const key = `${s.state}|${s.detail}`;
    if (key === this.lastLogged) return;
    this.lastLogged = key;
    this.log[s.state === 'ready' || s.state === 'busy' ? 'info' : 'warn']({ state: s.state, detail: s.detail }, `terminal ${s.state}`);
  }

  /** Probes must not start while `hold()` says so (the check-in flow: a visitor is about to pay). */
  holdProbesWhile(hold: () => boolean): void {
    this.holdProbes = hold;
  }

  probe(): Promise<TerminalStatus | null> {
    return this.cur.probe();
  }

  /** True while a payment (or end of day, repeat receipt…) is running on the line. */
  get busy(): boolean {
    return this.running > 0;
  }

  refresh(): Promise<TerminalStatus> {
    return this.cur.refresh();
  }

  async switchTo(mode: DeviceMode): Promise<SwitchResult> {
    if (mode === this.mode) return { ok: true, mode, changed: false };
    if (mode === 'real' && this.cfg.devices.terminal.port === 'sim')
      return { ok: false, reason: 'the config has no real terminal (devices.terminal.port is "sim"): set the serial port and restart' };
    if (this.running > 0) return { ok: false, reason: 'a payment or another terminal operation is running: wait until it has finished, then switch' };
    const gen = ++this.gen;
    await this.cur.close().catch((err: unknown) => this.log.warn({ err }, 'closing the terminal driver failed'));
    this.cur = this.openMode(mode, gen);
    this.mode = mode;
    const words = describe(configFor(this.cfg, 'terminal', mode), 'terminal');
    this.registry.report('terminal', 'unknown', mode === 'sim' ? 'switched to the simulator' : 'switched back to the real terminal', words);
    this.log.warn({ mode, address: words.address }, `terminal switched to ${mode === 'sim' ? 'the simulator' : 'the real terminal'}`);
    void this.refresh().catch((err: unknown) => this.log.warn({ err }, 'terminal status after switching failed'));
    return { ok: true, mode, changed: true };
  }

  async close(): Promise<void> {
    this.gen++;
    await this.cur.close();
  }
}
