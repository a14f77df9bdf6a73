// One "kiosk PC + card terminal" for the chaos test and the payment benchmark: a socat pty pair, the
// terminal simulator on one end (in this process, writing its charge log as JSON lines), the kiosk's
// serial path on the other end for child processes. ZVT also over TCP/IP: the simulator listening on
// 127.0.0.1, the kiosk's port its tcp://127.0.0.1:PORT.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSerialPort } from '../../drivers/serial/open';
import type { ByteStream } from '../../drivers/serial/stream';
import { createSimulator, lineSettings } from '../../drivers/terminal/open';
import { ChargeLog, type ChargeEntry } from '../../drivers/terminal/sim/charge-log';
import type { TerminalSimulator } from '../../drivers/terminal/sim/simulator';
import type { TerminalProtocol } from '../../drivers/terminal/types';
import { listenZvtSimulator } from '../../drivers/terminal/sim/zvt-tcp-server';

/** The simulated terminal gives up on a dead kiosk quickly, so the next run finds it idle. */
export const SIM_TIMERS: Record<TerminalProtocol, Record<string, number>> = {
  concert: { enqAckMs: 100, enqAttempts: 2, messageAckMs: 150, frameMs: 300, eotMs: 150 },
  zvt: { ackMs: 150, replyMs: 300 },
};

export interface Lane {
  protocol: TerminalProtocol;
  dir: string;
  kioskPort: string;
  terminalPort: string;
  logFile: string;
  sim: TerminalSimulator;
  close(): Promise<void>;
}

async function waitFor(paths: string[], ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!paths.every((p) => existsSync(p))) {
    if (Date.now() > until) throw new Error(`socat did not create ${paths.join(' and ')} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface LaneOptions {
  thinkMs?: number;
  prefix?: string;
  timeZone?: string;
  /** ZVT only: 'tcp' serves the terminal on a TCP port instead of a pty. */
  transport?: 'pty' | 'tcp';
}

export async function startLane(protocol: TerminalProtocol, opts: LaneOptions = {}): Promise<Lane> {
  if (opts.transport === 'tcp') return startTcpLane(protocol, opts);
  const dir = mkdtempSync(join(tmpdir(), opts.prefix ?? `chaos-${protocol}-`));
  const kioskPort = join(dir, 'ttyKIOSK');
  const terminalPort = join(dir, 'ttyTPE');
  const socat: ChildProcess = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${kioskPort}`, `pty,raw,echo=0,link=${terminalPort}`], { stdio: 'ignore' });
  let stream: ByteStream | undefined;
  let sim: TerminalSimulator | undefined;
  try {
    await waitFor([kioskPort, terminalPort], 5000);
    const opened = await openSerialPort(terminalPort, lineSettings({ protocol }));
    if (!opened.ok) throw new Error(opened.reason);
    stream = opened.stream;
    const logFile = join(dir, 'charges.jsonl');
    sim = createSimulator(protocol, stream, {
      scenario: 'approve',
      log: new ChargeLog(logFile),
      timing: { thinkMs: opts.thinkMs ?? 30 },
      timers: SIM_TIMERS[protocol],
      // A terminal's clock shows the consulate's local time, the zone its kiosk reads it in.
      ...(opts.timeZone ? { timeZone: opts.timeZone } : {}),
    });
    const s = stream;
    const simulator = sim;
    return {
      protocol,
      dir,
      kioskPort,
      terminalPort,
      logFile,
      sim,
      async close() {
        await simulator.close();
        await s.close();
        socat.kill('SIGTERM');
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await sim?.close();
    await stream?.close();
    socat.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

async function startTcpLane(protocol: TerminalProtocol, opts: LaneOptions): Promise<Lane> {
  if (protocol !== 'zvt') throw new Error('only ZVT runs over TCP/IP');
  const dir = mkdtempSync(join(tmpdir(), opts.prefix ?? 'chaos-zvt-tcp-'));
  const logFile = join(dir, 'charges.jsonl');
  const listening = await listenZvtSimulator('127.0.0.1', 0, {
    scenario: 'approve',
    log: new ChargeLog(logFile),
    timing: { thinkMs: opts.thinkMs ?? 30 },
    timers: SIM_TIMERS.zvt,
    ...(opts.timeZone ? { timeZone: opts.timeZone } : {}),
  });
  if (!listening.ok) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(listening.reason);
  }
  const server = listening.server;
  return {
    protocol,
    dir,
    kioskPort: server.address,
    terminalPort: server.address,
    logFile,
    sim: server.sim,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The simulator's charge log as written to disk (what the terminal's own journal says). */
export function readChargeLog(file: string): ChargeEntry[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as ChargeEntry);
}

/** Charges still standing (not reversed), by amount. */
export function netCharges(entries: readonly ChargeEntry[]): Map<number, ChargeEntry[]> {
  const reversed = new Set(entries.filter((e) => e.kind === 'reversal' && e.reverses !== undefined).map((e) => e.reverses));
  const by = new Map<number, ChargeEntry[]>();
  for (const e of entries) {
    if (e.kind !== 'charge' || (e.receiptNumber !== undefined && reversed.has(e.receiptNumber))) continue;
    by.set(e.amountMinor, [...(by.get(e.amountMinor) ?? []), e]);
  }
  return by;
}
