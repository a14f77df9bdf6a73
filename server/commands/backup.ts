// `kiosk backup --out FILE` (online, checked, safe while the daemon runs), `kiosk restore FILE` (refused
// while a daemon holds the journal; the current journal is moved aside, never overwritten) and
// `kiosk retention purge` (removes personal data older than retention.personalDataDays).
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { openJournal } from '../../store/db';
import { purgePersonalData } from '../../store/retention';
import { backupJournal } from '../backup/backup';
import { restoreJournal } from '../backup/restore';
import { retentionOf } from '../backup/schedule';
import { CommandFailed, configOrExit } from './common';
import { journalFile, type JournalOpts } from './journal';

interface Sink { write(s: string): unknown }

export async function backupCommand(journal: string, out: string, o: { out?: Sink; err?: Sink } = {}): Promise<number> {
  const stdout = o.out ?? process.stdout;
  const stderr = o.err ?? process.stderr;
  if (!existsSync(journal)) { stderr.write(`kiosk backup: ${journal} does not exist: give --journal FILE or --data DIR\n`); return 2; }
  if (existsSync(out)) { stderr.write(`kiosk backup: ${out} already exists; choose a new file name (a backup never overwrites a file)\n`); return 2; }
  // A plain connection: reading for the backup API works while the daemon writes (WAL); no migration.
  const db = new Database(journal, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  try {
    const r = await backupJournal(db, resolve(out));
    if (!r.ok) { stderr.write(`kiosk backup: ${r.message}\n`); return 1; }
    stdout.write(JSON.stringify({ ok: true, file: r.check.file, bytes: r.check.bytes, events: r.check.events, payments: r.check.payments, lastEventId: r.check.lastEventId, schemaVersion: r.check.schemaVersion, ms: r.ms }) + '\n');
    return 0;
  } finally {
    db.close();
  }
}

export async function restoreCommand(backup: string, journal: string, daemon: { host: string; port: number } | undefined, o: { out?: Sink; err?: Sink } = {}): Promise<number> {
  const stdout = o.out ?? process.stdout;
  const stderr = o.err ?? process.stderr;
  const r = await restoreJournal({ backup: resolve(backup), journal, ...(daemon ? { daemon } : {}) });
  if (!r.ok) { stderr.write(`kiosk restore: ${r.message}\n`); return r.code === 'in-use' ? 3 : 1; }
  stdout.write(JSON.stringify({ ok: true, journal: r.journal, previousJournal: r.movedAside, events: r.check.events, payments: r.check.payments, lastEventId: r.check.lastEventId }) + '\n');
  return 0;
}

export function register(program: Command): void {
  const common = (c: Command) => c
    .option('-c, --config <file>', 'config file giving dataDir (and the daemon port)')
    .option('-d, --data <dir>', 'data directory holding journal.sqlite')
    .option('-j, --journal <file>', 'the journal file itself');

  common(program.command('backup'))
    .description('write a checked online backup of the journal (safe while the daemon runs); prints JSON')
    .requiredOption('-o, --out <file>', 'the backup file to write (must not exist)')
    .action(async (o: JournalOpts & { out: string }) => {
      const code = await backupCommand(journalFile(o), o.out);
      if (code !== 0) throw new CommandFailed(code);
    });

  common(program.command('restore <backup>'))
    .description('replace the journal with a checked backup; refused while a daemon holds it (exit 3); the old journal is kept beside it')
    .action(async (backup: string, o: JournalOpts) => {
      const daemon = o.journal && !o.config ? undefined : (() => { const c = configOrExit(o.config).config; return { host: c.server.host, port: c.server.port }; })();
      const code = await restoreCommand(backup, journalFile(o), daemon);
      if (code !== 0) throw new CommandFailed(code);
    });

  const retention = program.command('retention').description('personal data retention');
  common(retention.command('purge'))
    .description('remove masked PANs and appointment ids older than retention.personalDataDays (or --days); totals stay; prints JSON')
    .option('--days <n>', 'override the configured number of days', (v) => Number(v))
    .action((o: JournalOpts & { days?: number }) => {
      const file = journalFile(o);
      if (!existsSync(file)) { process.stderr.write(`kiosk retention purge: ${file} does not exist\n`); throw new CommandFailed(2); }
      const days = o.days ?? retentionOf(configOrExit(o.config).config).personalDataDays;
      const db = openJournal(file);
      try {
        process.stdout.write(JSON.stringify({ ok: true, days, ...purgePersonalData(db, { olderThanDays: days, by: 'kiosk retention purge' }) }) + '\n');
      } catch (err) {
        process.stderr.write(`kiosk retention purge: ${(err as Error).message}\n`);
        throw new CommandFailed(1);
      } finally {
        db.close();
      }
    });
}
