import { existsSync } from 'node:fs';
import type { KioskConfig } from '../config/schema';
import type { DeviceRegistry } from './registry';

export interface Devices {
  close(): Promise<void>;
}

const isSim = (port: string) => port === 'sim';

/**
 * Registers every configured device and gives it a first, honest light: a simulator is ready at once; a
 * real serial device whose port file is missing is offline; one whose port exists stays "unknown" until
 * its driver has talked to it.
 */
export async function startDevices(cfg: KioskConfig, registry: DeviceRegistry): Promise<Devices> {
  const { terminal, printer, scanner } = cfg.devices;

  registry.add({
    id: 'terminal',
    kind: 'terminal',
    driver: terminal.protocol,
    simulated: isSim(terminal.port),
    address: terminal.port,
    ...portStatus(terminal.port, `${terminal.protocol} terminal simulator, scenario "${terminal.scenario}"`, 'devices.terminal.port'),
  });
  registry.add({
    id: 'printer',
    kind: 'printer',
    driver: 'escpos',
    simulated: printer.transport === 'sim',
    address: printer.transport,
    ...printerStatus(printer.transport),
  });
  registry.add({
    id: 'scanner',
    kind: 'scanner',
    driver: scanner.type,
    simulated: isSim(scanner.port),
    address: scanner.port,
    ...(scanner.type === 'wedge'
      ? { status: 'unknown' as const, detail: 'keyboard-wedge scanner: read by the kiosk page, seen at its first scan' }
      : portStatus(scanner.port, `${scanner.type} scanner simulator`, 'devices.scanner.port')),
  });

  return { close: async () => {} };
}

function portStatus(port: string, simDetail: string, field: string) {
  if (isSim(port)) return { status: 'ok' as const, detail: simDetail };
  if (!existsSync(port)) return { status: 'offline' as const, detail: `no such port ${port}: check the cable, or set ${field}` };
  return { status: 'unknown' as const, detail: `port ${port} present, not yet answered` };
}

function printerStatus(transport: string) {
  if (transport === 'sim') return { status: 'ok' as const, detail: 'virtual printer, paper loaded' };
  const path = transport.replace(/^(file|serial):/, '').replace(/\?.*$/, '');
  if (transport.startsWith('tcp://')) return { status: 'unknown' as const, detail: `${transport}: not yet connected` };
  if (!existsSync(path)) return { status: 'offline' as const, detail: `no such device ${path}: check the cable, or set devices.printer.transport` };
  return { status: 'unknown' as const, detail: `${path} present, status not yet read` };
}
