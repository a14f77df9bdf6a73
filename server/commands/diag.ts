import type { Command } from 'commander';
import { configOrExit, CommandFailed, withDaemonPort } from './common';
import { formatReport, runDiagnostics } from '../diagnostics/run';

export function register(program: Command): void {
  program
    .command('diag')
    .description(
      'self test: config, data directory, journal, every device (through the running daemon when there is one), and the ports found; exits 1 on a failure',
    )
    .option('-c, --config <file>', 'config file')
    .option('-p, --port <port>', "port of the running daemon (default: $PORT, else the config's server.port, as kiosk start)")
    .option('--json', 'print the report as JSON')
    .action(async (opts: { config?: string; port?: string; json?: boolean }) => {
      const { config } = configOrExit(opts.config);
      const report = await runDiagnostics(withDaemonPort(config, opts.port));
      process.stdout.write((opts.json ? JSON.stringify(report, null, 2) : formatReport(report)) + '\n');
      if (!report.ok) throw new CommandFailed(1);
    });
}
