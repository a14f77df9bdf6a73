// The test payment of `kiosk setup` (issue 20): the smallest amount (one minor unit) through the real driver and
// the same journal-first service as a visitor's payment (intent before the first byte, `sent` once acknowledged,
// never sent again), marked as a test so the fees leave it out; then taken back. ZVT reverses it (06 30 with its
// receipt number) through the refund service, journaled the same way. Concert E+ has no reversal and no cancel
// command (shared reference): the technician is told to cancel it on the terminal, with what to look for.
import { chownSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openJournal, type Db } from '../../store/db';
import { lineSettings, openTerminal } from '../../drivers/terminal/index';
import { openSerialPort } from '../../drivers/serial/index';
import { TerminalConfig } from '../../shared/terminal-config';
import { moneyText } from '../../shared/money';
import { outcomeLabel } from '../../shared/payment-outcome';
import { PaymentService } from '../payments/service';
import { PaymentReconciler } from '../payments/reconcile';
import { RefundService } from '../payments/refund';
import { recordCancelledOnTerminal } from '../payments/refund-reconcile';
import type { Payment } from '../../store/payments';

export interface TestPaymentRequest {
  protocol: 'concert' | 'zvt';
  port: string;
  currency: string;
  /** The config's dataDir: the journal the daemon will open (journal.sqlite in it). */
  dataDir: string;
  kioskId: string;
  timeZone: string;
}

export interface TestPaymentIo {
  say(text: string): void;
  /** Asked once the payment is approved, before the reversal goes to the terminal. */
  confirmReversal(question: string): Promise<boolean>;
  /**
   * Concert: the technician cancels the charge on the terminal's own menu; the number its cancellation receipt shows,
   * or '' when not cancelled (yet). Absent where nobody can answer (the first-run page's one button).
   */
  cancelledOnTerminal?(question: string): Promise<string>;
}

export type TestPaymentResult = { ok: true; detail: string } | { ok: false; reason: string };

/** The daemon's terminal id in the journal (server/devices): the test's rows sit with the terminal's own. */
const TERMINAL_ID = 'terminal';
export const TEST_PAYMENT_REFERENCE = 'kiosk setup test payment';
/** Reversals tried when none reached the terminal: enough for a cable put back, not a loop on a dead line. */
const MAX_REVERSALS = 3;

const receiptWords = (p: Payment) =>
  [p.receiptNo && `receipt n° ${p.receiptNo}`, p.shortRef && `ref ${p.shortRef}`, p.authCode && `auth ${p.authCode}`].filter(Boolean).join(', ');

/**
 * A serial port admits one process (exclusive open): when it cannot be opened, the daemon (or another program) holds
 * it, and the setup does not fight for it. A TCP terminal gives no such proof (server/commands/pay.ts, reconcile).
 */
async function portFree(cfg: TerminalConfig): Promise<TestPaymentResult | null> {
  if (cfg.port === 'sim' || cfg.port.startsWith('tcp:')) return null;
  const probe = await openSerialPort(cfg.port, lineSettings(cfg));
  if (probe.ok) {
    await probe.stream.close();
    return null;
  }
  return {
    ok: false,
    reason:
      `${probe.reason} If the kiosk daemon is running, it holds the terminal's port: stop it (systemctl stop kiosk-daemon), ` +
      'then run kiosk setup --section terminal again. No payment was made.',
  };
}

/** Run as root on the package's data folder: the files made here belong to the folder's owner (the service user). */
function giveToDataDirOwner(dir: string): void {
  if (process.getuid?.() !== 0) return;
  const owner = statSync(dir);
  if (owner.uid === 0) return;
  for (const f of readdirSync(dir).filter((n) => n.startsWith('journal.sqlite'))) {
    const s = statSync(join(dir, f));
    if (s.uid === 0) chownSync(join(dir, f), owner.uid, owner.gid);
  }
}

