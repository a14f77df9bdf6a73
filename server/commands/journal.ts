// `kiosk journal verify`: the journal's keyed hash chain, every payment row against its events, and the head
// against the anchor kept beside the backups (store/verify.ts). Prints JSON; exit 0 when all holds, 1 when
// something was changed behind the software, 2 when the journal cannot be read or verified (no key).
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openJournal, type Db } from '../../store/db';
import { anchorFileFor } from '../../store/anchor';
import { verifyJournal } from '../../store/verify';
import { backupDir } from '../backup/schedule';
import { CommandFailed, configOrExit } from './common';

export interface JournalOpts {
  config?: string;
  data?: string;
  journal?: string;
}

/** The journal file named by --journal, or <--data or config dataDir>/journal.sqlite. */
export function journalFile(o: JournalOpts): string {
  if (o.journal) return resolve(o.journal);
  const dataDir = o.data ?? configOrExit(o.config).config.dataDir;
  return join(resolve(dataDir), 'journal.sqlite');
}

/**
 * The anchor: --anchor, else in the config's backup folder (when the config names the journal or is given),
 * else <journal's folder>/backups.
 */
export function anchorFile(o: JournalOpts & { anchor?: string }, journal: string): string {
  if (o.anchor) return resolve(o.anchor);
  const fromConfig = o.config !== undefined || (o.journal === undefined && o.data === undefined);
  return anchorFileFor(journal, fromConfig ? backupDir({ ...configOrExit(o.config).config, ...(o.data ? { dataDir: o.data } : {}) }) : undefined);
}

interface Sink {
  write(s: string): unknown;
}

export function verifyCommand(file: string, anchor: string | null, out: Sink = process.stdout, err: Sink = process.stderr): number {
  if (!existsSync(file)) {
    err.write(`kiosk journal verify: ${file} does not exist: give --journal FILE or --data DIR\n`);
    return 2;
  }
  let db: Db | undefined;
  try {
    // Read-only, no migration: verifying must never change the file it checks.
    db = openJournal(file, { readonly: true, migrate: false });
    const r = verifyJournal(db, { anchorFile: anchor });
    out.write(JSON.stringify({ journal: file, ...r }) + '\n');
    for (const w of r.warnings) err.write(`kiosk journal verify: warning: ${w}\n`);
    if (r.status === 'cannot-verify') {
      err.write(`kiosk journal verify: cannot verify ${file}: ${r.reason}\n`);
      return 2;
    }
    for (const p of r.problems) err.write(`kiosk journal verify: ${p}\n`);
    if (!r.ok)
      err.write(
        `kiosk journal verify: ${r.brokenAt !== undefined ? `the chain is broken at event ${r.brokenAt}. ` : ''}` +
          'Keep this file, its .key and the anchor as evidence and restore the last good backup (kiosk restore).\n',
      );
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
    .description('check the keyed hash chain, every payment row and the anchored head; prints JSON, exit 1 names what was changed')
    .option('-c, --config <file>', 'config file giving dataDir and the backup folder (where the anchor is)')
    .option('-d, --data <dir>', 'data directory holding journal.sqlite')
    .option('-j, --journal <file>', 'the journal file itself')
    .option('-a, --anchor <file>', 'the anchor file (default <backup folder>/journal.sqlite.anchor)')
    .action((o: JournalOpts & { anchor?: string }) => {
      const file = journalFile(o);
      const code = verifyCommand(file, anchorFile(o, file));
      if (code !== 0) throw new CommandFailed(code);
    });
}
