// `kiosk support-bundle --out FILE`: one .tar.gz with what a remote technician needs (see diagnostics/bundle.ts).
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { configOrExit, CommandFailed, withDaemonPort } from './common';
import { buildBundle } from '../diagnostics/bundle';
import { tarGz } from '../diagnostics/tar';

export function register(program: Command): void {
  program
    .command('support-bundle')
    .description('pack config (secrets removed), recent logs, devices and a journal summary into a .tar.gz for support')
    .requiredOption('-o, --out <file>', 'where to write the .tar.gz')
    .option('-c, --config <file>', 'config file')
    .action(async (opts: { out: string; config?: string }) => {
      const { config, file } = configOrExit(opts.config);
      // Its self test asks the daemon where `kiosk start` would listen ($PORT, else server.port).
      const { entries, report } = await buildBundle(withDaemonPort(config, undefined), { configFile: file });
      const out = resolve(opts.out);
      try {
        writeFileSync(out, tarGz(entries), { mode: 0o600 });
      } catch (err) {
        process.stderr.write(`cannot write ${out}: ${(err as Error).message}; choose a writable place for --out\n`);
        throw new CommandFailed(1);
      }
      process.stdout.write(JSON.stringify({ ok: true, out, files: entries.map((e) => e.name), selfTest: report.ok ? 'passed' : 'failed' }) + '\n');
    });
}
