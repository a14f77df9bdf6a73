// The `kiosk` commands this folder's tests run as child processes: the real command code of
// server/commands/pay.ts, without loading the daemon (a fast start matters when a test restarts it 50 times).
import { Command } from 'commander';
import { register } from '../../server/commands/pay';

const program = new Command('kiosk').exitOverride();
register(program);
try {
  await program.parseAsync(process.argv);
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exitCode = 2;
}
