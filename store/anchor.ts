// The anchor: the journal's head (event count, last id, last hash) written OUTSIDE the journal, beside the
// backups (another disk, ideally), MAC'd with the chain key. The chain alone cannot show that its last events
// were cut off, nor (to someone holding the key) that it was recomputed; the anchor can, back to the moment it
// was written. The post hub and the central service will hold copies of it too.
//
// When it is written (server/backup/schedule.ts): right after every money event (payment.*, day.*), at
// start-up, every minute while events come in, after every backup and at shutdown; `kiosk backup` and
// `kiosk restore` write it too. Each write is a temporary file, fsync, rename (and an fsync of the folder for the
// first write of a process), off the payment's path (after its commit, coalesced). What stays undetectable: the
// events after the last anchor (at most a minute of non-money events, or the instants between a money event's
// commit and its anchor) can be cut off by anyone who can write the file, and rewritten by someone who also has
// the key.
//
// The anchored head is on the disk before the anchor is. Some commits do not wait for the disk (store/commit.ts
// commitWithoutFsync: check-in and print-job steps, the hub's numbers); a power cut may take them back. An anchor
// naming one of them, on the disk before it, would make the next start call the journal cut ("events were removed
// from the end") and stop anchoring it. So a money event's anchor names that event (its commit flushed the WAL
// with everything before it), and an anchor of the whole head syncs the WAL first (store/journal-sync.ts, on the
// thread pool) when such a commit was made since the anchorer's last sync.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Db } from './db';
import { mac, usableKey, type ChainKey } from './chain-key';
import { insideLazyCommit, lazyCommitCount } from './commit';
import { eventCountUpTo, eventHashOf, lastEvent, onMoneyEvent } from './events';
import { journalSync } from './journal-sync';
import { prepared } from './statements';

export const ANCHOR_FORMAT = 'kiosk-journal-anchor/1';

export interface Head {
  count: number;
  lastId: number;
  hash: string;
}
export interface Anchor extends Head {
  format: string;
  keyId: string;
  at: string;
  mac: string;
}

/** `<backup dir>/<journal file name>.anchor`; the backup dir defaults to `<journal's folder>/backups`. */
export function anchorFileFor(journalFile: string, backupDir?: string): string {
  return join(backupDir ?? join(dirname(journalFile), 'backups'), `${basename(journalFile)}.anchor`);
}

export function journalHead(db: Db): Head | null {
  const last = lastEvent(db);
  return last && { count: eventCountUpTo(db, last.id), lastId: last.id, hash: last.hash };
}

function anchorMac(key: ChainKey, a: Omit<Anchor, 'mac'>): string {
  return mac(key.key, [a.format, a.keyId, a.count, a.lastId, a.hash, a.at]);
}

export function signAnchor(key: ChainKey, head: Head, at = new Date()): Anchor {
  const a = { format: ANCHOR_FORMAT, keyId: key.keyId, count: head.count, lastId: head.lastId, hash: head.hash, at: at.toISOString() };
  return { ...a, mac: anchorMac(key, a) };
}

export type AnchorRead = { ok: true; anchor: Anchor } | { ok: false; missing: boolean; reason: string };

export function readAnchor(file: string): AnchorRead {
  if (!existsSync(file)) return { ok: false, missing: true, reason: `no anchor at ${file}` };
  try {
    const a = JSON.parse(readFileSync(file, 'utf8')) as Anchor;
    if (a.format !== ANCHOR_FORMAT || !Number.isInteger(a.count) || !Number.isInteger(a.lastId) || typeof a.hash !== 'string' || typeof a.mac !== 'string')
      throw new Error(`not a ${ANCHOR_FORMAT} file`);
    return { ok: true, anchor: a };
  } catch (err) {
    return { ok: false, missing: false, reason: `the anchor ${file} cannot be read: ${(err as Error).message}` };
  }
}

