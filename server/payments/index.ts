// Wiring for the daemon: one terminal, its reconciler and its payment service, reconciled before the first
// payment can start. The daemon exposes `lockState()` (kiosk screen, diagnostics, health) and mounts
// `paymentRoutes` with its own authorize function.
import type { Db } from '../../store/db';
import type { PaymentTerminal } from '../devices/index';
import { PaymentReconciler, type LockState, type ReconcileReport, type RetryTimer } from './reconcile';
import { PaymentService, type PaymentEvent } from './service';
import { RefundService, type RefundServiceOptions } from './refund';
import { reconcileRefunds, type RefundReconcileAction } from './refund-reconcile';

export { PaymentService, type PaymentEvent, type PayInput, type PayOutcome } from './service';
export { PaymentReconciler, type LockState, type ReconcileReport, type SettleDecision } from './reconcile';
export { paymentRoutes, type PaymentRoutesDeps } from './routes';
export { RefundService, type RefundInput, type RefundOutcome } from './refund';

export interface Payments {
  service: PaymentService;
  reconciler: PaymentReconciler;
  /** Supervisors' refunds and reversals of approved payments (server/payments/refund.ts). */
  refunds: RefundService;
  /** What start-up reconciliation did to refunds left unfinished by a crash. */
  refundsReconciled: Promise<RefundReconcileAction[]>;
  lockState(): LockState;
  /** Resolves when start-up reconciliation is done (payments are refused until then). */
  ready: Promise<ReconcileReport>;
  /** Shutdown: no more questions to the terminal; resolves when a question in flight has ended. */
  stop(): Promise<void>;
}

export function startPayments(opts: {
  db: Db;
  terminal: PaymentTerminal;
  kioskId: string;
  terminalId?: string;
  /** The consulate's time zone: short payment references are counted per business day there. */
  timeZone?: string;
  onLockChange?: (lock: LockState) => void;
  onEvent?: (e: PaymentEvent) => void;
  /** The back-off clock for asking a silent ZVT terminal again (tests inject their own). */
  retryTimer?: RetryTimer;
  /** After a refund is journaled as done (cancel the visit's ticket, print the refund receipt). */
  onRefunded?: RefundServiceOptions['onRefunded'];
}): Payments {
  const terminalId = opts.terminalId ?? 'terminal';
  let service: PaymentService | null = null;
  let starting = true;
  const reconciler = new PaymentReconciler({
    db: opts.db,
    terminalId,
    protocol: opts.terminal.protocol,
    inFlight: () => service?.inFlight() ?? null,
    // A terminal still busy with the transaction the crash interrupted is asked again until it answers.
    retry: opts.retryTimer ? { timer: opts.retryTimer } : {},
    ...(opts.onLockChange ? { onChange: opts.onLockChange } : {}),
  });
  // Until the first reconciliation has finished, the kiosk is "reconciling" even before it starts.
  const lockState = (): LockState => (starting ? { state: 'reconciling', paymentIds: reconciler.pending().map((p) => p.id) } : reconciler.lockState());
  service = new PaymentService({
    db: opts.db,
    terminal: opts.terminal,
    kioskId: opts.kioskId,
    terminalId,
    lockState,
    recoverLost: (t, p) => reconciler.recoverLost(t, p),
    ...(opts.timeZone ? { timeZone: opts.timeZone } : {}),
  });
  if (opts.onEvent) service.subscribe(opts.onEvent);
  const refunds = new RefundService({
    db: opts.db,
    terminal: opts.terminal,
    kioskId: opts.kioskId,
    terminalId,
    ...(opts.timeZone ? { timeZone: opts.timeZone } : {}),
    ...(opts.onRefunded ? { onRefunded: opts.onRefunded } : {}),
  });
  const ready = reconciler.reconcile(opts.terminal).finally(() => {
    starting = false;
    opts.onLockChange?.(reconciler.lockState());
  });
  // Refunds left in intent/sent by a crash, after the payments (one question at a time to the terminal).
  // A failure here (journal closed by a shutdown meanwhile) leaves the refunds as they are: the next start does it.
  const again = () => reconcileRefunds(opts.db, opts.terminal, terminalId).catch((): RefundReconcileAction[] => []);
  const refundsReconciled = ready.then(again, again);
  return { service, reconciler, refunds, refundsReconciled, lockState, ready, stop: () => reconciler.stop() };
}
