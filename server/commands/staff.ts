// `kiosk staff hash-pin`: turns a PIN into the hash that goes into auth.accounts[].pinHash.
// The PIN is read from stdin (not from the command line, where shell history and `ps` would keep it),
// unless --pin is given for scripts.
// `kiosk staff sessions` / `kiosk staff revoke SESSION_ID`: the open staff sessions of the journal, and ending one
// (journaled), on the journal file itself: a running daemon refuses the session at its next request.
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { hashPin } from '../auth/pin';
import { revokedEvent, SessionStore, sessionView } from '../auth/sessions';
import { openJournal, type Db } from '../../store/db';
import { appendEvent } from '../../store/events';
import { CommandFailed } from './common';
import { journalFile, type JournalOpts } from './journal';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Prints {"pinHash": "scrypt$…"} and returns 0, or prints what is wrong and returns 1. */
interface Sink {
  write(s: string): unknown;
}

export async function hashPinCommand(
  opts: { pin?: string },
  out: Sink = process.stdout,
  err: Sink = process.stderr,
  input: () => Promise<string> = readStdin,
): Promise<number> {
  const pin = (opts.pin ?? (await input())).trim();
  const r = await hashPin(pin);
  if (!r.ok) {
    err.write(`kiosk staff hash-pin: ${r.reason}; nothing was hashed\n`);
    return 1;
  }
  out.write(JSON.stringify({ pinHash: r.hash }) + '\n');
  return 0;
}

/** Opens the journal for `fn`, or says it does not exist (exit 2). */
function onJournal(file: string, command: string, err: Sink, fn: (db: Db) => number): number {
  if (!existsSync(file)) {
    err.write(`kiosk staff ${command}: ${file} does not exist: give --journal FILE or --data DIR\n`);
    return 2;
  }
  const db = openJournal(file);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** Prints {"sessions": [...]}: the open sessions, oldest first (who, where, since when, last seen, page). */
export function sessionsCommand(file: string, out: Sink = process.stdout, err: Sink = process.stderr, now: () => number = Date.now): number {
  return onJournal(file, 'sessions', err, (db) => {
    out.write(JSON.stringify({ sessions: new SessionStore(db, 0, now).list().map(sessionView) }) + '\n');
    return 0;
  });
}

/** Ends an open session, journaled with who ended it (`cli:` and the operating system's user by default). */
export function revokeCommand(
  file: string,
  id: string,
  opts: { reason?: string; by?: string },
  out: Sink = process.stdout,
  err: Sink = process.stderr,
  now: () => number = Date.now,
): number {
  const by = opts.by ?? `cli:${userInfo().username}`;
  return onJournal(file, 'revoke', err, (db) => {
    const at = new Date(now());
    const s = new SessionStore(db, 0, now).revoke(id, by, opts.reason, (ended) =>
      appendEvent(db, { kind: 'auth.revoked', subject: 'auth', payload: revokedEvent(ended, by, opts.reason), at }),
    );
    if (!s) {
      err.write(`kiosk staff revoke: no open session "${id}": it ended or expired already; list them with kiosk staff sessions\n`);
      return 1;
    }
    out.write(JSON.stringify({ ok: true, session: sessionView(s) }) + '\n');
    return 0;
  });
}

const journalOptions = (c: Command) =>
  c
    .option('-c, --config <file>', 'config file giving dataDir')
    .option('-d, --data <dir>', 'data directory holding journal.sqlite')
    .option('-j, --journal <file>', 'the journal file itself');

export function register(program: Command): void {
  const staff = program.command('staff').description('staff accounts of the counters and diagnostics');
  staff
    .command('hash-pin')
    .description('hash a PIN (4-12 digits, read from stdin) for auth.accounts[].pinHash; prints JSON')
    .option('--pin <digits>', 'the PIN (prefer stdin: echo 1234 | kiosk staff hash-pin)')
    .action(async (opts: { pin?: string }) => {
      const code = await hashPinCommand(opts);
      if (code !== 0) process.exit(code);
    });
  journalOptions(staff.command('sessions').description('list the open staff sessions of the journal (who, where, since when, last seen); prints JSON')).action(
    (o: JournalOpts) => {
      const code = sessionsCommand(journalFile(o));
      if (code !== 0) throw new CommandFailed(code);
    },
  );
  journalOptions(
    staff
      .command('revoke')
      .description('end a staff session now (its next request is refused), journaled; exit 1 when no open session has this id')
      .argument('<session-id>', 'the id listed by kiosk staff sessions')
      .option('--reason <text>', 'why (shown to the staff member and journaled)')
      .option('--by <name>', 'who revokes (default cli:<your user name>)'),
  ).action((id: string, o: JournalOpts & { reason?: string; by?: string }) => {
    const code = revokeCommand(journalFile(o), id, o);
    if (code !== 0) throw new CommandFailed(code);
  });
}
