// Online backups of the SQLite journal: SQLite's backup API copies a consistent snapshot while the daemon
// keeps writing (WAL). Every copy is checked after writing: integrity_check, the keyed chain and the payment
// rows (store/verify.ts), and the copy's last event must be the journal's event with the same id and hash
// (the copy is a true prefix). A backup is one self-contained file (rollback journal mode, no -wal/-shm)
// with the journal's chain key beside it as <backup>.key (0600): without it the copy could not be verified.
import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { openJournal, tableNames, type Db } from '../../store/db';
import { integrityProblems, leaveWal } from '../../store/db-file';
import { schemaVersion } from '../../store/migrations';
import { eventCountUpTo, eventHashOf, lastEvent } from '../../store/events';
import { countPayments } from '../../store/payments';
import { keyFileFor, serializeKey, usableKey } from '../../store/chain-key';
import { verifyJournal } from '../../store/verify';
import type { Fail } from '../../shared/result';

export interface BackupCheck {
  ok: boolean;
  file: string;
  bytes: number;
  schemaVersion: number;
  events: number;
  payments: number;
  lastEventId: number | null;
  lastEventHash: string | null;
  problems: string[];
}

/** Opens a backup read-only and checks it on its own: integrity, schema, chain (with <file>.key) and payments. */
export function checkBackupFile(file: string): BackupCheck {
  const base: BackupCheck = { ok: false, file, bytes: 0, schemaVersion: 0, events: 0, payments: 0, lastEventId: null, lastEventHash: null, problems: [] };
  if (!existsSync(file)) return { ...base, problems: [`${file} does not exist`] };
  base.bytes = statSync(file).size;
  let db: Db | undefined;
  try {
    db = openJournal(file, { readonly: true, migrate: false });
    const integrity = integrityProblems(db);
    if (integrity.length) base.problems.push(`integrity_check: ${integrity.join('; ')}`);
    base.schemaVersion = schemaVersion(db);
    const tables = tableNames(db);
    if (!tables.has('events')) {
      base.problems.push('it has no events table: it is not a kiosk journal');
    } else {
      const v = verifyJournal(db);
      base.events = v.count;
      if (v.status === 'cannot-verify') base.problems.push(v.reason ?? 'it cannot be verified');
      else if (!v.ok) base.problems.push(`it fails verification: ${v.problems.join('; ')}`);
      const last = lastEvent(db);
      base.lastEventId = last?.id ?? null;
      base.lastEventHash = last?.hash ?? null;
    }
    if (tables.has('payments')) base.payments = countPayments(db);
  } catch (err) {
    base.problems.push(`cannot read it as SQLite: ${(err as Error).message}`);
  } finally {
    db?.close();
  }
  return { ...base, ok: base.problems.length === 0 };
}

export type BackupResult = { ok: true; check: BackupCheck; ms: number } | Fail<string, { check?: BackupCheck }>;

/**
 * Writes a checked backup of `db` to `out` (mode 0600). It is written beside the target as a temporary
 * file and renamed only once it passed the checks, so `out` is never a half-written or bad copy.
 */
export async function backupJournal(db: Db, out: string): Promise<BackupResult> {
  const started = Date.now();
  const dir = dirname(out);
  if (!existsSync(dir)) return { ok: false, reason: `the directory ${dir} does not exist: create it or choose another --out` };
  if (existsSync(keyFileFor(out))) return { ok: false, reason: `${keyFileFor(out)} already exists; choose a new file name (a backup never overwrites a file)` };
  const tmp = join(dir, `.${basename(out)}.${process.pid}.partial`);
  const removeTmp = () => {
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`, `${tmp}-journal`, keyFileFor(tmp)]) rmSync(f, { force: true });
  };
  try {
    const key = usableKey(db);
    await db.backup(tmp);
    chmodSync(tmp, 0o600);
    // The copy leaves WAL mode: one file, nothing beside it but its key.
    leaveWal(tmp);
    if (key) writeFileSync(keyFileFor(tmp), serializeKey(key), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    removeTmp();
    return { ok: false, reason: `backup to ${out} failed while copying: ${(err as Error).message}` };
  }
  const check = checkBackupFile(tmp);
  // The copy must be a prefix of the live journal: its last event exists here with the same hash.
  if (check.lastEventId !== null) {
    if (eventHashOf(db, check.lastEventId) !== check.lastEventHash)
      check.problems.push(`the copy's last event ${check.lastEventId} does not match the journal's`);
  }
  const ownEvents = eventCountUpTo(db, check.lastEventId ?? 0);
  if (ownEvents !== check.events) check.problems.push(`the copy has ${check.events} events up to id ${check.lastEventId}, the journal ${ownEvents}`);
  check.ok = check.problems.length === 0;
  if (!check.ok) {
    removeTmp();
    return { ok: false, reason: `the backup did not pass its check and was deleted: ${check.problems.join('; ')}`, check: { ...check, file: out } };
  }
  if (existsSync(keyFileFor(tmp))) renameSync(keyFileFor(tmp), keyFileFor(out));
  renameSync(tmp, out);
  for (const f of [`${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
  return { ok: true, check: { ...check, file: out }, ms: Date.now() - started };
}

export const BACKUP_NAME = /^journal-(\d{8}T\d{6}Z)\.sqlite$/;

export function backupName(at: Date): string {
  return `journal-${at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')}.sqlite`;
}

/** Backups in `dir`, newest first. */
export function listBackups(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => BACKUP_NAME.test(f))
    .sort()
    .reverse()
    .map((f) => join(dir, f));
}

/** A timestamped, checked backup in `dir` (made 0700), then all but the newest `keep` are deleted. */
export async function rotatingBackup(db: Db, dir: string, keep: number, at = new Date()): Promise<BackupResult & { removed?: string[] }> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const r = await backupJournal(db, join(dir, backupName(at)));
  if (!r.ok) return r;
  const removed = listBackups(dir).slice(keep);
  for (const f of removed) {
    rmSync(f, { force: true });
    rmSync(keyFileFor(f), { force: true });
  }
  return { ...r, removed };
}