/** What is wrong between the journal and an anchor of it; empty when the journal extends the anchored head. */
export function anchorProblems(db: Db, key: ChainKey, a: Anchor, file: string): string[] {
  if (a.keyId !== key.keyId)
    return [
      `the anchor ${file} belongs to another journal (key ${a.keyId}; this journal's key is ${key.keyId}): the journal was replaced. ` +
        'If that was done on purpose, move the anchor aside',
    ];
  const { mac: stated, ...rest } = a;
  if (anchorMac(key, rest) !== stated) return [`the anchor ${file} was altered (its MAC does not match)`];
  const row = prepared(db, 'SELECT hash FROM events WHERE id = ?').get(a.lastId) as { hash: string } | undefined;
  if (!row) {
    const head = journalHead(db);
    return [
      `the anchor ${file} (written ${a.at}) records ${a.count} events ending with event ${a.lastId}, ` +
        `but the journal has ${head?.count ?? 0} events${head ? ` ending with event ${head.lastId}` : ''}: events were removed from the end`,
    ];
  }
  if (row.hash !== a.hash)
    return [`event ${a.lastId} is not the one anchored in ${file} at ${a.at}: the journal was rewritten (its chain recomputed) after it was anchored`];
  const n = eventCountUpTo(db, a.lastId);
  if (n !== a.count) return [`the journal has ${n} events up to event ${a.lastId}, the anchor ${file} records ${a.count}: events were removed or inserted`];
  return [];
}

/**
 * Written beside, flushed, renamed into place, folder flushed: a crash leaves the old anchor or the new one.
 * `syncFolder: false` leaves the rename to the file system's own schedule: for an anchor that replaces one of the same
 * journal's heads, whose loss in a power cut leaves that older head, still a prefix of the journal.
 */
