// /api/payments/*: staff reconciliation of payments that block the kiosk (server/payments/routes.ts),
// and the settle form the diagnostics page sends too.
import { z } from 'zod';
import { lazy } from './lazy-schema';
import { TerminalWorking } from './diagnostics-api';

/** Why payments are held, as server/payments/reconcile.ts's LockState says it. */
export const PaymentLockState = lazy(() =>
  z.discriminatedUnion('state', [
    z.object({ state: z.literal('ready') }),
    z.object({ state: z.literal('reconciling'), paymentIds: z.array(z.string()) }),
    z.object({ state: z.literal('locked-for-staff'), paymentIds: z.array(z.string()), terminalWorking: z.array(TerminalWorking).optional() }),
  ]),
);
export type PaymentLockState = z.infer<typeof PaymentLockState>;

const settleReason = lazy(() => z.string().trim().min(3, 'say how you decided, e.g. "terminal journal: approved 12.50 at 10:42"').max(500));
/** Staff's decision about a payment whose outcome the kiosk does not know, after reading the terminal's journal. */
export const SettleBody = lazy(() =>
  z.discriminatedUnion('outcome', [
    z.strictObject({
      outcome: z.literal('approved'),
      authCode: z.string().trim().min(1, 'copy the authorisation code from the terminal journal').max(32),
      reason: settleReason,
    }),
    // force: the ZVT terminal has not answered yet (it may still hold the money); staff override with a reason.
    z.strictObject({ outcome: z.literal('not-charged'), reason: settleReason, force: z.boolean().optional() }),
  ]),
);
export type SettleBody = z.infer<typeof SettleBody>;

export const PaymentIdParams = lazy(() => z.strictObject({ id: z.string().regex(/^[0-9A-Za-z_-]{4,64}$/, 'a payment id such as P3K9XW2M7Q') }));

const nullable = lazy(() => z.string().nullable());
/** What staff need to compare with the terminal's journal; no receipt lines. */
export const PaymentView = lazy(() =>
  z.object({
    id: z.string(),
    shortRef: nullable,
    state: z.string(),
    amountMinor: z.number(),
    currency: z.string(),
    reference: nullable,
    isTest: z.boolean(),
    approvedAmountMinor: z.number().nullable(),
    approvedCurrency: nullable,
    terminalData: nullable,
    protocol: z.enum(['concert', 'zvt']),
    terminalId: z.string(),
    kioskId: z.string(),
    reason: nullable,
    createdAt: z.string(),
    sentAt: nullable,
    authCode: nullable,
    maskedPan: nullable,
    settledBy: nullable,
    settledAt: nullable,
    settleReason: nullable,
  }),
);
export type PaymentView = z.infer<typeof PaymentView>;

export const PendingPayments = lazy(() => z.object({ lock: PaymentLockState, payments: z.array(PaymentView) }));
export const SettledPayment = lazy(() => z.object({ payment: PaymentView, lock: PaymentLockState }));

/** A supervisor gives money back for an approved payment: the whole amount left unless a part is named. */
export const RefundBody = lazy(() =>
  z.strictObject({
    reason: z.string().trim().min(3, 'say why the money goes back, e.g. "service not delivered: passport office closed"').max(500),
    amountMinor: z.number().int('minor units: 1250 is 12.50').positive().max(99_999_999).optional(),
  }),
);
export type RefundBody = z.infer<typeof RefundBody>;

export const RefundView = lazy(() =>
  z.object({
    id: z.string(),
    paymentId: z.string(),
    method: z.enum(['reversal', 'refund']),
    state: z.string(),
    amountMinor: z.number().int(),
    currency: z.string(),
    etimbreReference: z.string().nullable(),
    shortRef: z.string().nullable(),
    requestedBy: z.string(),
    why: z.string(),
    reason: z.string().nullable(),
    receiptNo: z.string().nullable(),
    createdAt: z.string(),
  }),
);
export type RefundView = z.infer<typeof RefundView>;

/** The refund receipt's print right after the refund: printed or not, the refund stays done. */
export const ReceiptOutcome = lazy(() => z.object({ printed: z.boolean(), detail: z.string() }));

/** The refund's outcome: `refunded` (money went back), or the failure with the journaled refund. */
export const RefundAnswer = lazy(() =>
  z.object({
    ok: z.boolean(),
    outcome: z.string(),
    fullyRefunded: z.boolean().optional(),
    reason: z.string().optional(),
    refund: RefundView,
    /** The refund receipt printed at the kiosk (when the daemon prints it): the refund is done either way. */
    receipt: ReceiptOutcome.optional(),
  }),
);
export type RefundAnswer = z.infer<typeof RefundAnswer>;

/** A refund as the supervisor's page lists it: the journaled refund and its last receipt print, if any. */
export const RefundListed = lazy(() =>
  RefundView.extend({
    terminalAmountMinor: z.number().int().nullable(),
    updatedAt: z.string(),
    receipt: z.object({ printed: z.boolean(), at: z.string() }).nullable(),
  }),
);
export type RefundListed = z.infer<typeof RefundListed>;

/** An approved payment of the period, what is left to refund, and how a refund of it would go. */
export const RefundablePayment = lazy(() =>
  z.object({
    id: z.string(),
    createdAt: z.string(),
    state: z.string(),
    protocol: z.enum(['concert', 'zvt']),
    terminalId: z.string(),
    kioskId: z.string(),
    amountMinor: z.number().int(),
    currency: z.string(),
    reference: nullable,
    shortRef: nullable,
    authCode: nullable,
    maskedPan: nullable,
    receiptNo: nullable,
    refundedMinor: z.number().int(),
    /** Done or maybe done (in flight, unknown): counts against what was approved. */
    committedMinor: z.number().int(),
    leftMinor: z.number().int(),
    /** What the terminal would be sent for the whole amount left: a reversal needs no card, a refund needs it again. */
    method: z.enum(['reversal', 'refund']),
    /** The terminal's card receipt was journaled (the kiosk can reprint it). */
    cardReceipt: z.boolean(),
    refunds: z.array(RefundListed),
  }),
);
export type RefundablePayment = z.infer<typeof RefundablePayment>;

const isoDay = lazy(() => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD'));
export const RefundableQuery = lazy(() => z.strictObject({ from: isoDay, to: isoDay }));
export const RefundablePayments = lazy(() => z.object({ from: z.string(), to: z.string(), payments: z.array(RefundablePayment) }));
export type RefundablePayments = z.infer<typeof RefundablePayments>;

export const RefundReceiptParams = lazy(() =>
  z.strictObject({ id: z.string().regex(/^[0-9A-Za-z_-]{4,64}$/, 'a payment id'), rid: z.string().regex(/^[0-9A-Za-z_-]{4,64}$/, 'a refund id') }),
);
/** A receipt sent to the kiosk's printer (a failure is a refusal carrying the printer's words). */
export const ReceiptPrinted = lazy(() => z.object({ printed: z.literal(true), detail: z.string() }));
