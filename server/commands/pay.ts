// `kiosk pay` and `kiosk payments …`: one card payment from the command line (technicians, tests, the chaos
// test), through the same journal-first service and reconciliation as the daemon.
import type { Command } from 'commander';
import { openJournal, type Db } from '../../store/db';
import { lineSettings, openTerminal, type PaymentTerminal } from '../../drivers/terminal/index';
import { TerminalConfig } from '../../shared/terminal-config';
import { openSerialPort } from '../../drivers/serial/index';
import { parseAmount, minorToText } from '../../shared/money';
import { PaymentService, CHECKPOINTS, type Checkpoint, type PayOutcome } from '../payments/service';
import { PaymentReconciler, type ReconcileReport, type SettleDecision } from '../payments/reconcile';
import { getPayment, type Payment } from '../../store/payments';
import { existsSync } from 'node:fs';
import { CommandFailed, EXIT_CONFIG } from './common';
import { journalFile } from './journal';
import { outcomeLabel } from '../../shared/payment-outcome';
import { REFUND_CHECKPOINTS, RefundService, type RefundCheckpoint, type RefundOutcome } from '../payments/refund';
import { reconcileRefunds, settleRefund } from '../payments/refund-reconcile';
import {
  cancelRefundedVisitTicket,
  followDoneRefund,
  followUnfollowedRefunds,
  journalRefundTicketDeps,
  type RefundTicketOutcome,
} from '../payments/refund-ticket';
import type { Refund } from '../../store/refunds';

interface TerminalOpts {
  protocol: string;
  port: string;
  baud?: string;
  dataBits?: string;
  parity?: string;
  stopBits?: string;
  scenario?: string;
  timer?: string[];
  terminalId: string;
}

interface PayOpts extends TerminalOpts {
  amount: string;
  currency: string;
  db?: string;
  reference?: string;
  id?: string;
  kioskId: string;
  test?: boolean;
}

type Fail = { ok: false; reason: string };

function print(obj: unknown): void {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

function collect(v: string, prev: string[] = []): string[] {
  return [...prev, v];
}

function terminalOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--protocol <protocol>', 'concert or zvt')
    .requiredOption(
      '--port <path>',
      'serial port of the terminal, e.g. /dev/ttyUSB0; tcp://HOST:PORT for ZVT over TCP/IP; or "sim" for the in-process simulator',
    )
    .option('--baud <rate>', 'baud rate (default 9600)')
    .option('--data-bits <n>', '7 or 8 (Concert on native RS-232: 7 with --parity even)')
    .option('--parity <p>', 'none, even or odd')
    .option('--stop-bits <n>', '1 or 2 (ZVT default 2)')
    .option('--scenario <name>', 'simulator scenario with --port sim')
    .option('--timer <name=ms>', 'driver timer override, repeatable (e.g. answerMs=60000)', collect)
    .option('--terminal-id <id>', 'terminal id in the journal (the daemon uses "terminal")', 'terminal');
}

/** Terminal config from the flags, validated by the driver's own schema. */
export function terminalConfig(o: TerminalOpts): { ok: true; config: TerminalConfig } | Fail {
  const timers: Record<string, number> = {};
  for (const t of o.timer ?? []) {
    const m = /^([A-Za-z]+)=(\d+)$/.exec(t);
    if (!m) return { ok: false, reason: `--timer ${t}: write it as name=milliseconds, e.g. answerMs=60000` };
    timers[m[1]!] = Number(m[2]);
  }
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  const parsed = TerminalConfig.safeParse({
    protocol: o.protocol,
    port: o.port,
    baudRate: num(o.baud),
    dataBits: num(o.dataBits),
    parity: o.parity,
    stopBits: num(o.stopBits),
    scenario: o.scenario,
    ...(Object.keys(timers).length ? { timers } : {}),
  });
  if (!parsed.success) {
    return {
      ok: false,
      reason: parsed.error.issues.map((i) => `--${String(i.path[0] ?? 'protocol').replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}: ${i.message}`).join('; '),
    };
  }
  return { ok: true, config: parsed.data };
}

