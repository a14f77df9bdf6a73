import { Command, CommanderError } from 'commander';
import { join, resolve } from 'node:path';
import { formatConfigErrors, loadConfig } from './config/load';
import { useParseCache, type ParseCacheSpot } from './config/parse-cache';
import { CommandFailed, configOrExit, EXIT_CONFIG, withDaemonPort } from './commands/common';

export { CommandFailed, configOrExit, EXIT_CONFIG };
import type { KioskConfig } from './config/schema';
import { VERSION } from './version';
import { registerCommands } from './commands';

/**
 * The program with every command. Modules a command alone needs (the daemon, the journal, the devices)
 * are imported when it runs, and `argv` (when given) limits the tool commands loaded to the one it names:
 * `kiosk config check` loads no HTTP server, database or serial port (issue 14, start-up).
 */
export interface MainHooks {
  /** Called once the daemon serves (`kiosk start`): bin/kiosk.js saves its code cache then. */
  ready?: () => void;
  /** Where validated configs are kept between runs (server/config/parse-cache.ts): bin/kiosk.js gives it for the build. */
  configCache?: ParseCacheSpot;
}

export async function buildProgram(argv?: string[], hooks: MainHooks = {}): Promise<Command> {
  const program = new Command('kiosk')
    .description('Consulate counter kiosk: daemon, device tools and simulators')
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride();

  program
    .command('start')
    .description('run the core daemon (HTTP + WebSocket API, UI, devices, journal) until SIGTERM')
    .option('-c, --config <file>', 'config file (JSON or YAML); default $KIOSK_CONFIG or the Paris sample with simulated devices')
    .option('-p, --port <port>', 'port to listen on (overrides $PORT and the config)')
    .option('-d, --data <dir>', 'data directory for the journal and logs (overrides the config)')
    .action(async (opts: { config?: string; port?: string; data?: string }) => {
      const { config, explicitFile } = configOrExit(opts.config);
      const cfg: KioskConfig = { ...withDaemonPort(config, opts.port), dataDir: opts.data ?? config.dataDir };
      const { startDaemon, StartupError } = await import('./daemon');
      let daemon;
      try {
        daemon = await startDaemon({ config: cfg, dataDirExplicit: opts.data !== undefined || (explicitFile && config.dataDir !== 'data') });
      } catch (err) {
        if (err instanceof StartupError) {
          process.stderr.write(`kiosk: ${err.message}\n`);
          throw new CommandFailed(err.exitCode);
        }
        throw err;
      }
      // Handlers before the "ready" line: a supervisor reading it may stop us at once.
      const stopped = new Promise<void>((done) => {
        const stop = (signal: string) => void daemon.close(signal).then(done);
        process.once('SIGTERM', () => stop('SIGTERM'));
        process.once('SIGINT', () => stop('SIGINT'));
      });
      const u = daemon.url;
      const pages = ['counter', 'board', 'diagnostics', 'reports', 'supervisor'].map((p) => `${p} ${u}/${p}`).join(', ');
      process.stdout.write(`Kiosk ready: ${u}  (${pages})\n`);
      hooks.ready?.();
      await stopped;
    });

  const config = program.command('config').description('configuration tools');
  config
    .command('check <file>')
    .description('validate a config file; prints every bad field and exits 2 if any')
    .action(async (file: string) => {
      const result = loadConfig(file);
      if (!result.ok) {
        process.stderr.write(formatConfigErrors(result) + '\n');
        process.exit(EXIT_CONFIG);
      }
      const c = result.config;
      process.stdout.write(
        `Config ${result.file} is valid: ${c.consulate.code} (${c.consulate.timeZone}, ${c.consulate.currency}), ${c.services.length} services, ` +
          `terminal ${c.devices.terminal.protocol}@${c.devices.terminal.port}, printer ${c.devices.printer.transport}, ` +
          `scanner ${c.devices.scanner.type}@${c.devices.scanner.port}\n`,
      );
    });

  const db = program.command('db').description('journal database tools');
  db.command('migrate')
    .description('create the journal or bring its schema up to date')
    .option('-c, --config <file>', 'config file giving dataDir')
    .option('-d, --data <dir>', 'data directory (overrides the config)')
    .action(async (opts: { config?: string; data?: string }) => {
      const { config } = configOrExit(opts.config);
      const file = join(resolve(opts.data ?? config.dataDir), 'journal.sqlite');
      const [{ openJournal }, { CHAIN_KEY_VERSION }, { attachChainKey }, { NewerDatabaseError, loadMigrations, migrate }] = await Promise.all([
        import('../store/db'),
        import('../store/chain-key'),
        import('../store/journal-keying'),
        import('../store/migrations'),
      ]);
      try {
        // openJournal makes the folder (0700) and the file (0600) as `kiosk start` does.
        const d = openJournal(file, { migrate: false });
        let r;
        try {
          r = migrate(d, loadMigrations());
          // A journal reaching the keyed schema gets its chain key now (store/journal-keying.ts).
          if (r.to >= CHAIN_KEY_VERSION) attachChainKey(d, { create: true });
        } finally {
          d.close();
        }
        process.stdout.write(r.from === r.to ? `${file}: already at schema version ${r.to}\n` : `${file}: migrated from schema version ${r.from} to ${r.to}\n`);
      } catch (err) {
        process.stderr.write(`kiosk: ${err instanceof NewerDatabaseError ? err.message : `cannot migrate ${file}: ${(err as Error).message}`}\n`);
        process.exit(1);
      }
    });

  await registerCommands(program, argv);
  return program;
}

export async function main(argv: string[], hooks: MainHooks = {}): Promise<number> {
  useParseCache(hooks.configCache ?? null);
  try {
    await (await buildProgram(argv, hooks)).parseAsync(argv);
    // Some commands report failure by setting process.exitCode instead of throwing.
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommandFailed) return err.exitCode;
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : EXIT_CONFIG;
    throw err;
  }
}
