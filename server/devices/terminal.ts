import type { KioskConfig } from '../config/schema';
import type { DeviceStatus } from '../../shared/devices';
import { openTerminal, type OpenedTerminal, type TerminalState, type TerminalStatus, type ZvtTerminal } from '../../drivers/terminal/index';

const LIGHT: Record<TerminalState, DeviceStatus> = {
  ready: 'ok',
  busy: 'warning',
  'not-registered': 'warning',
  offline: 'offline',
  'out-of-order': 'error',
  unknown: 'unknown',
};
export const terminalLight = (s: TerminalStatus): DeviceStatus => LIGHT[s.state];

export interface TerminalDevice {
  terminal: OpenedTerminal;
  /** Asks the terminal now (never during a payment: the driver serialises the line) and reports the light. */
  refresh(): Promise<TerminalStatus>;
  /** One tick of the idle poll: null when skipped (a payment or another operation runs, or probes are held). */
  probe(): Promise<TerminalStatus | null>;
  close(): Promise<void>;
}

export interface TerminalDeviceOptions {
  idlePollMs?: number;
  /** True while no probe may start: an operation runs on the line, or a visitor is about to pay (summary, printer check, payment). */
  holdProbes?: () => boolean;
}

function zvtOf(t: OpenedTerminal): ZvtTerminal | null {
  return t.protocol === 'zvt' && typeof (t as Partial<ZvtTerminal>).register === 'function' ? (t as ZvtTerminal) : null;
}

export function openTerminalDevice(cfg: KioskConfig, onStatus: (s: TerminalStatus) => void, opts: TerminalDeviceOptions = {}): TerminalDevice {
  const t = cfg.devices.terminal;
  const terminal = openTerminal({ ...t, currency: cfg.consulate.currency, timeZone: cfg.consulate.timeZone });
  const zvt = zvtOf(terminal);
  // A ZVT terminal answers 51 "initialisation required" until the ECR registers (06 00): register at
  // start-up, and again whenever it comes back (was offline, or says 51 after its own restart), so the
  // light is right before the first payment. Registration also sets our config byte (ECR controls payment).
  let needsRegistration = zvt !== null;
  const refresh = async () => {
    let s = await terminal.status();
    if (s.state === 'offline' || s.state === 'not-registered') needsRegistration = zvt !== null;
    if (zvt && needsRegistration && (s.state === 'ready' || s.state === 'not-registered')) {
      const reg = await zvt.register();
      if (reg.ok) {
        needsRegistration = false;
        s = await terminal.status();
      }
    }
    onStatus(s);
    return s;
  };
  // Probes do not overlap; the slot's busy count (payments and other operations) comes in through holdProbes.
  let probing = false;
  const probe = async (): Promise<TerminalStatus | null> => {
    if (probing || opts.holdProbes?.()) return null;
    probing = true;
    try {
      return await refresh();
    } finally {
      probing = false;
    }
  };
  // Idle polling keeps the light honest when a terminal is switched off; skipped while one is running.
  const timer = opts.idlePollMs ? setInterval(() => void probe().catch(() => undefined), opts.idlePollMs) : null;
  timer?.unref();
  return {
    terminal,
    refresh,
    probe,
    close: async () => {
      if (timer) clearInterval(timer);
      await terminal.close();
    },
  };
}