/** Without --db the payment still goes through the journal-first service, in a throw-away database. */
function openDb(file: string | undefined): Db {
  return openJournal(file ?? ':memory:');
}

/** KIOSK_CHAOS_KILL_AT=<checkpoint> makes this process SIGKILL itself there (test/chaos only). */
function chaosHook(): ((p: Checkpoint) => void) | undefined {
  const at = process.env.KIOSK_CHAOS_KILL_AT;
  if (!at) return undefined;
  if (!(CHECKPOINTS as readonly string[]).includes(at)) throw new Error(`KIOSK_CHAOS_KILL_AT=${at} is not one of ${CHECKPOINTS.join(', ')}`);
  return (p) => {
    if (p === at) process.kill(process.pid, 'SIGKILL');
  };
}

/** KIOSK_CHAOS_KILL_AT=<checkpoint> for a refund (test/chaos/refund-kill.test.ts). */
function refundChaosHook(): ((p: RefundCheckpoint) => void) | undefined {
  const at = process.env.KIOSK_CHAOS_KILL_AT;
  if (!at) return undefined;
  if (!(REFUND_CHECKPOINTS as readonly string[]).includes(at)) throw new Error(`KIOSK_CHAOS_KILL_AT=${at} is not one of ${REFUND_CHECKPOINTS.join(', ')}`);
  return (p) => {
    if (p === at) process.kill(process.pid, 'SIGKILL');
  };
}

function refundView(r: Refund) {
  return {
    refundId: r.id,
    paymentId: r.paymentId,
    method: r.method,
    state: r.state,
    amountMinor: r.amountMinor,
    amount: minorToText(r.amountMinor, r.currency),
    currency: r.currency,
    etimbreReference: r.etimbreReference,
    shortRef: r.shortRef,
    receiptNo: r.receiptNo,
    reason: r.reason,
  };
}

interface RefundOpts extends TerminalOpts {
  db: string;
  reason: string;
  by: string;
  amount?: string;
  id?: string;
  kioskId: string;
}

/**
 * One refund from the command line, through the same journal-first service as the daemon: refunds left open by
 * a crash are reconciled first; exit 0 when the money went back.
 */
export async function runRefund(o: RefundOpts, paymentId: string): Promise<{ json: Record<string, unknown>; ok: boolean }> {
  const checkpoint = refundChaosHook();
  const cfg = terminalConfig(o);
  if (!cfg.ok) return { json: { ok: false, outcome: 'refused', code: 'invalid', reason: cfg.reason }, ok: false };
  const db = openJournal(o.db);
  const terminal = openTerminal(cfg.config);
  try {
    const payment = getPayment(db, paymentId);
    let amountMinor: number | undefined;
    if (o.amount !== undefined) {
      const a = parseAmount(o.amount, payment?.currency ?? 'EUR');
      if (!a.ok) return { json: { ok: false, outcome: 'refused', code: 'invalid', reason: `--amount: ${a.reason}` }, ok: false };
      amountMinor = a.minor;
    }
    const reconciliation = await reconcileRefunds(db, terminal, o.terminalId);
    // The daemon is stopped: a visit refunded in full has its ticket cancelled in the journal's queue (issue 17).
    followUnfollowedRefunds(journalRefundTicketDeps(db));
    let ticket: RefundTicketOutcome | undefined;
    const svc = new RefundService({
      db,
      terminal,
      kioskId: o.kioskId,
      terminalId: o.terminalId,
      ...(checkpoint ? { checkpoint } : {}),
      onRefunded: (x) => void (ticket = cancelRefundedVisitTicket(journalRefundTicketDeps(db), x)),
    });
    const r: RefundOutcome = await svc.refund({
      paymentId,
      why: o.reason,
      requestedBy: o.by,
      ...(amountMinor !== undefined ? { amountMinor } : {}),
      ...(o.id ? { id: o.id } : {}),
    });
    const json =
      r.outcome === 'refused'
        ? { ok: false, outcome: 'refused', code: r.reason, reason: r.detail }
        : r.ok
          ? { ok: true, outcome: 'refunded', fullyRefunded: r.fullyRefunded, ...refundView(r.refund), ...(ticket ? { ticket } : {}) }
          : { ok: false, outcome: outcomeLabel(r.outcome), ...refundView(r.refund), reason: r.reason };
    return { json: reconciliation.length ? { ...json, reconciliation } : json, ok: r.ok };
  } finally {
    await terminal.close();
    db.close();
  }
}

