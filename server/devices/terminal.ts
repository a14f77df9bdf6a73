import type { KioskConfig } from '../config/schema';
import type { DeviceStatus } from '../../shared/devices';
import { openTerminal, type OpenedTerminal } from '../../drivers/terminal/open';
import type { TerminalState, TerminalStatus } from '../../drivers/terminal/types';

const LIGHT: Record<TerminalState, DeviceStatus> = { ready: 'ok', busy: 'warning', 'not-registered': 'warning', offline: 'offline', 'out-of-order': 'error', unknown: 'unknown' };
export const terminalLight = (s: TerminalStatus): DeviceStatus => LIGHT[s.state];

export interface TerminalDevice {
  terminal: OpenedTerminal;
  /** Asks the terminal now (never during a payment: the driver serialises the line) and reports the light. */
  refresh(): Promise<TerminalStatus>;
  close(): Promise<void>;
}

export function openTerminalDevice(cfg: KioskConfig, onStatus: (s: TerminalStatus) => void, opts: { idlePollMs?: number } = {}): TerminalDevice {
  const t = cfg.devices.terminal;
  const driver = openTerminal({ ...t, currency: cfg.consulate.currency, timeZone: cfg.consulate.timeZone });
  // The idle status poll must never talk to the terminal while a visitor pays: count payments in flight.
  let paying = 0;
  const terminal = new Proxy(driver, {
    get(target, key) {
      if (key === 'pay') {
        return async (req: Parameters<OpenedTerminal['pay']>[0]) => {
          paying++;
          try {
            return await target.pay(req);
          } finally {
            paying--;
          }
        };
      }
      const v: unknown = Reflect.get(target, key, target);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  }) as OpenedTerminal;
  let busy = false;
  const refresh = async () => {
    const s = await terminal.status();
    onStatus(s);
    return s;
  };
  // Idle polling keeps the light honest when a terminal is switched off; skipped while one is running.
  const timer = opts.idlePollMs
    ? setInterval(() => {
        if (busy || paying > 0) return;
        busy = true;
        void refresh().finally(() => (busy = false));
      }, opts.idlePollMs)
    : null;
  timer?.unref();
  return {
    terminal,
    refresh,
    close: async () => {
      if (timer) clearInterval(timer);
      await terminal.close();
    },
  };
}
