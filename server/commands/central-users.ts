// `kiosk central user add --name N --role viewer|admin`: a ministry user of the central pages (issue 16). The
// password is read from stdin (first line), or from --password-file, never from the command line where shell
// history and `ps` would keep it. Wired under `kiosk central` by server/commands/central.ts:
//   registerCentralUsers(central)
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { CommandFailed } from './common';

interface AddOpts {
  db?: string;
  name: string;
  role: string;
  passwordFile?: string;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const fail = (detail: string, code = 1): never => {
  process.stderr.write(`kiosk central user add: ${detail}\n`);
  throw new CommandFailed(code);
};

/** The first line of the text, without its line end: `echo secret | kiosk …` gives "secret". */
const firstLine = (text: string) => text.split(/\r?\n/)[0] ?? '';

export function registerCentralUsers(central: Command): void {
  const user = central.command('user').description("the ministry's users of the central pages (viewer, admin)");
  user
    .command('add')
    .description('add a user; the password is read from stdin (or --password-file)')
    .requiredOption('--name <name>', 'user name: 2 to 64 of a-z 0-9 . _ -')
    .requiredOption('--role <role>', 'viewer (sees the network) or admin (also manages users)')
    .option('--password-file <file>', 'read the password from the first line of this file instead of stdin')
    .option('--db <url>', 'the central database, postgres://USER:PASSWORD@HOST:5432/DATABASE (default $KIOSK_CENTRAL_DB)')
    .action(async (o: AddOpts) => {
      const url = o.db ?? process.env.KIOSK_CENTRAL_DB;
      if (!url) return fail('give the database with --db postgres://USER:PASSWORD@HOST:5432/DATABASE (or set KIOSK_CENTRAL_DB)', 2);
      let text: string;
      try {
        text = o.passwordFile ? readFileSync(o.passwordFile, 'utf8') : await readStdin();
      } catch (err) {
        return fail(`cannot read --password-file ${o.passwordFile}: ${(err as Error).message}`, 2);
      }
      const password = firstLine(text);
      const { openCentralDb } = await import('../../central/db/db');
      const { addCentralUser } = await import('../../central/db/users');
      const opened = await openCentralDb({ url });
      if (!opened.ok) return fail(opened.detail, 2);
      try {
        const r = await addCentralUser(opened.db, { name: o.name, role: o.role, password }).catch((err: Error & { code?: string }) => {
          // 42P01: the table is missing, the database was never migrated.
          if (err.code === '42P01') return fail('the central database has no users table yet: run kiosk central migrate --db … first', 2);
          throw err;
        });
        if (!r.ok) return fail(`${r.detail}; nobody was added`);
        process.stdout.write(`Central user ${r.user.name} added (${r.user.role})\n`);
      } finally {
        await opened.db.end();
      }
    });
}
