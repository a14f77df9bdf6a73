// `kiosk central start|migrate`: the ministry's central service (issue 16, central/). Its database is given with
// --db or $KIOSK_CENTRAL_DB (postgres://USER:PASSWORD@HOST:5432/DATABASE).
import type { Command } from 'commander';
import { CommandFailed } from './common';

interface DbOpts {
  db?: string;
}

const fail = (what: string, detail: string): never => {
  process.stderr.write(`kiosk central ${what}: ${detail}\n`);
  throw new CommandFailed(1);
};

function dbUrl(what: string, o: DbOpts): string {
  const url = o.db ?? process.env.KIOSK_CENTRAL_DB;
  if (!url) return fail(what, 'give the database with --db postgres://USER:PASSWORD@HOST:5432/DATABASE (or set KIOSK_CENTRAL_DB)');
  return url;
}

/** "HOST:PORT", "[::1]:PORT" or ":PORT". */
export function parseListen(text: string): { host: string; port: number } | null {
  const m = /^(?:\[([0-9a-fA-F:]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(text);
  if (!m) return null;
  const port = Number(m[3]);
  if (port > 65535) return null;
  return { host: m[1] ?? (m[2] || '0.0.0.0'), port };
}

const dbOption = (c: Command) => c.option('--db <url>', 'the central database, postgres://USER:PASSWORD@HOST:5432/DATABASE (default $KIOSK_CENTRAL_DB)');

export function register(program: Command): void {
  const central = program.command('central').description("the ministry's central service (PostgreSQL): every post's events, dashboards, bundles");

  dbOption(central.command('migrate').description('create the central database schema or bring it up to date')).action(async (o: DbOpts) => {
    const { openCentralDb } = await import('../../central/db/db');
    const { migrateCentral } = await import('../../central/db/migrations');
    const opened = await openCentralDb({ url: dbUrl('migrate', o) });
    if (!opened.ok) return fail('migrate', opened.detail);
    try {
      const r = await migrateCentral(opened.db);
      process.stdout.write(r.from === r.to ? `Central database already at version ${r.to}\n` : `Central database migrated from version ${r.from} to ${r.to}\n`);
    } catch (err) {
      return fail('migrate', (err as Error).message);
    } finally {
      await opened.db.end();
    }
  });

  dbOption(
    central
      .command('start')
      .description('run the central service until SIGTERM: migrates the database, then serves the posts and the ministry')
      .option('--listen <host:port>', 'address to listen on', '127.0.0.1:8600'),
  ).action(async (o: DbOpts & { listen: string }) => {
    const listen = parseListen(o.listen);
    if (!listen) return fail('start', `--listen ${o.listen}: give HOST:PORT, e.g. 0.0.0.0:8600`);
    const { startCentral } = await import('../../central/service');
    const { VERSION } = await import('../version');
    const r = await startCentral({ db: dbUrl('start', o), ...listen, version: VERSION });
    if (!r.ok) return fail('start', r.detail);
    const stopped = new Promise<void>((done) => {
      const stop = () => void r.central.close().then(done);
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });
    process.stdout.write(`Central service ready: ${r.central.url}\n`);
    await stopped;
  });
}
