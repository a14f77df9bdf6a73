// `kiosk journal verify`: walks the hash chain of the journal's events and names the first broken entry.
// Prints JSON; exit 0 when the chain holds, 1 when it is broken, 2 when the journal cannot be read.
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { verifyChain } from '../../store/events';
import { CommandFailed, configOrExit } from './common';

export interface JournalOpts { config?: string; data?: string; journal?: string }

/** The journal file named by --journal, or <--data or config dataDir>/journal.sqlite. */
export function journalFile(o: JournalOpts): string {
  if (o.journal) return resolve(o.journal);
  const dataDir = o.data ?? configOrExit(o.config).config.dataDir;
  return join(resolve(dataDir), 'journal.sqlite');
}

interface Sink { write(s: string): unknown }

export function verifyCommand(file: string, out: Sink = process.stdout, err: Sink = process.stderr): number {
  if (!existsSync(file)) {
    err.write(`kiosk journal verify: ${file} does not exist: give --journal FILE or --data DIR\n`);
    return 2;
  }
  let db: Database.Database | undefined;
  try {
    // Read-only, no migration: verifying must never change the file it checks.
    db = new Database(file, { readonly: true, fileMustExist: true });
    const r = verifyChain(db);
    out.write(JSON.stringify({ journal: file, ...r }) + '\n');
    if (!r.ok) err.write(`kiosk journal verify: the chain is broken at event ${r.brokenAt}: ${r.reason}. Keep this file as evidence and restore the last good backup (kiosk restore).\n`);
    return r.ok ? 0 : 1;
  } catch (e) {
    err.write(`kiosk journal verify: cannot read ${file}: ${(e as Error).message}\n`);
    return 2;
  } finally {
    db?.close();
  }
}

export function register(program: Command): void {
  const journal = program.command('journal').description('journal integrity tools');
  journal
    .command('verify')
    .description('check the hash chain of every journal event; prints JSON, exit 1 names the first broken entry')
    .option('-c, --config <file>', 'config file giving dataDir')
    .option('-d, --data <dir>', 'data directory holding journal.sqlite')
    .option('-j, --journal <file>', 'the journal file itself')
    .action((o: JournalOpts) => {
      const code = verifyCommand(journalFile(o));
      if (code !== 0) throw new CommandFailed(code);
    });
}