export async function setupTestPayment(t: TestPaymentRequest, io: TestPaymentIo): Promise<TestPaymentResult> {
  const parsed = TerminalConfig.safeParse({ protocol: t.protocol, port: t.port });
  if (!parsed.success) return { ok: false, reason: parsed.error.issues.map((i) => i.message).join('; ') };
  const busy = await portFree(parsed.data);
  if (busy) return busy;

  const dir = resolve(t.dataDir);
  const file = join(dir, 'journal.sqlite');
  const amount = moneyText(1, t.currency);
  let db: Db | undefined;
  const terminal = openTerminal(parsed.data);
  try {
    db = openJournal(file);
    io.say(`  journal: ${file}`);
    // As `kiosk pay --db` and a starting daemon: nothing is charged while an earlier payment has no outcome.
    const reconciler = new PaymentReconciler({ db, terminalId: TERMINAL_ID, protocol: terminal.protocol });
    const report = await reconciler.reconcile(terminal);
    if (report.lock.state !== 'ready')
      return {
        ok: false,
        reason:
          `the journal has payments without an outcome (${report.lock.paymentIds.join(', ')}): ` +
          'settle them first (kiosk payments reconcile, or the diagnostics page). No payment was made.',
      };

    const payments = new PaymentService({
      db,
      terminal,
      kioskId: t.kioskId,
      terminalId: TERMINAL_ID,
      timeZone: t.timeZone,
      lockState: () => reconciler.lockState(),
    });
    const unsubscribe = payments.subscribe((e) => {
      if (e.type === 'progress') io.say(`  terminal: ${e.text}`);
    });
    io.say(`  paying ${amount} (a test: the fees leave it out)...`);
    const r = await payments.pay({ amountMinor: 1, currency: t.currency, reference: TEST_PAYMENT_REFERENCE, isTest: true }).finally(unsubscribe);
    if (r.outcome === 'refused') return { ok: false, reason: `test payment refused: ${r.detail}` };
    if (!r.ok) {
      if (r.outcome === 'unknown')
        return {
          ok: false,
          reason:
            `test payment ${r.payment.id}: the terminal's answer is unknown (${r.reason}). It may have charged ${amount}: look in the terminal's journal, ` +
            'cancel it there if so, and settle the payment (kiosk payments settle). It is never sent again.',
        };
      return { ok: false, reason: `test payment ${outcomeLabel(r.outcome)}: ${r.reason} (nothing charged)` };
    }
    const p = r.payment;
    io.say(`  ✓ charged ${amount} (${receiptWords(p) || p.id})`);

    if (terminal.protocol !== 'zvt' || !p.receiptNo) {
      // Concert E+ has no reversal or cancel command; a refund (crédit) would need the card again and is no cancel.
      const why = terminal.protocol === 'concert' ? 'Concert E+ has no reversal command' : 'the terminal gave no receipt number';
      const notCancelled = {
        ok: true as const,
        detail:
          `charged ${amount}, not reversed: ${why}. ` +
          `Cancel it on the terminal (its cancellation / "annulation" menu) or at the acquirer: ${receiptWords(p) || p.id}. ` +
          `The journal keeps it as charged until the day close, where staff settle it.`,
      };
      if (!io.cancelledOnTerminal) return notCancelled;
      io.say(`  ${why}: cancel it now on the terminal's own menu (cancellation / "annulation"), ${receiptWords(p) || p.id}.`);
      for (;;) {
        const typed = (
          await io.cancelledOnTerminal(`The number on the terminal's cancellation receipt (empty: not cancelled, the journal keeps it as charged)`)
        ).trim();
        if (typed === '') return notCancelled;
        const rec = recordCancelledOnTerminal(db, {
          payment: p,
          kioskId: t.kioskId,
          terminalId: TERMINAL_ID,
          cancelReceipt: typed,
          by: 'technician (kiosk setup)',
        });
        if (rec.ok)
          return {
            ok: true,
            detail: `charged ${amount} and cancelled on the terminal (its receipt n° ${typed}): recorded in the journal as a reversal the technician attests`,
          };
        io.say(`  ✗ ${rec.detail}`);
      }
    }
    if (!(await io.confirmReversal(`Reverse it now (ZVT reversal of receipt n° ${p.receiptNo}; the terminal may ask for the card)?`)))
      return { ok: true, detail: `charged ${amount}, not reversed: reverse or cancel it on the terminal today, receipt n° ${p.receiptNo}` };
    const refunds = new RefundService({ db, terminal, kioskId: t.kioskId, terminalId: TERMINAL_ID, timeZone: t.timeZone });
    for (let attempt = 1; ; attempt++) {
      io.say(`  reversing receipt n° ${p.receiptNo}...`);
      const back = await refunds.refund({ paymentId: p.id, why: TEST_PAYMENT_REFERENCE, requestedBy: 'kiosk setup', testReversal: true });
      if (back.ok)
        return { ok: true, detail: `charged ${amount} and reversed (receipt n° ${p.receiptNo}, reversal receipt n° ${back.refund.receiptNo ?? '—'})` };
      const why = back.outcome === 'refused' ? back.detail : `${outcomeLabel(back.outcome)}: ${back.reason}`;
      // Only a reversal the terminal never acknowledged may go again (a new request, journaled anew); at most 3.
      if (back.outcome === 'not_sent' && attempt < MAX_REVERSALS) {
        io.say(`  ✗ the reversal did not reach the terminal (${back.reason})`);
        if (await io.confirmReversal(`Send the reversal of receipt n° ${p.receiptNo} again (it never reached the terminal)?`)) continue;
      }
      return {
        ok: false,
        reason: `charged ${amount} but the reversal failed (${why}): cancel it on the terminal or at the acquirer, receipt n° ${p.receiptNo}`,
      };
    }
  } catch (err) {
    return { ok: false, reason: `test payment: ${(err as Error).message}` };
  } finally {
    await terminal.close().catch(() => {});
    db?.close();
    if (existsSync(dir)) giveToDataDirOwner(dir);
  }
}
