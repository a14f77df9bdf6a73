// /api/payments/*: payments that block the kiosk, and staff settling one from the terminal's own journal.
import {
  PaymentIdParams,
  PendingPayments,
  ReceiptPrinted,
  RefundablePayments,
  RefundableQuery,
  RefundAnswer,
  RefundBody,
  RefundReceiptParams,
  SettleBody,
  SettledPayment,
} from '../payments-api';
import { Refusal } from './answers';
import { declare } from './define';

const ROLES = ['supervisor', 'technician'] as const;

export const paymentRoutes = {
  pending: declare({
    method: 'GET',
    path: '/api/payments/pending',
    summary: 'Payments whose outcome the kiosk does not know, and the lock they put on payments',
    roles: ROLES,
    responses: { 200: PendingPayments, 401: Refusal, 403: Refusal },
  }),
  settle: declare({
    method: 'POST',
    path: '/api/payments/:id/settle',
    summary: "Settle a payment as approved (with the terminal's authorisation code) or not charged, with a reason",
    roles: ROLES,
    params: PaymentIdParams,
    body: SettleBody,
    responses: { 200: SettledPayment, 400: Refusal, 401: Refusal, 403: Refusal, 404: Refusal, 409: Refusal },
  }),
  refund: declare({
    method: 'POST',
    path: '/api/payments/:id/refund',
    summary:
      'Give money back for an approved payment (supervisor): ZVT reversal while the terminal day is open, else refund with the card presented again; ' +
      'never more than was approved, one refund at a time per payment',
    roles: ['supervisor'],
    params: PaymentIdParams,
    body: RefundBody,
    responses: { 200: RefundAnswer, 400: Refusal, 401: Refusal, 403: Refusal, 404: Refusal, 409: Refusal },
  }),
  refundable: declare({
    method: 'GET',
    path: '/api/payments/refundable',
    summary: "The approved payments of a period (the consulate's business days) with what is left to refund, their refunds and receipts",
    roles: ['supervisor'],
    page: 'reports',
    query: RefundableQuery,
    responses: { 200: RefundablePayments, 400: Refusal, 401: Refusal, 403: Refusal },
  }),
  refundReceiptPrint: declare({
    method: 'POST',
    path: '/api/payments/:id/refunds/:rid/receipt/print',
    summary: "Print a refund's receipt again on the kiosk's printer (marked duplicate); journaled with who asked",
    roles: ['supervisor'],
    page: 'reports',
    params: RefundReceiptParams,
    responses: { 200: ReceiptPrinted, 400: Refusal, 401: Refusal, 403: Refusal, 404: Refusal, 409: Refusal, 503: Refusal },
  }),
  paymentCardReceiptPrint: declare({
    method: 'POST',
    path: '/api/payments/:id/card-receipt/print',
    summary: "Reprint a payment's card receipt (the terminal's customer copy, masked) from the supervisor's page, as the diagnostics page does",
    roles: ['supervisor'],
    page: 'reports',
    params: PaymentIdParams,
    responses: { 200: ReceiptPrinted, 400: Refusal, 401: Refusal, 403: Refusal, 404: Refusal, 410: Refusal, 503: Refusal },
  }),
} as const;
