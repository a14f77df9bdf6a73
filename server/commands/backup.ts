// `kiosk backup --out FILE` (online, checked, safe while the daemon runs; the chain key goes beside the copy
// and the journal's head is anchored), `kiosk restore FILE` (refused while a daemon holds the journal; the
// current journal and its anchor are moved aside, never overwritten) and
// `kiosk retention purge` (removes personal data older than retention.personalDataDays).
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { openJournal } from '../../store/db';
import { anchorJournal } from '../../store/anchor';
import { purgePersonalData } from '../../store/retention';
import { backupJournal } from '../backup/backup';
import { restoreJournal } from '../backup/restore';
import { retentionOf } from '../backup/schedule';
import { CommandFailed, configOrExit, withDaemonPort } from './common';
import { anchorFile, journalFile, type JournalOpts } from './journal';

interface Sink {
  write(s: string): unknown;
}

/** A checked backup of `journal` to `out` (with its key), then the journal's head anchored in `anchor`. */
export async function backupCommand(journal: string, out: string, anchor: string | null, o: { out?: Sink; err?: Sink } = {}): Promise<number> {
  const stdout = o.out ?? process.stdout;
  const stderr = o.err ?? process.stderr;
  if (!existsSync(journal)) {
    stderr.write(`kiosk backup: ${journal} does not exist: give --journal FILE or --data DIR\n`);
    return 2;
  }
  if (existsSync(out)) {
    stderr.write(`kiosk backup: ${out} already exists; choose a new file name (a backup never overwrites a file)\n`);
    return 2;
  }
  // Read-only: the backup API reads a snapshot while the daemon writes (WAL); no migration, no write.
  const db = openJournal(journal, { readonly: true, migrate: false });
  try {
    const r = await backupJournal(db, resolve(out));
    if (!r.ok) {
      stderr.write(`kiosk backup: ${r.reason}\n`);
      return 1;
    }
    const a = anchor ? await anchorJournal(db, anchor) : null;
    if (a && !a.ok) stderr.write(`kiosk backup: the backup is good, but ${a.reason}\n`);
    stdout.write(
      JSON.stringify({
        ok: true,
        file: r.check.file,
        key: `${r.check.file}.key`,
        bytes: r.check.bytes,
        events: r.check.events,
        payments: r.check.payments,
        lastEventId: r.check.lastEventId,
        schemaVersion: r.check.schemaVersion,
        ms: r.ms,
        anchor: a?.ok ? anchor : null,
      }) + '\n',
    );
    return a && !a.ok ? 1 : 0;
  } finally {
    db.close();
  }
}

export async function restoreCommand(
  backup: string,
  journal: string,
  daemon: { host: string; port: number } | undefined,
  anchor: string | null,
  o: { out?: Sink; err?: Sink } = {},
): Promise<number> {
  const stdout = o.out ?? process.stdout;
  const stderr = o.err ?? process.stderr;
  const r = await restoreJournal({ backup: resolve(backup), journal, ...(daemon ? { daemon } : {}), ...(anchor ? { anchorFile: anchor } : {}) });
  if (!r.ok) {
    stderr.write(`kiosk restore: ${r.detail}\n`);
    return r.reason === 'in-use' ? 3 : 1;
  }
  if (r.anchor && 'problem' in r.anchor) stderr.write(`kiosk restore: the journal is restored, but ${r.anchor.problem}\n`);
  stdout.write(
    JSON.stringify({
      ok: true,
      journal: r.journal,
      previousJournal: r.movedAside,
      events: r.check.events,
      payments: r.check.payments,
      lastEventId: r.check.lastEventId,
      anchor: r.anchor && 'file' in r.anchor ? r.anchor.file : null,
      previousAnchor: r.anchor && 'file' in r.anchor ? r.anchor.previous : null,
    }) + '\n',
  );
  return 0;
}

export function register(program: Command): void {
  const common = (c: Command) =>
    c
      .option('-c, --config <file>', 'config file giving dataDir (and the daemon port)')
      .option('-d, --data <dir>', 'data directory holding journal.sqlite')
      .option('-j, --journal <file>', 'the journal file itself');
  const anchored = (c: Command) => common(c).option('-a, --anchor <file>', "the journal's anchor (default <backup folder>/journal.sqlite.anchor)");

  anchored(program.command('backup'))
    .description('write a checked online backup of the journal (safe while the daemon runs); prints JSON')
    .requiredOption('-o, --out <file>', 'the backup file to write (must not exist)')
    .action(async (o: JournalOpts & { out: string; anchor?: string }) => {
      const file = journalFile(o);
      const code = await backupCommand(file, o.out, anchorFile(o, file));
      if (code !== 0) throw new CommandFailed(code);
    });

  anchored(program.command('restore <backup>'))
    .description('replace the journal with a checked backup; refused while a daemon holds it (exit 3); the old journal is kept beside it')
    .option('--port <n>', 'the port of a daemon that may hold the journal (default $PORT, else server.port of the config)')
    .action(async (backup: string, o: JournalOpts & { anchor?: string; port?: string }) => {
      // The daemon is looked for where `kiosk start` puts it: --port, $PORT, else the config's port.
      const daemon =
        o.journal && !o.config
          ? undefined
          : (() => {
              const c = withDaemonPort(configOrExit(o.config).config, o.port);
              return { host: c.server.host, port: c.server.port };
            })();
      const file = journalFile(o);
      const code = await restoreCommand(backup, file, daemon, anchorFile(o, file));
      if (code !== 0) throw new CommandFailed(code);
    });

  const retention = program.command('retention').description('personal data retention');
  common(retention.command('purge'))
    .description('remove masked PANs and appointment ids older than retention.personalDataDays (or --days); totals stay; prints JSON')
    .option('--days <n>', 'override the configured number of days', (v) => Number(v))
    .action((o: JournalOpts & { days?: number }) => {
      const file = journalFile(o);
      if (!existsSync(file)) {
        process.stderr.write(`kiosk retention purge: ${file} does not exist\n`);
        throw new CommandFailed(2);
      }
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
