import type { KioskConfig } from '../config/schema';
import type { Db } from '../../store/db';
import type { Logger } from '../log';
import type { DeviceRegistry } from './registry';
import type { DeviceKind } from '../../shared/devices';
import { StartupError } from '../startup-error';
import { PrinterSlot } from './printer-slot';
import { ScannerSlot } from './scanner-slot';
import { TerminalSlot } from './terminal-slot';
import { describe, type DeviceMode, type SwitchResult } from './modes';

export interface Devices {
  printer: PrinterSlot;
  scanner: ScannerSlot;
  terminal: TerminalSlot;
  /** Swaps one device between its configured driver and its simulator, without a restart. */
  switchTo(id: DeviceKind, mode: DeviceMode): Promise<SwitchResult>;
  close(): Promise<void>;
}

export type { DeviceMode, SwitchResult };

/**
 * Opens every configured device (real driver or simulator) and keeps its light in the registry up to date.
 * A device that is switched off is not a start-up failure (it shows red); a config that cannot describe a
 * device is. Each device logs with a `device` field, so the diagnostics page can tail one device's lines.
 */
export async function startDevices(cfg: KioskConfig, registry: DeviceRegistry, db: Db, log: Logger): Promise<Devices> {
  const opened: Array<{ close(): Promise<void> }> = [];
  const closeAll = async () => {
    for (const d of opened.reverse()) await d.close().catch((err: unknown) => log.warn({ err }, 'closing a device failed'));
  };
  try {
    registry.add({ id: 'printer', kind: 'printer', ...describe(cfg, 'printer'), status: 'unknown', detail: 'status not yet read' });
    const plog = log.child({ device: 'printer' });
    const printer = PrinterSlot.open(cfg, db, registry, plog);
    if (!printer.ok) throw new StartupError(printer.reason);
    opened.push(printer.device);
    void printer.device.service.status().catch((err: unknown) => plog.warn({ err }, 'first printer status failed'));

    registry.add({ id: 'scanner', kind: 'scanner', ...describe(cfg, 'scanner'), status: 'unknown', detail: 'starting' });
    const scanner = ScannerSlot.open(cfg, registry, log.child({ device: 'scanner' }));
    if (!scanner.ok) throw new StartupError(`devices.scanner: ${scanner.reason}`);
    opened.push(scanner.device);

    registry.add({ id: 'terminal', kind: 'terminal', ...describe(cfg, 'terminal'), status: 'unknown', detail: 'not yet asked' });
    const tlog = log.child({ device: 'terminal' });
    const terminal = new TerminalSlot(cfg, registry, tlog, { idlePollMs: 30_000 });
    opened.push(terminal);
    void terminal.refresh().catch((err: unknown) => tlog.warn({ err }, 'first terminal status failed'));

    const slots = { printer: printer.device, scanner: scanner.device, terminal };
    return { ...slots, switchTo: (id, mode) => slots[id].switchTo(mode), close: closeAll };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
