// The daemon's one object per device. The driver underneath can be swapped at runtime (real ⇄ simulator)
// while the rest of the server keeps the object it was given: status keeps flowing to the registry and to
// subscribers, and one busy count says when a swap must wait (a payment holds the terminal's line).
import type { KioskConfig } from '../config/schema';
import type { DeviceKind, DeviceStatus } from '../../shared/devices';
import type { Logger } from '../log';
import type { DeviceRegistry } from './registry';
import { configFor, configuredSim, describe, type DeviceMode, type SwitchResult } from './modes';
import type { Fail } from '../../shared/result';

export type Opened<T> = { ok: true; device: T } | Fail;

/** How a driver's status reads in the registry and the log. */
export interface StatusWords {
  light: DeviceStatus;
  detail: string;
  /** The driver's own word for it ("paper-out", "ready"), for the log line. */
  state: string;
  /** Logged as info (true) or as a warning. */
  calm: boolean;
}

export abstract class DeviceSlot<D extends { close(): Promise<void> }, S> {
  protected cur!: D;
  mode: DeviceMode;
  /** A closing driver's last words carry an old generation and are dropped. */
  private gen = 1;
  private running = 0;
  private latest: StatusWords | null = null;
  private lastLogged = '';
  private detach: () => void = () => {};
  private readonly statusListeners = new Set<(s: S) => void>();

  protected constructor(
    protected readonly id: DeviceKind,
    protected readonly cfg: KioskConfig,
    protected readonly registry: DeviceRegistry,
    protected readonly log: Logger,
  ) {
    this.mode = configuredSim(cfg, id) ? 'sim' : 'real';
  }

  /** Opens the driver for `cfg` (the real config or its simulator variant); it reports through `onStatus`. */
  protected abstract openDriver(cfg: KioskConfig, onStatus: (s: S) => void): Opened<D>;
  protected abstract words(s: S): StatusWords;
  /** Why there is no real device to switch to (the config itself names the simulator). */
  protected abstract readonly noRealDevice: string;
  /** Why a switch must wait while the slot is busy. */
  protected get busyReason(): string {
    return `the ${this.id} is busy: wait until it has finished, then switch`;
  }
  /** Wires a freshly opened driver into the slot; returns how to unwire it. */
  protected attach(_d: D): () => void {
    return () => {};
  }
  /** Asks a freshly switched driver for its status (drivers that report on their own need nothing). */
  protected afterSwitch(): Promise<unknown> {
    return Promise.resolve();
  }

  /** Opens the configured driver; the slot is handed out only when this succeeded. */
  protected openFirst(): { ok: true } | Fail {
    const opened = this.openDriver(configFor(this.cfg, this.id, this.mode), (s) => this.heard(1, s));
    if (!opened.ok) return opened;
    this.use(opened.device);
    return { ok: true };
  }

  private use(d: D): void {
    this.cur = d;
    this.detach = this.attach(d);
  }

  private heard(gen: number, s: S): void {
    if (gen !== this.gen) return;
    const w = this.words(s);
    this.latest = w;
    this.registry.report(this.id, w.light, w.detail);
    for (const l of this.statusListeners) l(s);
    // Idle polls repeat the same answer: log changes only.
    const key = `${w.state}|${w.detail}`;
    if (key === this.lastLogged) return;
    this.lastLogged = key;
    this.log[w.calm ? 'info' : 'warn']({ state: w.state, detail: w.detail }, `${this.id} ${w.state}`);
  }

  /** Each status of the driver in use, across switches (a closing driver's last words excluded). */
  onStatus(cb: (s: S) => void): () => void {
    this.statusListeners.add(cb);
    return () => this.statusListeners.delete(cb);
  }

  /** Runs one operation that owns the device (a payment): a switch is refused meanwhile. */
  protected async exclusive<T>(op: () => Promise<T>): Promise<T> {
    this.running++;
    try {
      return await op();
    } finally {
      this.running--;
    }
  }

  /** True while an operation that owns the device runs. */
  get busy(): boolean {
    return this.running > 0;
  }

  /** Closes the current driver and opens the other one. */
  async switchTo(mode: DeviceMode): Promise<SwitchResult> {
    if (mode === this.mode) return { ok: true, mode, changed: false };
    if (mode === 'real' && configuredSim(this.cfg, this.id)) return { ok: false, reason: this.noRealDevice };
    if (this.busy) return { ok: false, reason: this.busyReason };
    const gen = ++this.gen;
    this.detach();
    await this.cur.close().catch((err: unknown) => this.log.warn({ err }, `closing the ${this.id} driver failed`));
    this.latest = null;
    const next = configFor(this.cfg, this.id, mode);
    const opened = this.openDriver(next, (s) => this.heard(gen, s));
    if (!opened.ok) {
      // Should not happen (the same config opened at start-up): go back to what worked.
      const back = this.openDriver(configFor(this.cfg, this.id, this.mode), (s) => this.heard(gen, s));
      if (back.ok) this.use(back.device);
      return { ok: false, reason: opened.reason };
    }
    this.use(opened.device);
    this.mode = mode;
    const words = describe(next, this.id);
    const real = `the real ${this.id}`;
    const st = this.latest ?? { light: 'unknown' as const, detail: mode === 'sim' ? 'switched to the simulator' : `switched back to ${real}` };
    this.registry.report(this.id, st.light, st.detail, words);
    this.log.warn({ mode, address: words.address }, `${this.id} switched to ${mode === 'sim' ? 'the simulator' : real}`);
    void this.afterSwitch().catch((err: unknown) => this.log.warn({ err }, `${this.id} status after switching failed`));
    return { ok: true, mode, changed: true };
  }

  async close(): Promise<void> {
    this.gen++;
    this.detach();
    await this.cur.close();
  }
}