function paymentView(p: Payment) {
  return {
    paymentId: p.id,
    shortRef: p.shortRef,
    state: p.state,
    amountMinor: p.amountMinor,
    amount: minorToText(p.amountMinor, p.currency),
    currency: p.currency,
    reference: p.reference,
    authCode: p.authCode,
    maskedPan: p.maskedPan,
    cardBrand: p.cardBrand,
    receiptNo: p.receiptNo,
    traceNo: p.traceNo,
  };
}

function outcomeJson(r: PayOutcome, reconciliation: ReconcileReport | null): Record<string, unknown> {
  const base =
    r.outcome === 'refused'
      ? {
          ok: false,
          outcome: 'refused',
          code: r.reason,
          reason: r.detail,
          ...(r.payment ? { payment: paymentView(r.payment) } : {}),
          ...(r.lock ? { lock: r.lock } : {}),
        }
      : r.ok
        ? { ok: true, outcome: 'approved', ...paymentView(r.payment) }
        : { ok: false, outcome: outcomeLabel(r.outcome), reason: r.reason, retryAsNewPayment: r.retryAsNewPayment, ...paymentView(r.payment) };
  return reconciliation ? { ...base, reconciliation } : base;
}

export async function runPay(o: PayOpts): Promise<{ json: Record<string, unknown>; approved: boolean }> {
  const checkpoint = chaosHook();
  const amount = parseAmount(o.amount, o.currency);
  if (!amount.ok) return { json: { ok: false, outcome: 'refused', code: 'invalid-request', reason: amount.reason }, approved: false };
  const cfg = terminalConfig(o);
  if (!cfg.ok) return { json: { ok: false, outcome: 'refused', code: 'invalid-request', reason: cfg.reason }, approved: false };
  const db = openDb(o.db);
  const terminal = openTerminal(cfg.config);
  try {
    let svc: PaymentService | null = null;
    const reconciler = new PaymentReconciler({ db, terminalId: o.terminalId, protocol: terminal.protocol, inFlight: () => svc?.inFlight() ?? null });
    // What a restarted daemon does first: nothing is paid while an earlier payment is unresolved.
    const reconciliation = o.db !== undefined ? await reconciler.reconcile(terminal) : null;
    svc = new PaymentService({
      db,
      terminal,
      kioskId: o.kioskId,
      terminalId: o.terminalId,
      lockState: () => reconciler.lockState(),
      ...(checkpoint ? { checkpoint } : {}),
    });
    const ac = new AbortController();
    const onSignal = () => ac.abort();
    process.once('SIGINT', onSignal);
    try {
      const r = await svc.pay({
        amountMinor: amount.minor,
        currency: o.currency,
        reference: o.reference ?? null,
        isTest: o.test ?? false,
        signal: ac.signal,
        ...(o.id ? { id: o.id } : {}),
      });
      return { json: outcomeJson(r, reconciliation), approved: r.ok };
    } finally {
      process.off('SIGINT', onSignal);
    }
  } finally {
    await terminal.close();
    db.close();
  }
}

