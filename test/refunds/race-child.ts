// One "supervisor" of the refund race test (store/refunds.test.ts): opens its own connection to the journal,
// waits until the go file exists (both processes start the same instant), asks for the refund, prints the answer.
// It says "ready" once its connection is open, so the test starts both together without a fixed sleep.
import { existsSync } from 'node:fs';
import { openJournal } from '../../store/db';
import { recordRefundIntent } from '../../store/refunds';

const [dbFile, goFile, refundId, paymentId] = process.argv.slice(2) as [string, string, string, string];
const db = openJournal(dbFile);
process.stdout.write('ready\n');
while (!existsSync(goFile)) await new Promise((r) => setTimeout(r, 1));
const r = recordRefundIntent(db, { id: refundId, paymentId, method: 'refund', kioskId: 'K1', terminalId: 'T1', why: 'race', requestedBy: refundId });
process.stdout.write(JSON.stringify({ ok: r.ok, reason: r.ok ? null : r.reason }) + '\n');
db.close();
