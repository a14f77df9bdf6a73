import type { KioskConfig } from '../config/schema';
import type { DeviceKind } from '../../shared/devices';
import { terminalTransport } from '../../drivers/terminal/index';

/** The terminal's line as the diagnostics name it: 'serial' (a port path), 'tcp' (tcp://host:port) or 'sim'. */
export function terminalTransportOf(cfg: KioskConfig): 'sim' | 'serial' | 'tcp' {
  return terminalTransport(cfg.devices.terminal.port).transport;
}

/** A device runs the configured driver ('real') or its simulator ('sim'). */
export type DeviceMode = 'real' | 'sim';

export type SwitchResult = { ok: true; mode: DeviceMode; changed: boolean } | { ok: false; reason: string };

/** Whether the config itself asks for the simulator: then there is no real device to go back to. */
export function configuredSim(cfg: KioskConfig, id: DeviceKind): boolean {
  const d = cfg.devices;
  if (id === 'printer') return d.printer.transport === 'sim';
  if (id === 'terminal') return d.terminal.port === 'sim';
  return d.scanner.type !== 'wedge' && d.scanner.port === 'sim';
}

/**
 * The config a device is opened with in a given mode: the real config, or the same with its port replaced
 * by 'sim' (a wedge scanner becomes the serial simulator, the only scanner simulator the daemon can feed).
 */
export function configFor(cfg: KioskConfig, id: DeviceKind, mode: DeviceMode): KioskConfig {
  if (mode === 'real') return cfg;
  const d = cfg.devices;
  const devices =
    id === 'printer'
      ? { ...d, printer: { ...d.printer, transport: 'sim' } }
      : id === 'terminal'
        ? { ...d, terminal: { ...d.terminal, port: 'sim' } }
        : { ...d, scanner: { ...d.scanner, type: d.scanner.type === 'wedge' ? ('serial' as const) : d.scanner.type, port: 'sim' } };
  return { ...cfg, devices };
}

/** The registry's words for a device in a mode. */
export function describe(cfg: KioskConfig, id: DeviceKind): { driver: string; simulated: boolean; address: string } {
  const d = cfg.devices;
  const simulated = configuredSim(cfg, id);
  if (id === 'printer') return { driver: `escpos ${d.printer.model}`, simulated, address: d.printer.transport };
  if (id === 'terminal') {
    // Which line the terminal is on is the first thing a technician needs: "zvt over TCP/IP" or "zvt over serial".
    const transport = terminalTransportOf(cfg);
    const driver = transport === 'sim' ? d.terminal.protocol : `${d.terminal.protocol} over ${transport === 'tcp' ? 'TCP/IP' : 'serial'}`;
    return { driver, simulated, address: d.terminal.port };
  }
  return { driver: d.scanner.type, simulated, address: d.scanner.port };
}
