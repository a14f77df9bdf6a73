import { DEFAULT_CONFIG_FILE, formatConfigErrors, loadConfig } from '../config/load';
import type { KioskConfig } from '../config/schema';

export const EXIT_CONFIG = 2;

/** Thrown by a command that has already told the user what went wrong; carries the exit code. */
export class CommandFailed extends Error {
  constructor(readonly exitCode: number) {
    super(`command failed with exit code ${exitCode}`);
  }
}

/** Loads the config named by --config, $KIOSK_CONFIG or the Paris sample; prints errors and exits 2. */
export function configOrExit(file: string | undefined): { config: KioskConfig; file: string; explicitFile: boolean } {
  const chosen = file ?? process.env.KIOSK_CONFIG;
  const result = loadConfig(chosen ?? DEFAULT_CONFIG_FILE);
  if (!result.ok) {
    process.stderr.write(formatConfigErrors(result) + '\n');
    process.exit(EXIT_CONFIG);
  }
  return { config: result.config, file: result.file, explicitFile: chosen !== undefined };
}

