// `kiosk sim terminal --protocol concert|zvt --port PATH [--scenario NAME] [--log FILE]`: runs the
// simulated card terminal on a serial path (e.g. one end of a socat pty pair) until SIGINT/SIGTERM.
// `--protocol zvt --listen HOST:PORT` serves ZVT over TCP/IP instead (bare APDUs, as a network terminal on
// its port 20007). Prints one JSON object per line: listening, each charge/reversal, stopped.
import type { Command } from 'commander';
import { pathToFileURL } from 'node:url';
import { openSerialPort, parseFraming } from '../../drivers/serial/index';
import {
  ChargeLog,
  checkScenario,
  createSimulator,
  HUMAN_TIMING,
  lineSettings,
  listenZvtSimulator,
  scenarioNames,
  TEST_TIMING,
} from '../../drivers/terminal/index';

export interface SimTerminalOptions {
  protocol: string;
  port?: string;
  /** HOST:PORT to serve ZVT over TCP/IP on, instead of a serial port. */
  listen?: string;
  scenario?: string;
  log?: string;
  framing?: string;
  baud?: string;
  fast?: boolean;
  pace?: boolean;
  timeZone?: string;
}

const print = (o: object) => process.stdout.write(JSON.stringify(o) + '\n');
const fail = (error: string) => {
  process.stderr.write(JSON.stringify({ event: 'error', error }) + '\n');
};

/** Runs until `stop` resolves (by default SIGINT/SIGTERM). Returns the exit code. */
export async function runSimTerminal(opts: SimTerminalOptions, stop: Promise<unknown> = stopSignal()): Promise<number> {
  if (opts.protocol !== 'concert' && opts.protocol !== 'zvt') {
    fail(`--protocol must be concert or zvt, got "${opts.protocol}"`);
    return 2;
  }
  const protocol = opts.protocol;
  const scenario = opts.scenario ?? 'approve';
  const checked = checkScenario(protocol, scenario);
  if (!checked.ok) {
    fail(checked.reason);
    return 2;
  }
  const framing = opts.framing ? parseFraming(opts.framing) : {};
  if (!framing) {
    fail(`--framing must look like 8N1, 7E1 or 8N2, got "${opts.framing}"`);
    return 2;
  }
  const baudRate = opts.baud === undefined ? undefined : Number(opts.baud);
  if (baudRate !== undefined && !(Number.isInteger(baudRate) && baudRate > 0)) {
    fail(`--baud must be a positive integer, got "${opts.baud}"`);
    return 2;
  }
  if (opts.timeZone) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: opts.timeZone });
    } catch {
      fail(`--time-zone must be an IANA zone such as Europe/Paris, got "${opts.timeZone}"`);
      return 2;
    }
  }
  if (opts.listen !== undefined) return listenTcp(protocol, opts, stop);
  if (opts.port === undefined) {
    fail('give --port PATH (a serial port) or, for ZVT over TCP/IP, --listen HOST:PORT');
    return 2;
  }
  const line = { ...lineSettings({ protocol, ...(baudRate ? { baudRate } : {}) }), ...framing };
  const opened = await openSerialPort(opts.port, line);
  if (!opened.ok) {
    fail(opened.reason);
    return 1;
  }
  const log = new ChargeLog(opts.log, (entry) => print({ event: entry.kind, ...entry }));
  const sim = createSimulator(protocol, opened.stream, {
    scenario,
    log,
    timing: opts.fast ? TEST_TIMING : HUMAN_TIMING,
    ...(opts.pace ? { pace: line } : {}),
    ...(opts.timeZone ? { timeZone: opts.timeZone } : {}),
  });
  print({ event: 'listening', protocol, port: opts.port, line, scenario, scenarios: scenarioNames(protocol) });
  await stop;
  await opened.stream.close();
  await sim.close();
  print({ event: 'stopped', charges: log.entries.length, netMinor: log.netMinor() });
  return 0;
}

/** HOST:PORT, [v6]:PORT; port 0 lets the system choose (the listening line says which). */
function parseListen(v: string): { host: string; port: number } | null {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:\s]+):(\d{1,5})$/.exec(v);
  if (!m || Number(m[2]) > 65535) return null;
  return { host: m[1]!.replace(/^\[(.*)\]$/, '$1'), port: Number(m[2]) };
}

async function listenTcp(protocol: 'concert' | 'zvt', opts: SimTerminalOptions, stop: Promise<unknown>): Promise<number> {
  if (protocol !== 'zvt') {
    fail('--listen serves ZVT over TCP/IP only: Concert E+ runs on a serial or USB line here; give --port PATH');
    return 2;
  }
  const serialOnly = (['port', 'framing', 'baud', 'pace'] as const).filter((k) => opts[k] !== undefined);
  if (serialOnly.length) {
    fail(`--listen serves TCP: ${serialOnly.map((k) => '--' + k).join(', ')} belong to a serial port; remove them`);
    return 2;
  }
  const at = parseListen(opts.listen ?? '');
  if (!at) {
    fail(`--listen must be HOST:PORT, e.g. 127.0.0.1:20007, got "${opts.listen}"`);
    return 2;
  }
  const scenario = opts.scenario ?? 'approve';
  const log = new ChargeLog(opts.log, (entry) => print({ event: entry.kind, ...entry }));
  const listening = await listenZvtSimulator(at.host, at.port, {
    scenario,
    log,
    timing: opts.fast ? TEST_TIMING : HUMAN_TIMING,
    ...(opts.timeZone ? { timeZone: opts.timeZone } : {}),
  });
  if (!listening.ok) {
    fail(listening.reason);
    return 1;
  }
  const server = listening.server;
  print({ event: 'listening', protocol, transport: 'tcp', address: server.address, port: server.port, scenario, scenarios: scenarioNames(protocol) });
  await stop;
  await server.close();
  print({ event: 'stopped', charges: log.entries.length, netMinor: log.netMinor() });
  return 0;
}

function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}

export function register(program: Command): void {
  const sim = program.commands.find((c) => c.name() === 'sim') ?? program.command('sim').description('run simulated devices');
  sim
    .command('terminal')
    .description('simulate a card payment terminal (Concert E+ or ZVT) on a serial port, or ZVT on a TCP port, until SIGINT/SIGTERM')
    .requiredOption('--protocol <protocol>', 'concert | zvt')
    .option('--port <path>', 'serial device or pty path of the terminal end')
    .option('--listen <host:port>', 'ZVT over TCP/IP: listen here instead of a serial port (real terminals use port 20007; 0 picks a free one)')
    .option('--scenario <name>', 'behaviour: approve, decline, pin-delay, abandon, timeout, nak-storm, … line-drop-<step>', 'approve')
    .option('--log <file>', 'append what the terminal charged/reversed as JSON lines')
    .option('--framing <framing>', 'line framing, e.g. 8N1 or 7E1 (Concert), 8N2 (ZVT)')
    .option('--baud <rate>', 'baud rate (default 9600)')
    .option('--fast', 'no think time (tests)')
    .option('--pace', 'pace bytes to the real baud rate (a pty does not)')
    .option('--time-zone <zone>', "zone of the ZVT terminal's clock, e.g. the consulate's Europe/Paris (default: this machine's)")
    .action(async (opts: SimTerminalOptions) => {
      process.exitCode = await runSimTerminal(opts);
    });
}

// Standalone: `npx tsx server/commands/sim-terminal.ts sim terminal --protocol zvt --port /tmp/x/b`
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { Command } = await import('commander');
  const program = new Command('kiosk');
  register(program);
  await program.parseAsync(process.argv);
}
