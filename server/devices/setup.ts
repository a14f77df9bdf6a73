import type { KioskConfig } from '../config/schema';
import type { Db } from '../../store/db';
import type { Logger } from '../log';
import type { DeviceRegistry } from './registry';
import { openPrinter, printerLight, type PrinterDevice } from './printer';
import { openScannerDevice, type ScannerDevice } from './scanner';
import { StartupError } from '../startup-error';
import { openTerminalDevice, terminalLight, type TerminalDevice } from './terminal';

export interface Devices {
  printer: PrinterDevice;
  scanner: ScannerDevice;
  terminal: TerminalDevice;
  close(): Promise<void>;
}

/**
 * Opens every configured device (real driver or simulator) and keeps its light in the registry up to date.
 * A device that is switched off is not a start-up failure (it shows red); a config that cannot describe a
 * device is.
 */
export async function startDevices(cfg: KioskConfig, registry: DeviceRegistry, db: Db, log: Logger): Promise<Devices> {
  const { terminal, printer: pcfg, scanner: scfg } = cfg.devices;
  const opened: Array<{ close(): Promise<void> }> = [];
  const closeAll = async () => {
    for (const d of opened.reverse()) await d.close().catch((err: unknown) => log.warn({ err }, 'closing a device failed'));
  };
  try {
    registry.add({ id: 'printer', kind: 'printer', driver: `escpos ${pcfg.model}`, simulated: pcfg.transport === 'sim', address: pcfg.transport, status: 'unknown', detail: 'status not yet read' });
    const printer = openPrinter(cfg, db, (s) => registry.report('printer', printerLight(s), s.detail));
    if (!printer.ok) throw new StartupError(printer.problem);
    opened.push(printer.device);
    void printer.device.service.status().catch((err: unknown) => log.warn({ err }, 'first printer status failed'));

    registry.add({ id: 'scanner', kind: 'scanner', driver: scfg.type, simulated: scfg.port === 'sim' && scfg.type !== 'wedge', address: scfg.port, status: 'unknown', detail: 'starting' });
    const scanner = openScannerDevice(cfg, (s) => registry.report('scanner', s.status, s.detail));
    if (!scanner.ok) throw new StartupError(`devices.scanner: ${scanner.problem}`);
    opened.push(scanner.device);

    registry.add({ id: 'terminal', kind: 'terminal', driver: terminal.protocol, simulated: terminal.port === 'sim', address: terminal.port, status: 'unknown', detail: 'not yet asked' });
    const term = openTerminalDevice(cfg, (s) => registry.report('terminal', terminalLight(s), s.detail), { idlePollMs: 30_000 });
    opened.push(term);
    void term.refresh().catch((err: unknown) => log.warn({ err }, 'first terminal status failed'));

    return { printer: printer.device, scanner: scanner.device, terminal: term, close: closeAll };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
