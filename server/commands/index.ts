import type { Command } from 'commander';

interface CommandModule {
  register(program: Command): void;
}

/**
 * Every tool subcommand of `kiosk`, each in its own file, with the top-level names it registers. A module
 * is imported only when the command line names one of them: each pulls its own heavy packages (the journal,
 * serial ports, the printer's canvas), and `kiosk config check` should pay for none (issue 14, start-up).
 * The order is the order of `kiosk --help` (and of the shared `sim` group's description).
 */
export const COMMAND_MODULES: ReadonlyArray<{ names: readonly string[]; load: () => Promise<CommandModule> }> = [
  { names: ['token'], load: () => import('./token') },
  { names: ['print', 'printer'], load: () => import('./print') },
  { names: ['sim'], load: () => import('./sim-printer') },
  { names: ['sim'], load: () => import('./sim-terminal') },
  { names: ['sim'], load: () => import('./sim-scanner') },
  { names: ['staff'], load: () => import('./staff') },
  { names: ['pay', 'payments'], load: () => import('./pay') },
  { names: ['diag'], load: () => import('./diag') },
  { names: ['support-bundle'], load: () => import('./support-bundle') },
  { names: ['journal'], load: () => import('./journal') },
  { names: ['backup', 'restore', 'retention'], load: () => import('./backup') },
  { names: ['report'], load: () => import('./reports') },
  { names: ['hub'], load: () => import('./hub') },
  { names: ['join'], load: () => import('./join') },
  { names: ['central'], load: () => import('./central') },
  { names: ['setup'], load: () => import('./setup') },
];

/** The command a command line names: its first operand (`kiosk` has no option taking a value). */
function commandOf(argv: string[]): string | undefined {
  return argv.slice(2).find((a) => !a.startsWith('-'));
}

/** The modules a command line needs: those of the command it names, none for `--version` or a built-in one. */
function modulesFor(program: Command, argv: string[] | undefined): typeof COMMAND_MODULES {
  if (!argv) return COMMAND_MODULES;
  const named = commandOf(argv);
  if (named === undefined) return argv.includes('-V') || argv.includes('--version') ? [] : COMMAND_MODULES;
  if (program.commands.some((c) => c.name() === named)) return [];
  const chosen = COMMAND_MODULES.filter((m) => m.names.includes(named));
  // `help`, or a misspelt command commander should suggest a spelling for: all of them.
  return chosen.length > 0 ? chosen : COMMAND_MODULES;
}

/** Registers the tool commands `argv` needs (see modulesFor); all of them when no argv is given. */
export async function registerCommands(program: Command, argv?: string[]): Promise<void> {
  const modules = await Promise.all(modulesFor(program, argv).map((m) => m.load()));
  for (const m of modules) m.register(program);
}