export async function runReconcile(o: TerminalOpts & { db: string }): Promise<{ json: Record<string, unknown>; ready: boolean }> {
  const cfg = terminalConfig(o);
  if (!cfg.ok) return { json: { ok: false, reason: cfg.reason }, ready: false };
  // The serial port admits one process (exclusive open): if we can open it, no daemon is in the middle of
  // a payment on it, so closing its open rows is safe. A TCP terminal offers no such proof (whether it takes
  // a second connection depends on the model): the reconciler's own rules apply, and the operator must have
  // stopped the daemon, as the command's help says.
  if (cfg.config.port !== 'sim' && !cfg.config.port.startsWith('tcp:')) {
    const probe = await openSerialPort(cfg.config.port, lineSettings(cfg.config));
    if (!probe.ok)
      return {
        json: { ok: false, reason: `${probe.reason} If the kiosk daemon is running, it reconciles on start-up by itself: stop it before reconciling by hand.` },
        ready: false,
      };
    await probe.stream.close();
  }
  const terminal: PaymentTerminal = openTerminal(cfg.config);
  const db = openJournal(o.db);
  try {
    const reconciler = new PaymentReconciler({ db, terminalId: o.terminalId, protocol: terminal.protocol });
    const report = await reconciler.reconcile(terminal);
    return { json: { ok: true, ...report, pending: reconciler.pending().map(paymentView) }, ready: report.lock.state === 'ready' };
  } finally {
    await terminal.close();
    db.close();
  }
}

export function runSettle(
  o: { db: string; terminalId: string; outcome: string; authCode?: string; by: string; reason: string; force?: boolean },
  id: string,
): { json: Record<string, unknown>; ok: boolean } {
  let decision: SettleDecision;
  if (o.outcome === 'approved') decision = { outcome: 'approved', authCode: o.authCode ?? '' };
  else if (o.outcome === 'not-charged') decision = { outcome: 'not-charged', ...(o.force ? { force: true } : {}) };
  else return { json: { ok: false, reason: `--outcome ${o.outcome}: use approved (with --auth-code) or not-charged` }, ok: false };
  const db = openJournal(o.db);
  try {
    const r = new PaymentReconciler({ db, terminalId: o.terminalId, protocol: 'concert' }).settle(id, decision, o.by, o.reason);
    return r.ok
      ? { json: { ok: true, payment: paymentView(r.payment), settledBy: r.payment.settledBy, settledAt: r.payment.settledAt, lock: r.lock }, ok: true }
      : { json: { ok: false, code: r.reason, reason: r.detail }, ok: false };
  } finally {
    db.close();
  }
}

interface JournalChoice {
  db?: string;
  data?: string;
  config?: string;
}

/** The journal is found as by the other journal commands: --db, else --data, else the config's dataDir. */
function journalOptions(cmd: Command): Command {
  return cmd
    .option('--db <file>', "journal file (default: journal.sqlite in --data or in the config's dataDir)")
    .option('-d, --data <dir>', 'data directory holding journal.sqlite')
    .option('-c, --config <file>', 'config file giving dataDir (default $KIOSK_CONFIG, else the Paris sample)');
}

/** The chosen journal file; one that does not exist is refused (opening it would create an empty journal). */
function existingJournal(o: JournalChoice): string {
  const file = journalFile({ ...(o.db ? { journal: o.db } : {}), ...(o.data ? { data: o.data } : {}), ...(o.config ? { config: o.config } : {}) });
  if (!existsSync(file)) {
    process.stderr.write(`kiosk payments: ${file} does not exist: give --db FILE, --data DIR or --config F naming the kiosk's journal\n`);
    throw new CommandFailed(EXIT_CONFIG);
  }
  return file;
}

