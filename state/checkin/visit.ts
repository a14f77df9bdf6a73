// Pure helpers on the visit data: starting, forgetting, pricing and what a screen may offer.
import { quoteFee } from '../../domain/fees/fee';
import type { CheckinContext, CheckinSettings, PaymentOutcome, PaymentState, Problem, ProblemCode, ResumeVisit, Visit } from './types';

export function freshVisit(settings: CheckinSettings): Visit {
  return {
    language: settings.languages[0] ?? 'en',
    source: null,
    identification: null,
    appointment: null,
    services: [],
    persons: 1,
    priorityRequest: null,
    quote: null,
    scanHelp: false,
    etimbreReference: null,
    payment: null,
    ticket: null,
    ticketPrinted: false,
    receiptPrinted: false,
    problem: null,
    lockReason: null,
  };
}

export function resumedVisit(settings: CheckinSettings, r: ResumeVisit): Visit {
  return {
    ...freshVisit(settings),
    language: r.language,
    source: r.source,
    appointment: r.appointment,
    services: [...r.services],
    persons: r.persons,
    quote: r.quote,
    etimbreReference: r.etimbreReference,
    payment: r.payment
      ? {
          attempt: r.payment.attempt,
          idempotencyKey: r.payment.idempotencyKey,
          tries: r.payment.attempt,
          acknowledged: true,
          prompt: null,
          cancelReason: null,
          outcome: r.payment.outcome,
        }
      : null,
    ticket: r.ticket,
    ticketPrinted: r.ticketPrinted,
  };
}

/** A visit may go on to printing only if it was free or its payment was approved (used when resuming). */
export function isPrintable(v: Visit): boolean {
  if (v.quote === null) return false;
  if (!v.quote.payable) return true;
  return v.payment?.outcome?.status === 'approved' && v.etimbreReference !== null;
}

/** The visit with a quote for its services and persons, or with a fee-unavailable problem. */
export function priced(ctx: CheckinContext, visit: Visit): Visit {
  const r = quoteFee({
    schedule: ctx.settings.services,
    services: visit.services,
    persons: visit.persons,
    chanceryRate: ctx.settings.chanceryRate,
    currency: ctx.settings.currency,
  });
  if (r.ok) return { ...visit, quote: r.quote, problem: null };
  return { ...visit, quote: null, problem: { code: 'fee-unavailable', detail: { reason: r.reason } } };
}

export function problem(code: ProblemCode, detail: Record<string, string | number> = {}): Problem {
  return { code, detail };
}

export function idempotencyKey(reference: string, attempt: number): string {
  return `${reference}/${attempt}`;
}

export function firstPayment(reference: string): PaymentState {
  return { attempt: 1, idempotencyKey: idempotencyKey(reference, 1), tries: 1, acknowledged: false, prompt: null, cancelReason: null, outcome: null };
}

/** The outcome may be resent under the same attempt: it never reached the terminal. */
export function mayResend(p: PaymentState | null, max: number): boolean {
  return p !== null && p.outcome?.status === 'not_sent' && !p.acknowledged && p.tries < max;
}

/** The visitor may pay again with a new attempt (another card): nothing was charged. */
export function mayPayAgain(p: PaymentState | null, max: number): boolean {
  const s = p?.outcome?.status;
  return p !== null && (s === 'declined' || s === 'aborted') && p.tries < max;
}

export function failureProblem(outcome: PaymentOutcome, cancelReason: PaymentState['cancelReason']): Problem {
  switch (outcome.status) {
    case 'declined':
      return problem('payment-declined', { reason: outcome.reason });
    case 'not_sent':
      return problem('payment-not-sent', { detail: outcome.detail });
    case 'aborted':
      return problem(cancelReason === 'timeout' ? 'payment-timeout' : 'payment-aborted');
    default:
      return problem('device-fault', { status: outcome.status });
  }
}

/** Error codes after which the visitor may try to identify again, or queue as a walk-in. */
const RETRY_IDENTIFY: ReadonlySet<ProblemCode> = new Set([
  'appointment-malformed',
  'appointment-not-found',
  'appointment-bad-signature',
  'appointment-unknown-key',
]);
const WALK_IN_AFTER: ReadonlySet<ProblemCode> = new Set([
  'appointment-too-late',
  'appointment-not-found',
  'appointment-other-consulate',
  'appointment-revoked',
]);

export function problemAllowsRetry(p: Problem | null): boolean {
  return p !== null && RETRY_IDENTIFY.has(p.code);
}
export function problemAllowsWalkIn(p: Problem | null): boolean {
  return p !== null && WALK_IN_AFTER.has(p.code);
}
