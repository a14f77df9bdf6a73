// One entry point from config to a PaymentTerminal. `port: 'sim'` runs the simulated terminal in-process,
// wired to the real driver through an in-memory line, so the daemon's default config exercises the same
// driver code as a real terminal.
import { openSerialPort } from '../serial/open';
import { createDuplexPair, type ByteStream } from '../serial/stream';
import { LINE_8N1, LINE_8N2, type LineSettings } from '../serial/line';
import type { PaymentTerminal, TerminalProtocol, ZvtTerminal } from './types';
import { ConcertTerminal } from './concert/driver';
import { ZvtDriver } from './zvt/driver';
import { ConcertSimulator } from './sim/concert-sim';
import { ZvtSimulator } from './sim/zvt-sim';
import { ChargeLog } from './sim/charge-log';
import { HUMAN_TIMING, type SimTiming } from './sim/scenarios';
import { parseTcpAddress, type TerminalConfig } from '../../shared/terminal-config';
import { openTcpStream } from './tcp-stream';
import type { TerminalSimulator } from './sim/simulator';

/** Line settings from config, with each protocol's default: Concert 9600 8N1, ZVT 9600 8N2. */
export function lineSettings(cfg: Pick<TerminalConfig, 'protocol' | 'baudRate' | 'dataBits' | 'parity' | 'stopBits'>): LineSettings {
  const base = cfg.protocol === 'zvt' ? LINE_8N2 : LINE_8N1;
  return {
    baudRate: cfg.baudRate ?? base.baudRate,
    dataBits: cfg.dataBits ?? base.dataBits,
    parity: cfg.parity ?? base.parity,
    stopBits: cfg.stopBits ?? base.stopBits,
  };
}

export type OpenedTerminal = PaymentTerminal & { readonly simulator?: TerminalSimulator };

/**
 * Builds the driver. The serial port opens on first use (and again after it went away), so a terminal
 * that is switched off at start-up is reported as offline, not as a crash.
 */
export function openTerminal(cfg: TerminalConfig): OpenedTerminal {
  if (cfg.port === 'sim') return openSimulatedTerminal(cfg).terminal;
  const tcp = parseTcpAddress(cfg.port);
  if (tcp) {
    // The config schema refuses these; a caller that skipped it gets the same words, not a serial open of "tcp://…".
    if (!tcp.ok) throw new RangeError(`devices.terminal.port: ${tcp.reason}`);
    if (cfg.protocol !== 'zvt') throw new RangeError(`devices.terminal.port: ${cfg.protocol} runs on a serial or USB line here, not on ${cfg.port}`);
    // Connects on first use and again after the connection dropped (LineHolder), like a serial port.
    return makeDriver(cfg, () => openTcpStream(tcp.host, tcp.port, connectMs(cfg)), 'tcp');
  }
  const line = lineSettings(cfg);
  const connector = () => openSerialPort(cfg.port, line);
  return makeDriver(cfg, connector);
}

/** timers.connectMs: how long a TCP connect may take (default 5 s, as python-ecrterm's connect_timeout). */
function connectMs(cfg: TerminalConfig): { connectMs?: number } {
  const ms = cfg.timers?.['connectMs'];
  return ms === undefined ? {} : { connectMs: ms };
}

/** 'serial' or 'tcp', and where: what the diagnostics say about the terminal's line. */
export function terminalTransport(port: string): { transport: 'sim' | 'serial' | 'tcp'; address: string } {
  if (port === 'sim') return { transport: 'sim', address: 'sim' };
  return { transport: parseTcpAddress(port) ? 'tcp' : 'serial', address: port };
}

function makeDriver(
  cfg: TerminalConfig,
  connector: ConstructorParameters<typeof ConcertTerminal>[0],
  transport: 'serial' | 'tcp' = 'serial',
): PaymentTerminal | ZvtTerminal {
  if (cfg.protocol === 'concert') {
    return new ConcertTerminal(connector, {
      ...(cfg.pos ? { pos: cfg.pos } : {}),
      ...(cfg.timers ? { timers: cfg.timers } : {}),
      mask7: (cfg.dataBits ?? 8) === 7,
    });
  }
  return new ZvtDriver(connector, {
    ...(cfg.password ? { password: cfg.password } : {}),
    ...(cfg.currency ? { currency: cfg.currency } : {}),
    ...(cfg.timers ? { timers: cfg.timers } : {}),
    ...(cfg.timeZone ? { timeZone: cfg.timeZone } : {}),
    transport,
    ecrPrintsReceipt: cfg.printsCardReceipt ?? false,
  });
}

export interface SimulatedTerminal {
  terminal: OpenedTerminal;
  simulator: TerminalSimulator;
}

/** Real driver + simulated terminal joined by an in-memory line. */
export function openSimulatedTerminal(
  cfg: Pick<TerminalConfig, 'protocol'> & Partial<TerminalConfig>,
  timing: Partial<SimTiming> = HUMAN_TIMING,
): SimulatedTerminal {
  const [kioskEnd, terminalEnd] = createDuplexPair();
  const log = new ChargeLog(cfg.simLog);
  const simulator = createSimulator(cfg.protocol, terminalEnd, {
    scenario: cfg.scenario ?? 'approve',
    log,
    timing,
    ...(cfg.timeZone ? { timeZone: cfg.timeZone } : {}),
    ...(cfg.simReceiptForm ? { printTexts: cfg.simReceiptForm } : {}),
  });
  const driver = makeDriver({ port: 'sim', ...cfg } as TerminalConfig, async () => ({ ok: true, stream: kioskEnd }));
  const closeDriver = driver.close.bind(driver);
  const terminal = Object.assign(driver, {
    simulator,
    close: async () => {
      await closeDriver();
      await simulator.close();
    },
  });
  return { terminal, simulator };
}

export function createSimulator(
  protocol: TerminalProtocol,
  stream: ByteStream,
  opts: {
    scenario?: string;
    log?: ChargeLog;
    timing?: Partial<SimTiming>;
    pace?: LineSettings;
    timers?: Record<string, number>;
    timeZone?: string;
    printTexts?: 'lines' | 'blocks';
  } = {},
): TerminalSimulator {
  return protocol === 'concert' ? new ConcertSimulator(stream, opts) : new ZvtSimulator(stream, opts);
}
