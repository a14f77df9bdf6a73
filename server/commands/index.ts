import type { Command } from 'commander';
import { register as diag } from './diag';
import { register as staff } from './staff';
import { register as supportBundle } from './support-bundle';
import { register as pay } from './pay';
import { register as token } from './token';
import { register as simScanner } from './sim-scanner';
import { register as print } from './print';
import { register as simPrinter } from './sim-printer';
import { register as simTerminal } from './sim-terminal';

/** Every tool subcommand of `kiosk`, each in its own file. */
export function registerCommands(program: Command): void {
  for (const register of [token, print, simPrinter, simTerminal, simScanner, staff, pay, diag, supportBundle]) register(program);
}
