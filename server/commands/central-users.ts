// `kiosk central user add --name N --role viewer|admin`, `kiosk central user role NAME viewer|admin` and
// `kiosk central user password NAME`: the ministry's users of the central pages (issue 16). A password is read from
// stdin (its first line; a prompt on a terminal), or from --password-file, never from the command line where shell
// history and `ps` would keep it. Each change is logged with the OS user who ran the command; `kiosk central user log`
// shows the log. Wired under `kiosk central` by server/commands/central.ts:
//   registerCentralUsers(central)
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { CentralDb } from '../../central/db/db';
import type { ChangeActor, UserChange } from '../../central/db/user-changes';
import { CommandFailed } from './common';

interface AddOpts {
  db?: string;
  name: string;
  role: string;
  passwordFile?: string;
}

async function readStdin(prompt: string): Promise<string> {
  // On a terminal the operator is told what is awaited (the line is typed, then Enter).
  if (process.stdin.isTTY) process.stderr.write(prompt);
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) {
    chunks.push(c as Buffer);
    if (process.stdin.isTTY && (c as Buffer).includes(10)) break;
  }
  return Buffer.concat(chunks).toString('utf8');
}

const fail = (verb: string, detail: string, code = 1): never => {
  process.stderr.write(`kiosk central user ${verb}: ${detail}\n`);
  throw new CommandFailed(code);
};

/** The first line of the text, without its line end: `echo secret | kiosk …` gives "secret". */
const firstLine = (text: string) => text.split(/\r?\n/)[0] ?? '';

async function readPassword(verb: string, o: { passwordFile?: string }, prompt: string): Promise<string> {
  try {
    return firstLine(o.passwordFile ? readFileSync(o.passwordFile, 'utf8') : await readStdin(prompt));
  } catch (err) {
    return fail(verb, `cannot read --password-file ${o.passwordFile}: ${(err as Error).message}`, 2);
  }
}

/** Runs `f` on the central database given by --db or $KIOSK_CENTRAL_DB (pg loaded only here: the CLI starts fast). */
async function withCentralDb<T>(verb: string, o: { db?: string }, f: (db: CentralDb) => Promise<T>): Promise<T> {
  const url = o.db ?? process.env.KIOSK_CENTRAL_DB;
  if (!url) return fail(verb, 'give the database with --db postgres://USER:PASSWORD@HOST:5432/DATABASE (or set KIOSK_CENTRAL_DB)', 2);
  const { openCentralDb } = await import('../../central/db/db');
  const opened = await openCentralDb({ url });
  if (!opened.ok) return fail(verb, opened.detail, 2);
  try {
    return await f(opened.db).catch((err: Error & { code?: string }) => {
      // 42P01: the table is missing, the database was never migrated.
      if (err.code === '42P01')
        return fail(verb, 'the central database is not migrated to this version (a table is missing): run kiosk central migrate --db … first', 2);
      throw err;
    });
  } finally {
    await opened.db.end();
  }
}

/** The OS user running the command: on the command line, the one who made the change. */
function cliActor(): ChangeActor {
  let name: string;
  try {
    name = userInfo().username;
  } catch {
    // No passwd entry for this uid (some containers): the environment's name, else the uid.
    name = process.env.USER ?? process.env.LOGNAME ?? `uid ${process.getuid?.() ?? '?'}`;
  }
  return { name, via: 'cli' };
}

const changeLine = (c: UserChange) => {
  const what =
    c.action === 'added' ? `added ${c.to}` : c.action === 'role' ? `role ${c.from} → ${c.to}` : c.action === 'password' ? 'password set' : 'disabled';
  return `${c.at.toISOString().slice(0, 19).replace('T', ' ')}Z  ${c.by} (${c.via})  ${c.user}  ${what}\n`;
};

const DB_OPTION = ['--db <url>', 'the central database, postgres://USER:PASSWORD@HOST:5432/DATABASE (default $KIOSK_CENTRAL_DB)'] as const;
const FILE_OPTION = ['--password-file <file>', 'read the password from the first line of this file instead of stdin'] as const;

export function registerCentralUsers(central: Command): void {
  const user = central.command('user').description("the ministry's users of the central pages (viewer, admin)");
  user
    .command('add')
    .description('add a user; the password is read from stdin (or --password-file)')
    .requiredOption('--name <name>', 'user name: 2 to 64 of a-z 0-9 . _ -')
    .requiredOption('--role <role>', 'viewer (sees the network) or admin (also manages users)')
    .option(...FILE_OPTION)
    .option(...DB_OPTION)
    .action(async (o: AddOpts) => {
      const password = await readPassword('add', o, `Password for ${o.name}: `);
      await withCentralDb('add', o, async (db) => {
        const { addCentralUser } = await import('../../central/db/users');
        const r = await addCentralUser(db, { name: o.name, role: o.role, password, by: cliActor() });
        if (!r.ok) return fail('add', `${r.detail}; nobody was added`);
        process.stdout.write(`Central user ${r.user.name} added (${r.user.role})\n`);
      });
    });
  user
    .command('role <name> <role>')
    .description("change a user's role: viewer or admin (the last admin stays one)")
    .option(...DB_OPTION)
    .action(async (name: string, role: string, o: { db?: string }) => {
      await withCentralDb('role', o, async (db) => {
        const { setCentralUserRole } = await import('../../central/db/users');
        const r = await setCentralUserRole(db, name, role, cliActor());
        if (!r.ok) return fail('role', `${r.detail}; nothing was changed`);
        process.stdout.write(`Central user ${name} is now ${role} (was ${r.was})\n`);
      });
    });
  user
    .command('password <name>')
    .description("set a user's password, read from stdin (or --password-file); their open sessions end")
    .option(...FILE_OPTION)
    .option(...DB_OPTION)
    .action(async (name: string, o: { db?: string; passwordFile?: string }) => {
      const password = await readPassword('password', o, `New password for ${name}: `);
      await withCentralDb('password', o, async (db) => {
        const { setCentralUserPassword } = await import('../../central/db/users');
        const r = await setCentralUserPassword(db, name, password, cliActor());
        if (!r.ok) return fail('password', `${r.detail}; nothing was changed`);
        process.stdout.write(`Central user ${name}: password changed; their sessions are closed\n`);
      });
    });
  user
    .command('log')
    .description('who added users, changed roles, set passwords or disabled users, and when; newest first')
    .option('--limit <n>', 'how many changes to show', '50')
    .option('--json', 'print the changes as JSON')
    .option(...DB_OPTION)
    .action(async (o: { db?: string; limit: string; json?: boolean }) => {
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1) return fail('log', `--limit ${o.limit}: give a whole number of changes, 1 or more`, 2);
      await withCentralDb('log', o, async (db) => {
        const { listUserChanges } = await import('../../central/db/user-changes');
        const changes = await listUserChanges(db, limit);
        if (o.json) {
          const out = changes.map((c) => ({ at: c.at.toISOString(), by: c.by, via: c.via, action: c.action, user: c.user, from: c.from, to: c.to }));
          process.stdout.write(JSON.stringify(out, null, 2) + '\n');
        } else process.stdout.write(changes.length ? changes.map(changeLine).join('') : 'No change to the central users yet\n');
      });
    });
}
