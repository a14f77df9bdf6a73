// `kiosk join --hub https://HOST:PORT --code CODE`: on a kiosk PC, joins the post hub with the code from
// `kiosk hub enrol` and stores the link (<dataDir>/post/hub-link.json, 0600) the kiosk daemon reads.
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { CommandFailed, configOrExit } from './common';

export function register(program: Command): void {
  program
    .command('join')
    .description("join the post hub with a one-time code (kiosk hub enrol on the hub): checks the hub's certificate, stores this kiosk's credential")
    .requiredOption('--hub <url>', "the hub's address, https://HOST:PORT")
    .requiredOption('--code <code>', 'the one-time code printed by kiosk hub enrol')
    .option('-c, --config <file>', 'config file giving dataDir')
    .option('-d, --data <dir>', 'data directory of this kiosk (overrides the config)')
    .option('--insecure-lan', 'accept an http:// hub (insecureLan on the hub: nothing is checked, the code crosses the LAN in clear)')
    .action(async (o: { hub: string; code: string; config?: string; data?: string; insecureLan?: boolean }) => {
      const dataDir = resolve(o.data ?? configOrExit(o.config).config.dataDir);
      const { joinHub } = await import('../post/trust/join');
      const r = await joinHub({ hubUrl: o.hub, code: o.code, dataDir, insecureLan: o.insecureLan === true });
      if (!r.ok) {
        process.stderr.write(`kiosk join: ${r.detail}\n`);
        throw new CommandFailed(1);
      }
      process.stdout.write(`This PC joined the hub at ${new URL(o.hub).origin} as kiosk ${r.kioskId}; its link is in ${r.file}.\n`);
    });
}
