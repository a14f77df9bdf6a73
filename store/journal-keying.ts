// Gives a connection its chain key (store/chain-key.ts), making the key for a journal that has none yet:
// a new journal, or one written by an older version (then its payment rows are sealed at once, so they
// are covered from the upgrade on). A journal that HAS a key and whose key file is missing or wrong is an
// error that says what to do: a new key is never made for it, since that would bless whatever was done to
// the file while its key was away.
import type Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { ChainKeyError, keyFileFor, newKey, readKeyFile, setChainState, writeKeyFile, type ChainKey } from './chain-key';
import { appendEvent } from './events';
import { refundSealOf, sealOf, type PaymentRowRaw } from './payment-seal';

type Db = Database.Database;

interface ChainRow {
  key_id: string;
  keyed_from: number;
  created_at: string;
}

function chainRow(db: Db): ChainRow | undefined {
  return db.prepare('SELECT key_id, keyed_from, created_at FROM journal_chain').get() as ChainRow | undefined;
}

const RESTORE_HINT =
  'Copy it back from beside your latest backup (every backup has its key as <backup file>.key, e.g. ' +
  'cp <backups>/journal-<time>.sqlite.key <journal>.key; mode 0600, owned by the kiosk user) and start again. ' +
  'Do not delete the journal or make a new key: its history could then no longer be verified.';

/** Why the key file of a keyed journal cannot be used, or null when it can. */
function keyProblem(file: string, row: ChainRow, read: ReturnType<typeof readKeyFile>): string | null {
  if (!read.ok)
    return read.missing
      ? `the chain key ${file} of this journal is missing (the journal has had a key since ${row.created_at}). ${RESTORE_HINT}`
      : `the chain key ${read.reason}. ${RESTORE_HINT}`;
  if (read.key.keyId !== row.key_id)
    return `the chain key ${file} (key ${read.key.keyId}) belongs to another journal: this one was keyed with key ${row.key_id}. ${RESTORE_HINT}`;
  if (read.key.keyedFrom !== row.keyed_from)
    return (
      `the chain key ${file} says the chain is keyed from event ${read.key.keyedFrom}, the journal says ${row.keyed_from}: one of them was altered. ` +
      'Keep both as evidence and restore the last good backup (kiosk restore).'
    );
  return null;
}

/**
 * Attaches the chain key to `db` (schema 009 or later). With `create`, a journal without a key gets one,
 * inside the write lock so two processes opening a new journal agree on one key.
 */
export function attachChainKey(db: Db, opts: { create: boolean }): void {
  const memory = db.memory;
  const file = keyFileFor(db.name);
  const load = (row: ChainRow): void => {
    if (memory) throw new ChainKeyError('an in-memory journal has no key file');
    const read = readKeyFile(file);
    const problem = keyProblem(file, row, read);
    if (problem === null && read.ok) return setChainState(db, { keyed: true, key: read.key });
    if (!db.readonly) throw new ChainKeyError(problem!);
    setChainState(db, { keyed: true, key: null, problem: problem! });
  };
  const row = chainRow(db);
  if (row) return load(row);
  if (!opts.create) return setChainState(db, { keyed: false });
  db.transaction(() => {
    const again = chainRow(db);
    if (again) return load(again);
    const next = (
      db
        .prepare("SELECT max(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0), COALESCE((SELECT max(id) FROM events), 0)) + 1 AS n")
        .get() as { n: number }
    ).n;
    const key = memory ? newKey(next) : keyForNewChain(file, next);
    db.prepare('INSERT INTO journal_chain (one, key_id, keyed_from, created_at) VALUES (1, ?, ?, ?)').run(key.keyId, key.keyedFrom, key.createdAt);
    setChainState(db, { keyed: true, key });
    sealExistingPayments(db, key);
  }).immediate();
}

/**
 * The key for a journal that has none. A key file already there was made by a run that died before its
 * journal row was committed; it is taken only if no event was written since (else it is not this chain's).
 */
function keyForNewChain(file: string, next: number): ChainKey {
  if (existsSync(file)) {
    const read = readKeyFile(file);
    if (read.ok && read.key.keyedFrom === next) return read.key;
    throw new ChainKeyError(
      `${file} exists but this journal records no chain key` +
        (read.ok ? ` (the file is for event ${read.key.keyedFrom} on, the journal's next event is ${next})` : `: ${read.reason}`) +
        '. If the journal was replaced by hand, move the key file aside with it; ' +
        "if not, the journal's key record was removed: keep both as evidence and restore the last good backup (kiosk restore).",
    );
  }
  const key = newKey(next);
  writeKeyFile(file, key);
  return key;
}

/** One `journal.sealed` event per payment row already there, so rows written by older versions are covered too. */
function sealExistingPayments(db: Db, key: ChainKey): void {
  const rows = db.prepare('SELECT * FROM payments ORDER BY created_at, id').all() as PaymentRowRaw[];
  for (const row of rows) appendEvent(db, { kind: 'journal.sealed', subject: row.id, payload: { table: 'payments', seal: sealOf(key, row) } });
}

/**
 * One `journal.sealed` event per refund row that no event seals yet: refunds written before they were sealed
 * (migration 022, before 023). Run after a migration, in the journal's write lock; a journal whose refunds are all
 * sealed finds none. Returns how many it sealed.
 */
export function sealUnsealedRefunds(db: Db, key: ChainKey): number {
  if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'refunds'").get()) return 0;
  return db
    .transaction(() => {
      const rows = db
        .prepare(
          `SELECT * FROM refunds r WHERE NOT EXISTS (
             SELECT 1 FROM events e WHERE e.subject = r.id AND json_extract(e.payload, '$.seal') IS NOT NULL
               AND (e.kind LIKE 'refund.%' OR (e.kind = 'journal.sealed' AND json_extract(e.payload, '$.table') = 'refunds')))
           ORDER BY created_at, id`,
        )
        .all() as PaymentRowRaw[];
      for (const row of rows) appendEvent(db, { kind: 'journal.sealed', subject: row.id, payload: { table: 'refunds', seal: refundSealOf(key, row) } });
      return rows.length;
    })
    .immediate();
}
