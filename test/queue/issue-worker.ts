// Child process for the concurrency test: opens the shared journal file and issues tickets as fast as it
// can once the common start time comes, printing the labels it got as JSON.
import { openJournal } from '../../store/db';
import { QueueConfig } from '../../server/queue/config';
import { QueueService } from '../../server/queue/service';

const [file, countArg, startAtArg, tz, wrap] = process.argv.slice(2);
const db = openJournal(file!);
const q = new QueueService({
  db,
  consulate: { code: 'FR-PAR', timeZone: tz ?? 'Europe/Paris' },
  kioskId: `K${process.pid}`,
  services: [
    { code: 'passport', prefix: 'C', name: {} },
    { code: 'registration', prefix: 'A', name: {} },
  ],
  config: QueueConfig.parse({ numbering: { start: 1, end: 9999, digits: 4, wrap: wrap === 'wrap' } }),
});
while (Date.now() < Number(startAtArg)) {
  /* spin until the common start so the writers overlap */
}
const out: Array<{ label: string; day: string }> = [];
const failures: string[] = [];
for (let i = 0; i < Number(countArg); i++) {
  const r = q.issueTicket({ service: i % 3 === 0 ? 'registration' : 'passport', kind: 'walk-in', persons: 1, lang: 'fr' });
  if (r.ok) out.push({ label: r.ticket.label, day: r.ticket.businessDay });
  else failures.push(r.detail);
}
db.close();
process.stdout.write(JSON.stringify({ out, failures }));
