// Restoring a backup over the journal. Refused (as values) when the backup fails its check, or when a
// process holds the journal open or a daemon answers on the configured port: swapping the file under a
// running daemon would lose its writes and could corrupt the database. The current journal is never
// overwritten: it is checkpointed and moved aside as journal.sqlite.before-restore-<time>, with its chain key.
// The backup's key comes with it, and the anchor is moved aside and rewritten for the restored head: the
// events after the backup are dropped on purpose here, and the old anchor would call that a cut journal.
import { chmodSync, copyFileSync, existsSync, readdirSync, readlinkSync, renameSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { basename, dirname, join, resolve } from 'node:path';
import { openJournal } from '../../store/db';
import { foldWal } from '../../store/db-file';
import { keyFileFor } from '../../store/chain-key';
import { anchorJournal } from '../../store/anchor';
import { checkBackupFile, type BackupCheck } from './backup';
import type { Fail } from '../../shared/result';

/** The daemon's systemd unit (deploy/kiosk-daemon.service). */
export const DAEMON_UNIT = 'kiosk-daemon';
const STOP_DAEMON_FIRST = `stop it first (systemctl stop ${DAEMON_UNIT}, or Ctrl-C on \`kiosk start\`), then run kiosk restore again`;

export interface RestoreOptions {
  backup: string;
  journal: string;
  /** The daemon's address from the config: a daemon answering there may hold the journal. */
  daemon?: { host: string; port: number };
  /** The journal's anchor (store/anchor.ts): moved aside and rewritten for the restored journal. */
  anchorFile?: string;
  now?: Date;
}

export type RestoreResult =
  | { ok: true; journal: string; movedAside: string | null; check: BackupCheck; anchor: { file: string; previous: string | null } | { problem: string } | null }
  | Fail<'bad-backup' | 'in-use' | 'failed', { detail: string; check?: BackupCheck }>;

/** Processes (other than this one) with the file open, from /proc; empty where /proc is not readable. */
export function holdersOf(file: string): number[] {
  const target = resolve(file);
  const wanted = new Set([target, `${target}-wal`, `${target}-shm`]);
  const pids: number[] = [];
  let procs: string[];
  try {
    procs = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return pids;
  }
  for (const pid of procs) {
    if (Number(pid) === process.pid) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (wanted.has(readlinkSync(`/proc/${pid}/fd/${fd}`))) {
          pids.push(Number(pid));
          break;
        }
      } catch {
        /* the fd closed meanwhile */
      }
    }
  }
  return pids;
}

export function portAnswers(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((done) => {
    const s = connect({ host, port });
    const end = (v: boolean) => {
      s.destroy();
      done(v);
    };
    s.setTimeout(timeoutMs, () => end(false));
    s.once('connect', () => end(true));
    s.once('error', () => end(false));
  });
}

export async function restoreJournal(o: RestoreOptions): Promise<RestoreResult> {
  const check = checkBackupFile(o.backup);
  if (!check.ok)
    return { ok: false, reason: 'bad-backup', check, detail: `${o.backup} is not a good backup, nothing was restored: ${check.problems.join('; ')}` };
  const holders = holdersOf(o.journal);
  if (holders.length)
    return {
      ok: false,
      reason: 'in-use',
      detail: `the journal ${o.journal} is open in process ${holders.join(', ')} (a running kiosk daemon?): ${STOP_DAEMON_FIRST}`,
    };
  if (o.daemon && o.daemon.port > 0 && (await portAnswers(o.daemon.host === '0.0.0.0' ? '127.0.0.1' : o.daemon.host, o.daemon.port))) {
    return {
      ok: false,
      reason: 'in-use',
      detail: `a kiosk daemon answers on ${o.daemon.host}:${o.daemon.port} and may hold the journal: ${STOP_DAEMON_FIRST}`,
    };
  }
  const stamp = (o.now ?? new Date())
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  let movedAside: string | null = null;
  const key = keyFileFor(o.journal);
  const putBack = () => {
    rmSync(o.journal, { force: true });
    rmSync(key, { force: true });
    if (movedAside) {
      renameSync(movedAside, o.journal);
      if (existsSync(keyFileFor(movedAside))) renameSync(keyFileFor(movedAside), key);
    }
  };
  try {
    if (existsSync(o.journal)) {
      // Fold the WAL into the file first: committed rows still in journal.sqlite-wal must move with it.
      foldWal(o.journal);
      movedAside = `${o.journal}.before-restore-${stamp}`;
      renameSync(o.journal, movedAside);
      for (const ext of ['-wal', '-shm']) if (existsSync(o.journal + ext)) renameSync(o.journal + ext, movedAside + ext);
      if (existsSync(key)) renameSync(key, keyFileFor(movedAside));
    }
    const tmp = join(dirname(o.journal), `.${basename(o.journal)}.restoring`);
    copyFileSync(o.backup, tmp);
    chmodSync(tmp, 0o600);
    if (existsSync(keyFileFor(o.backup))) {
      copyFileSync(keyFileFor(o.backup), keyFileFor(tmp));
      chmodSync(keyFileFor(tmp), 0o600);
      renameSync(keyFileFor(tmp), key);
    }
    renameSync(tmp, o.journal);
  } catch (err) {
    return {
      ok: false,
      reason: 'failed',
      detail: `restore failed: ${(err as Error).message}${movedAside ? `; the previous journal is kept as ${movedAside}` : ''}`,
    };
  }
  const after = checkBackupFile(o.journal);
  if (!after.ok || after.lastEventHash !== check.lastEventHash || after.events !== check.events) {
    putBack();
    return {
      ok: false,
      reason: 'failed',
      check: after,
      detail: `the restored journal did not match the backup (${after.problems.join('; ') || 'different last event'}); the previous journal was put back`,
    };
  }
  return { ok: true, journal: o.journal, movedAside, check: after, anchor: o.anchorFile ? await reanchor(o.journal, o.anchorFile, stamp) : null };
}

/** The old anchor is kept aside (it is evidence of what the journal held before), a new one written. */
async function reanchor(journal: string, file: string, stamp: string): Promise<{ file: string; previous: string | null } | { problem: string }> {
  let previous: string | null = null;
  try {
    if (existsSync(file)) renameSync(file, (previous = `${file}.before-restore-${stamp}`));
    const db = openJournal(journal, { readonly: true, migrate: false });
    try {
      const r = await anchorJournal(db, file);
      return r.ok ? { file, previous } : { problem: r.reason };
    } finally {
      db.close();
    }
  } catch (err) {
    return { problem: `the restored journal could not be anchored in ${file}: ${(err as Error).message}` };
  }
}
