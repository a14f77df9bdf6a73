// The hub's own work per number allocated (issue 14, post scale), without HTTP, TLS or other processes: what the group
// commit of server/post/numbers/group-commit.ts runs for POST /api/post/tickets (the request key's lookup, the queue's
// issueTicket with its events, the key's record, in groups of 1 and of 3 as the replay of bench/post.bench.ts part 4
// forms them) on a real journal file, its sync a no-op (off the loop in the hub). Reported per ticket: the process's
// CPU (user, system: the system part is mostly the WAL's frames written at each commit), the group's commit on the
// loop, the WAL frames each group appends, and how many transaction functions and pragma statements the path makes
// (better-sqlite3 builds both anew at each call: store/immediate.ts, store/commit.ts). bench/post.bench.ts measures the
// same path inside the daemon, among five kiosk processes on a shared machine: its figures move with the machine's
// load, these much less, so a change of the allocation path is compared here first (alternate runs before and after).
//   npx tsx bench/post-alloc.bench.ts [tickets]      (default 3000 per group size)
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { openJournal, type Db } from '../store/db';
import { recordRequest, ticketForRequest } from '../store/post-numbers';
import { QueueConfig } from '../server/queue/config';
import { QueueService } from '../server/queue/service';
import { groupCommit, groupCommitChannel, type GroupCommitStats } from '../server/post/numbers/group-commit';
import { benchTempDir, table } from './support';

const TICKETS = Number(process.argv[2]) || 3000;
const SERVICES = [
  { code: 'visa', prefix: 'A', name: { fr: 'Visa' } },
  { code: 'passport', prefix: 'C', name: { fr: 'Passeport' } },
];
const consulate = { code: 'FR-PAR', timeZone: 'Europe/Paris' };

/** Counts the calls of `method` on `db` while `on()` is true. */
function counting(db: Db, method: 'transaction' | 'pragma', on: () => boolean): { n: number } {
  const count = { n: 0 };
  const original = db[method].bind(db) as (...a: unknown[]) => unknown;
  (db as unknown as Record<string, unknown>)[method] = (...a: unknown[]) => {
    if (on()) count.n++;
    return original(...a);
  };
  return count;
}

async function run(groupSize: number): Promise<Record<string, string | number>> {
  const tmp = benchTempDir('post-alloc-');
  const file = join(tmp.dir, 'hub.sqlite');
  const db = openJournal(file);
  const config = QueueConfig.parse({ counters: [{ id: '1', services: ['visa', 'passport'] }], numbering: { start: 1, end: 9999, wrap: true, digits: 4 } });
  const queue = new QueueService({ db, consulate, services: SERVICES, kioskId: 'HUB', config });
  let measuring = false;
  const transactions = counting(db, 'transaction', () => measuring);
  const pragmas = counting(db, 'pragma', () => measuring);
  // No checkpoint worker: the WAL keeps every frame of the measured groups, to be counted.
  db.pragma('wal_autocheckpoint = 0');
  const groups = groupCommit(
    db,
    undefined,
    (g) => queue.sameEstimates(g),
    () => Promise.resolve(),
    () => null,
  );
  let commitMs = 0;
  const onGroup = (s: unknown) => {
    if (measuring) commitMs += (s as GroupCommitStats).commitMs;
  };
  groupCommitChannel.subscribe(onGroup);
  const round = async (n: number) => {
    for (let i = 0; i < n; i += groupSize)
      await Promise.all(
        Array.from({ length: groupSize }, (_, j) => {
          const kiosk = `K${j + 1}`;
          const key = randomUUID();
          return groups.run(() => {
            const known = ticketForRequest(db, kiosk, key);
            if (known) return known;
            const out = queue.issueTicket({ service: (i + j) % 3 ? 'visa' : 'passport', kind: 'walk-in', persons: 1, lang: 'fr' }, { id: `kiosk:${kiosk}` });
            if (out.ok) recordRequest(db, kiosk, key, out.ticket.id, new Date());
            return out;
          });
        }),
      );
  };
  try {
    await round(600);
    db.pragma('wal_checkpoint(TRUNCATE)');
    measuring = true;
    const cpu0 = process.cpuUsage();
    await round(TICKETS);
    const cpu = process.cpuUsage(cpu0);
    measuring = false;
    const frames = (statSync(`${file}-wal`).size - 32) / (4096 + 24);
    return {
      'group size': groupSize,
      tickets: TICKETS,
      'CPU µs/ticket': (cpu.user + cpu.system) / TICKETS,
      'user µs': cpu.user / TICKETS,
      'system µs': cpu.system / TICKETS,
      'commit on the loop µs/ticket': (commitMs * 1000) / TICKETS,
      'WAL frames/group': (frames * groupSize) / TICKETS,
      'transaction functions/ticket': transactions.n / TICKETS,
      'pragma statements/ticket': pragmas.n / TICKETS,
    };
  } finally {
    groupCommitChannel.unsubscribe(onGroup);
    await groups.close();
    db.close();
    tmp.cleanup();
  }
}

console.log(`\npost allocation, in process: ${TICKETS} tickets per group size, a real journal file, the sync a no-op`);
const rows = [];
for (const size of [1, 3]) rows.push(await run(size));
table(rows);
