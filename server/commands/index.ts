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
import { register as journal } from './journal';
import { register as backup } from './backup';
import { register as reports } from './reports';

/** Every tool subcommand of `kiosk`, each in its own file. */
export function registerCommands(program: Command): void {
  for (const register of [token, print, simPrinter, simTerminal, simScanner, staff, pay, diag, supportBundle, journal, backup, reports]) register(program);
}
