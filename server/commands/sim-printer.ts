// `kiosk sim printer --listen 127.0.0.1:9100 --out DIR [--fault NAME]`: a virtual ESC/POS printer on TCP
// (or on a serial port with --serial). Each job is logged as one JSON line; faults are typed on stdin
// while it runs: "paper-out", "near-end off", "paper-out-after 5", "load-paper", "clear", "vanish".
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { attachSerial, FAULTS, listenTcp, resolveModel, VirtualPrinter, type FaultName } from '../../drivers/printer/index';
import { PAPERS } from '../../shared/print-blocks';

export interface SimPrinterOptions {
  listen?: string;
  serial?: string;
  baud?: string;
  out?: string;
  fault?: string[];
  paper?: string;
  model?: string;
  keep?: string;
}

export interface RunningSim {
  printer: VirtualPrinter;
  address: string;
  /** Applies one stdin command; returns what happened, for the log. */
  command(line: string): { ok: boolean; message: string };
  close(): Promise<void>;
}

export async function startSimPrinter(o: SimPrinterOptions): Promise<{ ok: true; sim: RunningSim } | { ok: false; reason: string }> {
  const paper = Number(o.paper ?? 80);
  if (paper !== 80 && paper !== 58) return { ok: false, reason: `--paper ${o.paper}: use 80 or 58` };
  const model = resolveModel(o.model ?? 'epson-tm-t88vi');
  if (!model.ok) return { ok: false, reason: model.reason };
  for (const f of o.fault ?? []) if (!FAULTS.includes(f as FaultName)) return { ok: false, reason: `--fault ${f}: use one of ${FAULTS.join(', ')}` };
  const printer = new VirtualPrinter({
    paperDots: PAPERS[paper].dots,
    model: model.model,
    keepJobs: Number(o.keep ?? 20),
    ...(o.out ? { outDir: o.out } : {}),
  });
  for (const f of o.fault ?? []) printer.setFault(f as FaultName);
  let address: string;
  let stop: () => Promise<void>;
  let vanish: () => Promise<void> = async () => undefined;
  if (o.serial) {
    try {
      const s = await attachSerial(printer, o.serial, Number(o.baud ?? 38400));
      address = `serial:${o.serial}?baud=${o.baud ?? 38400}`;
      stop = s.close;
      vanish = s.close;
    } catch (err) {
      return { ok: false, reason: (err as Error).message };
    }
  } else {
    const m = /^(.+):(\d+)$/.exec(o.listen ?? '127.0.0.1:9100');
    if (!m) return { ok: false, reason: `--listen ${o.listen}: use HOST:PORT, e.g. 127.0.0.1:9100` };
    try {
      const server = await listenTcp(printer, m[1], Number(m[2]));
      address = server.url;
      stop = server.close;
      vanish = server.vanish;
    } catch (err) {
      return { ok: false, reason: `cannot listen on ${o.listen}: ${(err as Error).message}` };
    }
  }
  const command = (line: string): { ok: boolean; message: string } => {
    const [word = '', arg] = line.trim().split(/\s+/);
    if (!word) return { ok: true, message: '' };
    if (word === 'load-paper') {
      printer.loadPaper();
      return { ok: true, message: 'paper loaded' };
    }
    if (word === 'clear') {
      printer.clearFaults();
      return { ok: true, message: 'all faults cleared' };
    }
    if (word === 'vanish') {
      void vanish();
      return { ok: true, message: 'printer gone: connections dropped, no longer listening' };
    }
    if (word === 'paper-out-after') {
      const n = Number(arg);
      if (!Number.isInteger(n) || n < 1) return { ok: false, message: 'paper-out-after N: N lines, 1 or more' };
      printer.paperOutAfter(n);
      return { ok: true, message: `paper runs out after ${n} lines` };
    }
    if (FAULTS.includes(word as FaultName)) {
      const on = arg !== 'off';
      printer.setFault(word as FaultName, on);
      return { ok: true, message: `${word} ${on ? 'on' : 'off'}` };
    }
    return { ok: false, message: `unknown command "${word}": ${[...FAULTS, 'NAME off', 'paper-out-after N', 'load-paper', 'clear', 'vanish'].join(', ')}` };
  };
  return {
    ok: true,
    sim: {
      printer,
      address,
      command,
      close: async () => {
        await stop();
        printer.close();
      },
    },
  };
}

export function register(program: Command): void {
  const sim = program.commands.find((c) => c.name() === 'sim') ?? program.command('sim').description('device simulators');
  sim
    .command('printer')
    .description('run a virtual ESC/POS printer on TCP (or serial); faults on stdin; one JSON line per job')
    .option('--listen <host:port>', 'TCP address to listen on', '127.0.0.1:9100')
    .option('--serial <path>', 'serve on this serial port instead (e.g. one end of a socat pty pair)')
    .option('--baud <rate>', 'serial baud rate', '38400')
    .option('--out <dir>', 'write NNNN.bin and NNNN.png for each job here')
    .option('--fault <name...>', `start with faults: ${FAULTS.join(', ')}`)
    .option('--paper <80|58>', 'paper width in mm', '80')
    .option('--model <name>', 'printer model (code page table)', 'epson-tm-t88vi')
    .option('--keep <n>', 'jobs kept in memory', '20')
    .action(async (o: SimPrinterOptions) => {
      const r = await startSimPrinter(o);
      if (!r.ok) {
        process.stderr.write(`kiosk sim printer: ${r.reason}\n`);
        process.exitCode = 2;
        return;
      }
      const { sim: s } = r;
      const log = (x: object) => process.stdout.write(JSON.stringify(x) + '\n');
      // Handlers before the "listening" line: whoever reads it may stop us at once, and a SIGTERM that comes
      // before a handler exists kills the process (no "stopped", no clean close, exit by signal).
      const stopped = new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      log({ event: 'listening', address: s.address, faults: s.printer.faults, out: o.out ?? null });
      s.printer.on(
        'job',
        (j: {
          seq: number;
          complete: boolean;
          endedBy: string;
          lines: string[];
          rasterBands: number;
          qr: string[];
          warnings: string[];
          bytes: Uint8Array;
          heightDots: number;
        }) =>
          log({
            event: 'job',
            seq: j.seq,
            complete: j.complete,
            endedBy: j.endedBy,
            bytes: j.bytes.length,
            heightDots: j.heightDots,
            rasterBands: j.rasterBands,
            qr: j.qr,
            lines: j.lines,
            warnings: j.warnings,
          }),
      );
      s.printer.on('status', (faults: string[]) => log({ event: 'status', faults }));
      const rl = createInterface({ input: process.stdin });
      rl.on('line', (line) => {
        const c = s.command(line);
        if (c.message) log({ event: 'command', ...c });
      });
      await stopped;
      rl.close();
      await s.close();
    });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { Command } = await import('commander');
  const program = new Command('kiosk').exitOverride();
  register(program);
  await program.parseAsync(process.argv);
}
