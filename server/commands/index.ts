import type { Command } from 'commander';

/** Every tool subcommand of `kiosk`, each in its own file. */
export function registerCommands(_program: Command): void {}
