// What durability costs: appending journal events with synchronous=FULL (ours, on every connection) beside
// NORMAL and OFF baselines on the same disk in the same run, plus the memory of a long append run.
import { join } from 'node:path';
import { openConnection, openJournal } from '../store/db';
import { appendEvent } from '../store/events';
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

const raw = openConnection(join(dir, 'FULL.sqlite'), { readonly: true });
const count = (raw.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
raw.close();
console.log(`\n${count} events written with FULL; each is one committed transaction (what a payment step costs).`);
tmp.cleanup();
