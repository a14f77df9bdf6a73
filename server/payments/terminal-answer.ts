// Whether a ZVT terminal has answered about a payment since the crash, kept in the journal so that every
// process (the daemon, `kiosk payments settle`) sees the same thing: staff must not settle "not charged"
// while the terminal that may hold the money has not said what it did. Events, not a payments column:
// the payment row's state is unchanged by asking.
import type { Db } from '../../store/db';
import { appendEvent, recentEvents } from '../../store/events';

const NO_ANSWER = 'reconcile.terminal-no-answer';
const ANSWERED = 'reconcile.terminal-answered';

export interface NoAnswer {
  since: string;
  detail: string;
}

/** The terminal did not answer (busy, unreachable, lost the exchange). Journaled once until it answers. */
export function recordNoAnswer(db: Db, paymentId: string, detail: string, at: Date): void {
  if (terminalSilence(db, paymentId)) return;
  appendEvent(db, { kind: NO_ANSWER, subject: paymentId, payload: { detail }, at });
}

/** The terminal answered about this payment (whatever it said). */
export function recordAnswered(db: Db, paymentId: string, detail: string, at: Date): void {
  if (!terminalSilence(db, paymentId)) return;
  appendEvent(db, { kind: ANSWERED, subject: paymentId, payload: { detail }, at });
}

/** Since when the terminal has not answered about this payment, or undefined when it has (or was never asked). */
export function terminalSilence(db: Db, paymentId: string): NoAnswer | undefined {
  const last = recentEvents(db, { subject: paymentId, kindPrefix: 'reconcile.terminal-', limit: 1 })[0];
  if (!last || last.kind !== NO_ANSWER) return undefined;
  return { since: last.at, detail: (last.payload as { detail?: string }).detail ?? '' };
}
