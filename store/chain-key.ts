// The per-journal secret that keys the hash chain (HMAC-SHA256). It lives OUTSIDE the database, beside it as
// `<journal>.key` (mode 0600), so someone who edits or copies the database file alone cannot recompute the
// chain. The file also says from which event the chain is keyed: journals written by older versions keep
// their unkeyed links before that point, and moving the marker inside the database cannot downgrade them.
//
// A connection learns its key once, when store/db.ts opens it; appendEvent and the verifier read it from
// here (no statement per event).
import { createHmac, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, linkSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';

type Db = Database.Database;

/** The schema version (migration 009) from which a journal has a chain key. */
export const CHAIN_KEY_VERSION = 9;
export const KEY_FORMAT = 'kiosk-journal-key/1';

export interface ChainKey {
  key: Buffer;
  /** A keyed fingerprint: names the key without revealing it. */
  keyId: string;
  /** The first event id linked with the HMAC; earlier ones keep the unkeyed SHA-256 link. */
  keyedFrom: number;
  createdAt: string;
}

export type ChainState =
  | { keyed: false }
  | { keyed: true; key: ChainKey }
  /** The journal has a key but this connection cannot use it (missing or wrong key file): why and what to do. */
  | { keyed: true; key: null; problem: string };

const states = new WeakMap<Db, ChainState>();

export function keyFileFor(journalFile: string): string {
  return `${journalFile}.key`;
}

export function keyIdOf(key: Buffer): string {
  return createHmac('sha256', key).update('kiosk journal key id').digest('hex').slice(0, 16);
}

export function setChainState(db: Db, state: ChainState): void {
  states.set(db, state);
}

/**
 * The chain state of a connection. One not opened through store/db.ts (a raw connection in a test, or an
 * older schema) is looked at once: a keyed journal refuses it, since writing without the key would break the
 * chain; an unkeyed one is written with the unkeyed link, as older versions did.
 */
export function chainStateOf(db: Db): ChainState {
  let s = states.get(db);
  if (!s) {
    const keyed =
      db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'journal_chain'").get() !== undefined &&
      db.prepare('SELECT 1 FROM journal_chain').get() !== undefined;
    s = keyed
      ? { keyed: true, key: null, problem: `the connection to ${db.name} was not opened with store/db.ts openJournal, so it has no chain key` }
      : { keyed: false };
    states.set(db, s);
  }
  return s;
}

/** The key of a keyed journal, or an error saying why it cannot be used. Unkeyed journals give null. */
export function usableKey(db: Db): ChainKey | null {
  const s = chainStateOf(db);
  if (!s.keyed) return null;
  if (s.key === null) throw new ChainKeyError(s.problem);
  return s.key;
}

export class ChainKeyError extends Error {}

export function serializeKey(k: ChainKey): string {
  return JSON.stringify({ format: KEY_FORMAT, key: k.key.toString('base64'), keyId: k.keyId, keyedFrom: k.keyedFrom, createdAt: k.createdAt }) + '\n';
}

export function newKey(keyedFrom: number, at = new Date()): ChainKey {
  const key = randomBytes(32);
  return { key, keyId: keyIdOf(key), keyedFrom, createdAt: at.toISOString() };
}

export type KeyRead = { ok: true; key: ChainKey } | { ok: false; missing: boolean; reason: string };

export function readKeyFile(file: string): KeyRead {
  if (!existsSync(file)) return { ok: false, missing: true, reason: `${file} is missing` };
  try {
    const j = JSON.parse(readFileSync(file, 'utf8')) as { format?: unknown; key?: unknown; keyId?: unknown; keyedFrom?: unknown; createdAt?: unknown };
    if (j.format !== KEY_FORMAT || typeof j.key !== 'string' || !Number.isInteger(j.keyedFrom) || typeof j.createdAt !== 'string')
      throw new Error(`not a ${KEY_FORMAT} file`);
    const key = Buffer.from(j.key, 'base64');
    if (key.length !== 32 || keyIdOf(key) !== j.keyId) throw new Error('the key does not match its own fingerprint (damaged)');
    return { ok: true, key: { key, keyId: j.keyId, keyedFrom: j.keyedFrom as number, createdAt: j.createdAt } };
  } catch (err) {
    return { ok: false, missing: false, reason: `${file} cannot be used: ${(err as Error).message}` };
  }
}

/**
 * Writes a key file once: never over an existing one (a key is never replaced). Written beside, flushed,
 * then linked into place, so a crash leaves either no key file or a whole one.
 */
export function writeKeyFile(file: string, k: ChainKey): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, serializeKey(k));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, file);
  } finally {
    rmSync(tmp, { force: true });
  }
  const dfd = openSync(dirname(file), 'r');
  try {
    fsyncSync(dfd);
  } finally {
    closeSync(dfd);
  }
}

/** HMAC-SHA256 of `parts` (JSON-encoded) under the journal key, hex. */
export function mac(key: Buffer, parts: unknown[]): string {
  return createHmac('sha256', key).update(JSON.stringify(parts)).digest('hex');
}
