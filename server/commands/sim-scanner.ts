// `kiosk sim scanner --port PATH --send TEXT`: behaves like a serial (USB-CDC) scanner on PATH, e.g. one
// end of a socat pty pair whose other end the daemon reads.
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { sendAsSerialScanner, type Suffix } from '../../drivers/scanner/index';

export interface SimScannerOptions {
  port: string;
  send: string;
  suffix?: string;
  baud?: string;
  chunk?: string;
  delay?: string;
}

const SUFFIXES: readonly Suffix[] = ['cr', 'lf', 'crlf', 'none'];

export async function simScanner(o: SimScannerOptions): Promise<{ exitCode: number; stdout: string; stderr?: string }> {
  const suffix = (o.suffix ?? 'cr').toLowerCase() as Suffix;
  if (!SUFFIXES.includes(suffix)) return { exitCode: 2, stdout: '', stderr: `--suffix ${o.suffix}: use one of ${SUFFIXES.join(', ')}` };
  const chunk = o.chunk !== undefined ? Number(o.chunk) : undefined;
  if (chunk !== undefined && (!Number.isInteger(chunk) || chunk < 1))
    return { exitCode: 2, stdout: '', stderr: `--chunk ${o.chunk}: a whole number of bytes, 1 or more` };
  const bytes = new TextEncoder().encode(o.send).length + (suffix === 'crlf' ? 2 : suffix === 'none' ? 0 : 1);
  try {
    const r = await sendAsSerialScanner(o.port, o.send, {
      suffix,
      baudRate: Number(o.baud ?? 9600),
      ...(chunk !== undefined ? { chunks: Array.from({ length: Math.ceil(bytes / chunk) }, () => chunk) } : {}),
      ...(o.delay !== undefined ? { chunkDelayMs: Number(o.delay) } : {}),
    });
    return { exitCode: 0, stdout: JSON.stringify({ ok: true, port: o.port, ...r, suffix }) };
  } catch (err) {
    return {
      exitCode: 1,
      stdout: JSON.stringify({ ok: false, port: o.port, error: (err as Error).message }),
      stderr: `${(err as Error).message}: is the port path right, and is something (socat, a null-modem cable) on it?`,
    };
  }
}

export function register(program: Command): void {
  // `sim` may already exist (other simulators register under it too).
  const sim = program.commands.find((c) => c.name() === 'sim') ?? program.command('sim').description('device simulators');
  sim
    .command('scanner')
    .description('send a code as a serial (USB-CDC) barcode scanner would; prints the result as JSON')
    .requiredOption('--port <path>', 'serial port to write to, e.g. a socat pty')
    .requiredOption('--send <text>', 'the code, e.g. an RDV1:… token')
    .option('--suffix <cr|lf|crlf|none>', 'what the scanner appends', 'cr')
    .option('--baud <rate>', 'baud rate', '9600')
    .option('--chunk <bytes>', 'write in chunks of this size (default: all at once)')
    .option('--delay <ms>', 'pause between chunks')
    .action(async (o: SimScannerOptions) => {
      const r = await simScanner(o);
      process.stdout.write(r.stdout + '\n');
      if (r.stderr) process.stderr.write(r.stderr + '\n');
      process.exitCode = r.exitCode;
    });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { Command } = await import('commander');
  const program = new Command('kiosk');
  register(program);
  await program.parseAsync(process.argv);
}
