// `kiosk staff hash-pin`: turns a PIN into the hash that goes into auth.accounts[].pinHash.
// The PIN is read from stdin (not from the command line, where shell history and `ps` would keep it),
// unless --pin is given for scripts.
import type { Command } from 'commander';
import { hashPin } from '../auth/pin';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Prints {"pinHash": "scrypt$…"} and returns 0, or prints what is wrong and returns 1. */
interface Sink {
  write(s: string): unknown;
}

export async function hashPinCommand(
  opts: { pin?: string },
  out: Sink = process.stdout,
  err: Sink = process.stderr,
  input: () => Promise<string> = readStdin,
): Promise<number> {
  const pin = (opts.pin ?? (await input())).trim();
  const r = await hashPin(pin);
  if (!r.ok) {
    err.write(`kiosk staff hash-pin: ${r.reason}; nothing was hashed\n`);
    return 1;
  }
  out.write(JSON.stringify({ pinHash: r.hash }) + '\n');
  return 0;
}

export function register(program: Command): void {
  const staff = program.command('staff').description('staff accounts of the counters and diagnostics');
  staff
    .command('hash-pin')
    .description('hash a PIN (4-12 digits, read from stdin) for auth.accounts[].pinHash; prints JSON')
    .option('--pin <digits>', 'the PIN (prefer stdin: echo 1234 | kiosk staff hash-pin)')
    .action(async (opts: { pin?: string }) => {
      const code = await hashPinCommand(opts);
      if (code !== 0) process.exit(code);
    });
}
