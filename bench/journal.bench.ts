// What durability costs: appending journal events with synchronous=FULL (ours, on every connection) beside
// NORMAL and OFF baselines on the same disk in the same run, plus the memory of a long append run.
import { join } from 'node:path';
import { openConnection, openJournal } from '../store/db';
import { appendEvent, eventCountUpTo } from '../store/events';
import { benchTempDir, measure, table } from './support';

const tmp = benchTempDir();
const dir = tmp.dir;
const rows: Array<Record<string, string | number>> = [];
const payload = { paymentId: 'p-0001', amountMinor: 8000, currency: 'EUR', terminal: 'terminal' };

for (const mode of ['FULL (ours)', 'NORMAL (baseline)', 'OFF (baseline, unsafe)']) {
  const file = join(dir, `${mode.split(' ')[0]}.sqlite`);
  const db = openJournal(file);
  db.pragma(`synchronous = ${mode.split(' ')[0]}`);
  const r = measure(() => appendEvent(db, { kind: 'payment.intent', subject: 'p-0001', payload }), { warmup: 100, iterations: 2000 });
  rows.push({ synchronous: mode, 'events/s': r.opsPerSec, 'µs/event': r.perOpUs });
  db.close();
}
// The chain's own cost (hash, previous-row lookup, insert) without the fsync: many appends in one transaction.
{
  const db = openJournal(join(dir, 'batch.sqlite'));
  const batch = (n: number) =>
    db.transaction(() => {
      for (let i = 0; i < n; i++) appendEvent(db, { kind: 'payment.intent', subject: 'p-0001', payload });
    })();
  batch(500);
  const n = 20_000;
  const r = measure(() => batch(n), { warmup: 0, iterations: 1 });
  rows.push({ synchronous: 'FULL, 20,000 in one transaction (chain cost)', 'events/s': r.opsPerSec * n, 'µs/event': r.perOpUs / n });
  db.close();
}
table(rows);

// Counting the events up to the head, as the journal's anchor does twice at each start (store/anchor.ts), on a year of a
// busy kiosk: 400,000 events of a few hundred bytes each, written straight into a journal's table (chain fields made up).
{
  const db = openJournal(join(dir, 'year.sqlite'));
  const insert = db.prepare('INSERT INTO events (at, kind, subject, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)');
  const body = JSON.stringify({ ...payload, detail: 'x'.repeat(160) });
  const kinds = ['queue.issued', 'print.sent', 'payment.intent', 'device.status'];
  const N = 400_000;
  db.transaction(() => {
    for (let i = 0; i < N; i++)
      insert.run(new Date(1.76e12 + i * 1000).toISOString(), kinds[i % 4], i % 7 ? `s-${i % 5000}` : null, body, '', i.toString(16).padStart(64, '0'));
  })();
  const head = N;
  const before = db.prepare('SELECT count(*) AS n FROM events WHERE id <= ?');
  const old = measure(() => before.get(head), { warmup: 1, iterations: 5 });
  const ours = measure(() => eventCountUpTo(db, head), { warmup: 1, iterations: 5 });
  console.log(`\ncounting ${N.toLocaleString('en')} events up to the head (the anchor's check, twice at each start):`);
  table([
    { way: 'covering index, store/events.ts eventCountUpTo (ours)', 'ms a count': ours.perOpUs / 1000 },
    { way: "the table's own b-tree, `WHERE id <= ?` (before)", 'ms a count': old.perOpUs / 1000 },
  ]);
  db.close();
}

const raw = openConnection(join(dir, 'FULL.sqlite'), { readonly: true });
const count = (raw.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
raw.close();
console.log(`\n${count} events written with FULL; each is one committed transaction (what a payment step costs).`);
tmp.cleanup();