export async function writeAnchorFile(file: string, a: Anchor, o: { syncFolder?: boolean } = {}): Promise<void> {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  const fh = await open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(JSON.stringify(a) + '\n');
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  if (o.syncFolder === false) return;
  const dir = await open(dirname(file), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

export type AnchorResult = { ok: true; written: boolean; anchor: Anchor | null } | { ok: false; refused: boolean; reason: string };

export interface Anchorer {
  /** Anchor the current head soon (coalesced; never blocks the caller). */
  request(): void;
  /** Anchor the current head now and wait for it. */
  flush(): Promise<AnchorResult>;
  /** Stop listening to money events; waits for a write in progress. */
  close(): Promise<void>;
}

/**
 * Keeps `file` at the head of `db`. Before its first write it checks that the anchor already there is a
 * prefix of this journal: if not, it refuses to overwrite it (that would bless a cut or rewritten journal)
 * and reports the problem once through `onProblem`.
 */
export function createAnchorer(
  db: Db,
  file: string,
  onProblem: (message: string, refused: boolean) => void = () => {},
  opts: {
    onMoneyEvents?: boolean;
    /** Makes every commit made on `db` so far durable (default: an fdatasync of its WAL, store/journal-sync.ts). */
    syncJournal?: () => Promise<void>;
  } = {},
): Anchorer {
  let known: Head | null = null;
  // The lazy commits counted at the last sync; none yet: the first anchor syncs, for the commits a process that
  // stopped without a checkpoint (a crash, a kill) may have left in the operating system's cache only.
  let syncedLazy = -1;
  // The last money event whose commit waited for the disk (a payment's step), with the lazy commits counted then.
  let durableMoney: { id: number; lazy: number } | null = null;
  // Asked for the whole head (start-up, the minute, a backup, the stop), not only for a money event.
  let wholeAsked = false;
  let sync: (() => Promise<void>) | null = opts.syncJournal ?? null;
  const syncJournal = async (): Promise<void> => {
    sync ??= journalSync(db);
    try {
      await sync();
    } catch (err) {
      // No WAL file: every commit is in the journal's file, written and flushed by the checkpoint that emptied it.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  };
  let refused: string | null = null;
  let pending = false;
  let running: Promise<AnchorResult> | null = null;
  let last: AnchorResult = { ok: true, written: false, anchor: null };

  /** The head as it was at event `id` (a committed one, after the last anchored). */
  const headUpTo = (id: number): Head => {
    const count = known
      ? known.count + (prepared(db, 'SELECT count(*) AS n FROM events WHERE id > ? AND id <= ?').get(known.lastId, id) as { n: number }).n
      : eventCountUpTo(db, id);
    return { count, lastId: id, hash: eventHashOf(db, id)! };
  };

  const headNow = (): Head | null => {
    if (!known) return journalHead(db);
    const more = prepared(db, 'SELECT count(*) AS n, max(id) AS last FROM events WHERE id > ?').get(known.lastId) as { n: number; last: number | null };
    if (more.n === 0 || more.last === null) return known;
    return { count: known.count + more.n, lastId: more.last, hash: eventHashOf(db, more.last)! };
  };

  const once = async (): Promise<AnchorResult> => {
    try {
      return await attempt();
    } catch (err) {
      const message = `cannot anchor the journal: ${(err as Error).message}`;
      onProblem(message, false);
      return { ok: false, refused: false, reason: message };
    }
  };

  const attempt = async (): Promise<AnchorResult> => {
    if (refused) return { ok: false, refused: true, reason: refused };
    if (!db.open) return { ok: true, written: false, anchor: null };
    const key = usableKey(db);
    if (!key) return { ok: true, written: false, anchor: null };
    if (!known) {
      const prior = readAnchor(file);
      const problems = prior.ok ? anchorProblems(db, key, prior.anchor, file) : prior.missing ? [] : [prior.reason];
      if (problems.length) {
        refused = `${problems.join('; ')}. The anchor was NOT overwritten: run kiosk journal verify, keep the journal and the anchor as evidence`;
        onProblem(refused, true);
        return { ok: false, refused: true, reason: refused };
      }
    }
    // Read in the same turn of the loop as the head: every commit the head includes is counted.
    const lazy = lazyCommitCount(db);
    let head = headNow();
    const whole = wholeAsked;
    wholeAsked = false;
    if (!head || (known && head.lastId === known.lastId)) return { ok: true, written: false, anchor: null };
    // A payment's step flushed the WAL at its commit, with every lazy commit before it. With none since (every commit
    // after it waited for the disk too) the head is on the disk. With some, the head up to that step is: a money
    // event's anchor names the money event, and the lazy commits after it wait for the next anchor (the minute's,
    // or the next payment step's). No sync either way; its id is checked first: a transaction that threw took it back.
    const money = durableMoney && lazy !== syncedLazy && eventHashOf(db, durableMoney.id) !== undefined ? durableMoney : null;
    if (money?.lazy === lazy) syncedLazy = lazy;
    else if (money && !whole && (!known || money.id > known.lastId)) head = headUpTo(money.id);
    // (A head that is the money event itself needs no sync: what was committed lazily after it holds no event.)
    if (lazy !== syncedLazy && head.lastId !== money?.id) {
      try {
        await syncJournal();
      } catch (err) {
        const message = `cannot anchor the journal: its WAL could not be flushed to the disk (${(err as Error).message})`;
        onProblem(message, false);
        return { ok: false, refused: false, reason: message };
      }
      syncedLazy = lazy;
      // The commits made while it ran (a payment's next step) waited for the disk unless counted as lazy: when none
      // was, the newer head is on the disk too, and anchoring it now saves the write they asked for.
      if (db.open && lazyCommitCount(db) === lazy) head = headNow() ?? head;
    }
    const anchor = signAnchor(key, head);
    try {
      // The first write of this anchorer may replace an anchor of another journal moved aside (kiosk restore) or
      // a file left by an earlier run: its rename is flushed. Later ones replace this anchorer's own, a prefix.
      await writeAnchorFile(file, anchor, { syncFolder: known === null });
    } catch (err) {
      const message = `cannot write the journal anchor ${file}: ${(err as Error).message}`;
      onProblem(message, false);
      return { ok: false, refused: false, reason: message };
    }
    known = head;
    return { ok: true, written: true, anchor };
  };

  const pump = (): Promise<AnchorResult> => {
    running ??= (async () => {
      while (pending) {
        pending = false;
        last = await once();
      }
      return last;
    })().finally(() => {
      running = null;
    });
    return running;
  };

  const request = () => {
    wholeAsked = true;
    pending = true;
    // After the caller's transaction: appendEvent may run inside one, and only a committed head is anchored.
    setImmediate(() => void pump());
  };
  const onMoney = (id: number) => {
    // Committed with the caller's transaction, which waits for the disk unless it runs in a commit without fsync.
    // Its id is checked before it is trusted: a transaction that threw took it back, unflushed.
    if (!insideLazyCommit(db)) durableMoney = { id, lazy: lazyCommitCount(db) };
    pending = true;
    // After the caller's transaction, as request().
    setImmediate(() => void pump());
  };
  const listening = opts.onMoneyEvents ?? true;
  if (listening) onMoneyEvent(db, onMoney);
  return {
    request,
    flush: async () => {
      await running;
      wholeAsked = true;
      pending = true;
      return pump();
    },
    close: async () => {
      if (listening) onMoneyEvent(db, null);
      await running;
    },
  };
}

/** One anchor now (kiosk backup, kiosk restore): the same checks and write as the daemon's. */
export async function anchorJournal(db: Db, file: string): Promise<AnchorResult> {
  const a = createAnchorer(db, file, () => {}, { onMoneyEvents: false });
  try {
    return await a.flush();
  } finally {
    await a.close();
  }
}
