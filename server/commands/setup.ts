// `kiosk setup`: the first-run wizard in a terminal (server/setup/wizard.ts), one section again with --section,
// and the one-time code (--code) and first-run page (--serve) of the kiosk screen (server/setup/first-run-*.ts).
import type { Command } from 'commander';
import { chosenConfigFile, CommandFailed } from './common';
import { setupChecks } from './setup-checks';
import { terminalPrompter, SetupCancelled } from '../setup/prompter';
import { runWizard } from '../setup/wizard';
import { SECTION_NAMES } from '../setup/sections';

interface SetupOpts {
  config?: string;
  section?: string;
  demo?: boolean;
  code?: boolean;
  serve?: boolean;
  port?: string;
  scanWait?: string;
}

/** The file to write: --config or $KIOSK_CONFIG (the package's /usr/bin/kiosk sets it); never the Paris sample. */
function configFile(o: SetupOpts): string {
  const c = chosenConfigFile(o.config);
  if (!c.explicitFile) {
    process.stderr.write('kiosk setup: give the config file to write: --config /etc/consulate-kiosk/kiosk.yaml (or set $KIOSK_CONFIG)\n');
    throw new CommandFailed(2);
  }
  return c.file;
}

async function wizard(o: SetupOpts): Promise<void> {
  const p = terminalPrompter();
  try {
    const r = await runWizard({
      file: configFile(o),
      ...(o.section !== undefined ? { section: o.section } : {}),
      demo: o.demo === true,
      p,
      checks: setupChecks,
      scanWaitMs: Number(o.scanWait ?? 20) * 1000,
    });
    if (!r.ok) {
      process.stderr.write(`kiosk setup: ${r.reason}\n`);
      throw new CommandFailed(1);
    }
    p.say(`\nWrote ${r.file} (mode ${r.mode.toString(8).padStart(4, '0')}; ${r.sections.join(', ')}). Check it: kiosk config check ${r.file}`);
    p.say('Then start the daemon: systemctl start kiosk-daemon');
  } catch (err) {
    if (!(err instanceof SetupCancelled)) throw err;
    process.stderr.write(`kiosk setup: ${err.message}\n`);
    throw new CommandFailed(130);
  } finally {
    p.close();
  }
}

export function register(program: Command): void {
  program
    .command('setup')
    .description('first-run setup: asks for the consulate, devices (tested), staff PINs and links, then writes a validated config')
    .option('-c, --config <file>', 'the config file to write (default $KIOSK_CONFIG; the package sets /etc/consulate-kiosk/kiosk.yaml)')
    .option('--section <name>', `re-run one section on an existing config, keeping the rest: ${SECTION_NAMES.join(', ')}`)
    .option('--demo', 'demo mode: simulated devices and test keys allowed (never on a real kiosk)')
    .option('--code', 'make a new one-time code for the first-run page of the kiosk screen and print it once')
    .option('--serve', 'serve the first-run page (behind the one-time code) until a config is written')
    .option('-p, --port <port>', 'with --serve: the port (default 8080, where the kiosk window looks)')
    .option('--scan-wait <s>', 'how long the scanner test waits for a scan', '20')
    .action(async (o: SetupOpts) => {
      if (o.code || o.serve) {
        const { codeCommand, serveCommand } = await import('../setup/first-run-command');
        const file = configFile(o);
        const code = o.code ? await codeCommand(file) : await serveCommand(file, o.port, setupChecks.listPorts, setupChecks.testPayment);
        if (code !== 0) throw new CommandFailed(code);
        return;
      }
      await wizard(o);
    });
}