export function register(program: Command): void {
  terminalOptions(program.command('pay'))
    .description('take one card payment; prints the outcome as one JSON line; exit 0 when approved, 1 otherwise')
    .requiredOption('--amount <decimal>', 'amount to charge, e.g. 12.50 (exact; no more decimals than the currency has)')
    .option('--currency <code>', 'ISO 4217 currency', 'EUR')
    .option('--db <file>', 'journal file: reconciles it first, then journals this payment (default: a throw-away in-memory journal)')
    .option('--reference <text>', 'appointment id or purpose, stored with the payment')
    .option('--id <key>', 'idempotency key (payment id); a key used before is refused, never charged again')
    .option('--kiosk-id <id>', 'kiosk id in the journal', 'K1')
    .option('--test', 'mark the payment as a test payment (diagnostics)')
    .action(async (o: PayOpts) => {
      const r = await runPay(o);
      print(r.json);
      process.exitCode = r.approved ? 0 : 1;
    });

  const payments = program.command('payments').description('payment journal tools');
  journalOptions(terminalOptions(payments.command('reconcile')))
    .description(
      'close payments left open by a crash (ask a ZVT terminal); stop the kiosk daemon first; prints JSON; exit 0 when ready, 1 when staff must settle',
    )
    .action(async (o: TerminalOpts & JournalChoice) => {
      const r = await runReconcile({ ...o, db: existingJournal(o) });
      print(r.json);
      process.exitCode = r.ready ? 0 : 1;
    });

  journalOptions(terminalOptions(payments.command('refund <paymentId>')))
    .description(
      'give money back for an approved payment (supervisor): ZVT reversal while the terminal day is open, else refund ' +
        '(the card is presented again); prints JSON; exit 0 when refunded',
    )
    .requiredOption('--reason <text>', 'why the money goes back (journaled, printed on the refund receipt)')
    .requiredOption('--by <name>', 'the supervisor asking')
    .option('--amount <decimal>', 'part of the payment to refund (default: all that is left)')
    .option('--id <key>', 'idempotency key (refund id); a key used before is refused, never sent again')
    .option('--kiosk-id <id>', 'kiosk id in the journal', 'K1')
    .action(async (paymentId: string, o: RefundOpts & JournalChoice) => {
      const r = await runRefund({ ...o, db: existingJournal(o) }, paymentId);
      print(r.json);
      process.exitCode = r.ok ? 0 : 1;
    });

  journalOptions(payments.command('refund-settle <refundId>'))
    .description("staff decision on an unknown refund, from the terminal's own journal; prints JSON")
    .requiredOption('--outcome <o>', 'refunded or not-refunded')
    .requiredOption('--by <name>', 'who decides')
    .requiredOption('--reason <text>', 'how it was decided, e.g. "terminal journal: credit at 10:42"')
    .action((refundId: string, o: JournalChoice & { outcome: string; by: string; reason: string }) => {
      if (o.outcome !== 'refunded' && o.outcome !== 'not-refunded') {
        print({ ok: false, reason: `--outcome ${o.outcome}: use refunded or not-refunded` });
        process.exitCode = 1;
        return;
      }
      const db = openJournal(existingJournal(o));
      try {
        const r = settleRefund(db, refundId, o.outcome, o.by, o.reason);
        // Settled as refunded: the visit may now be refunded in full, and its ticket leaves the queue.
        const ticket = r.ok ? followDoneRefund(journalRefundTicketDeps(db), refundId) : null;
        print(r.ok ? { ok: true, ...refundView(r.refund), ...(ticket ? { ticket } : {}) } : { ok: false, code: r.reason, reason: r.detail });
        process.exitCode = r.ok ? 0 : 1;
      } finally {
        db.close();
      }
    });

  journalOptions(payments.command('settle <id>'))
    .description("staff decision on an unknown payment, from the terminal's own journal; prints JSON")
    .requiredOption('--outcome <o>', 'approved or not-charged')
    .option('--auth-code <code>', 'authorisation code from the terminal journal (with --outcome approved)')
    .requiredOption('--by <name>', 'who decides')
    .requiredOption('--reason <text>', 'how it was decided, e.g. "terminal journal: approved at 10:42"')
    .option('--terminal-id <id>', 'terminal id in the journal', 'terminal')
    .option('--force', 'settle not-charged although the ZVT terminal has not answered yet (terminal replaced or broken); say why in --reason')
    .action((id: string, o: JournalChoice & { terminalId: string; outcome: string; authCode?: string; by: string; reason: string; force?: boolean }) => {
      const r = runSettle({ ...o, db: existingJournal(o) }, id);
      print(r.json);
      process.exitCode = r.ok ? 0 : 1;
    });
}
