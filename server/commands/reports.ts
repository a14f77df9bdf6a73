// `kiosk report stats --from DAY --to DAY [--csv]`: the supervisor page's figures from the journal file,
// for scripts and for a PC without a browser. Read-only.
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { openJournal } from '../../store/db';
import { reportStats } from '../reports/stats';
import { statsCsv } from '../reports/stats-csv';
import { isDay, periodBounds } from '../reports/period';
import { CommandFailed, configOrExit } from './common';
import { journalFile, type JournalOpts } from './journal';

export function register(program: Command): void {
  program
    .command('report')
    .description('supervisor reports from the journal')
    .command('stats')
    .description('visitors, waits, service times, no-shows, counters and fees for a period; JSON or --csv')
    .requiredOption('--from <day>', 'first business day, YYYY-MM-DD')
    .requiredOption('--to <day>', 'last business day, YYYY-MM-DD')
    .option('--csv', 'print CSV instead of JSON')
    .option('-c, --config <file>', 'config file giving dataDir and the time zone')
    .option('-d, --data <dir>', 'data directory holding journal.sqlite')
    .option('-j, --journal <file>', 'the journal file itself')
    .action((o: JournalOpts & { from: string; to: string; csv?: boolean }) => {
      const { config } = configOrExit(o.config);
      if (!isDay(o.from) || !isDay(o.to) || o.to < o.from) {
        process.stderr.write('kiosk report stats: --from and --to are dates YYYY-MM-DD, from not after to\n');
        throw new CommandFailed(2);
      }
      const file = journalFile(o.journal || o.data ? o : { ...o, data: config.dataDir });
      if (!existsSync(file)) {
        process.stderr.write(`kiosk report stats: ${file} does not exist\n`);
        throw new CommandFailed(2);
      }
      const db = openJournal(file, { readonly: true, migrate: false });
      try {
        const tz = config.consulate.timeZone;
        const stats = reportStats(db, { ...periodBounds(o.from, o.to, tz), timeZone: tz });
        process.stdout.write(o.csv ? statsCsv(stats, config.consulate.currency) : JSON.stringify(stats, null, 2) + '\n');
      } finally {
        db.close();
      }
    });
}
