// What journal-first costs a payment: payments per second through the PaymentService with its journal in a
// real SQLite file (WAL, synchronous=FULL: intent, sent and outcome are three fsynced transactions) beside
// the same driver and simulator called directly without any journal (baseline), per protocol, in one run.
// The simulated terminal answers at once over an in-memory line, so the figures are our overhead only; a
// real payment waits seconds for the visitor. Run: npx tsx bench/payment.bench.ts [payments]
import { join } from 'node:path';
import { openJournal } from '../store/db';
import { recordIntent, transition } from '../store/payments';
import { openSimulatedTerminal } from '../drivers/terminal/open';
import type { TerminalProtocol } from '../drivers/terminal/types';
import { PaymentService } from '../server/payments/service';
import { benchTempDir, table } from './support';

const N = Number(process.argv[2] ?? 300);
const ZERO = { thinkMs: 0, pinDelayMs: 0, pinStepMs: 0 };
const tmp = benchTempDir('kiosk-bench-pay-');
const dir = tmp.dir;
const rows: Array<Record<string, string | number>> = [];

async function timed(n: number, fn: (i: number) => Promise<void> | void): Promise<{ perSec: number; msEach: number }> {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn(i);
  const ms = performance.now() - t0;
  return { perSec: (n * 1000) / ms, msEach: ms / n };
}

for (const protocol of ['concert', 'zvt'] as TerminalProtocol[]) {
  // Baseline: the driver and simulator alone.
  {
    const { terminal } = openSimulatedTerminal({ protocol }, ZERO);
    for (let i = 0; i < 20; i++) await terminal.pay({ amountMinor: 100 + i, currency: 'EUR', reference: `W${i}` });
    const r = await timed(N, async (i) => {
      const res = await terminal.pay({ amountMinor: 1000 + i, currency: 'EUR', reference: `B${i}` });
      if (!res.ok) throw new Error(`baseline payment failed: ${JSON.stringify(res)}`);
    });
    await terminal.close();
    rows.push({ protocol, path: 'driver only, no journal (baseline)', payments: N, 'payments/s': r.perSec, 'ms each': r.msEach });
  }
  // Ours: the same driver through the journal-first service.
  {
    const db = openJournal(join(dir, `${protocol}.sqlite`));
    const { terminal } = openSimulatedTerminal({ protocol }, ZERO);
    const svc = new PaymentService({ db, terminal, kioskId: 'BENCH', terminalId: 'terminal' });
    for (let i = 0; i < 20; i++) await svc.pay({ amountMinor: 100 + i, currency: 'EUR' });
    const r = await timed(N, async (i) => {
      const res = await svc.pay({ amountMinor: 1000 + i, currency: 'EUR', reference: `bench-${i}` });
      if (!res.ok) throw new Error(`journaled payment failed: ${JSON.stringify(res)}`);
    });
    await terminal.close();
    db.close();
    rows.push({ protocol, path: 'PaymentService + journal FULL (ours)', payments: N, 'payments/s': r.perSec, 'ms each': r.msEach });
  }
}

// The journal writes alone (3 fsynced transactions per payment), to show where the difference goes.
{
  const db = openJournal(join(dir, 'writes.sqlite'));
  const r = await timed(N, (i) => {
    const id = `J${String(i).padStart(6, '0')}`;
    recordIntent(db, { id, kioskId: 'BENCH', terminalId: 'terminal', protocol: 'zvt', amountMinor: 1000 + i, currency: 'EUR' });
    transition(db, id, 'sent', {}, 'service');
    transition(db, id, 'approved', { authCode: '123456', receiptNo: String(i) }, 'service');
  });
  db.close();
  rows.push({ protocol: '-', path: 'journal writes only (intent+sent+approved)', payments: N, 'payments/s': r.perSec, 'ms each': r.msEach });
}

table(rows);
tmp.cleanup();
