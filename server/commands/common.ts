import { DEFAULT_CONFIG_FILE, formatConfigErrors, loadConfig } from '../config/load';
import type { KioskConfig } from '../config/schema';

export const EXIT_CONFIG = 2;

/** Thrown by a command that has already told the user what went wrong; carries the exit code. */
export class CommandFailed extends Error {
  constructor(readonly exitCode: number) {
    super(`command failed with exit code ${exitCode}`);
  }
}

/** The config file every command uses: --config, else $KIOSK_CONFIG, else the Paris sample. */
export function chosenConfigFile(file: string | undefined): { file: string; explicitFile: boolean } {
  const chosen = file ?? (process.env.KIOSK_CONFIG || undefined);
  return { file: chosen ?? DEFAULT_CONFIG_FILE, explicitFile: chosen !== undefined };
}

/** Loads the config named by --config, $KIOSK_CONFIG or the Paris sample; prints errors and exits 2. */
export function configOrExit(file: string | undefined): { config: KioskConfig; file: string; explicitFile: boolean } {
  const chosen = chosenConfigFile(file);
  const result = loadConfig(chosen.file);
  if (!result.ok) {
    process.stderr.write(formatConfigErrors(result) + '\n');
    process.exit(EXIT_CONFIG);
  }
  return { config: result.config, file: result.file, explicitFile: chosen.explicitFile };
}

/** A port number from --port or $PORT, or why it is not one. */
export function parsePort(raw: string, source: string): { ok: true; port: number } | { ok: false; reason: string } {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(n) || n < 0 || n > 65535)
    return { ok: false, reason: `${source}=${raw} is not a port number (0-65535): give a number${source === 'PORT' ? ' or unset it' : ''}` };
  return { ok: true, port: n };
}

/**
 * The port the daemon listens on, resolved the way `kiosk start` resolves it: --port, else $PORT, else the
 * config's server.port. Every command that talks to the daemon uses this, so they look where it listens.
 * Prints the problem and exits 2 on a value that is not a port.
 */
export function daemonPortOrExit(flag: string | undefined, config: KioskConfig): number {
  const env = process.env.PORT;
  const raw = flag !== undefined ? { value: flag, source: '--port' } : env !== undefined && env !== '' ? { value: env, source: 'PORT' } : null;
  if (!raw) return config.server.port;
  const r = parsePort(raw.value, raw.source);
  if (!r.ok) {
    process.stderr.write(`kiosk: ${r.reason}\n`);
    process.exit(EXIT_CONFIG);
  }
  return r.port;
}

/** The config with server.port replaced by the port the daemon really uses (see daemonPortOrExit). */
export function withDaemonPort(config: KioskConfig, flag: string | undefined): KioskConfig {
  return { ...config, server: { ...config.server, port: daemonPortOrExit(flag, config) } };
}
