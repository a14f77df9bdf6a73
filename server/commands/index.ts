import type { Command } from 'commander';
import { register as diag } from './diag';

/** Every tool subcommand of `kiosk`, each in its own file. */
export function registerCommands(program: Command): void {
  for (const register of [diag]) register(program);
}
