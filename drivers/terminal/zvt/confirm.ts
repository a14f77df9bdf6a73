// When a ZVT payment ends with a bare completion (06 0F) and no status information (04 0F) came, nothing
// says the payment was approved, for how much, or with which authorisation: field libraries read a bare
// completion as success (python-ecrterm ECR.payment returns True on any Completion; Portalum.Zvt
// SendCommandAsync sets Successful on completion; kotlin-zvt-library parseCompletion: empty data → success),
// but none of them then has an auth code, receipt or trace to journal. The driver asks the terminal to
// repeat its last receipt (06 20) and takes it as this payment's result only when it provably is.
import { instantsOf } from './clock';
import { currencyAlpha, moneyText } from '../currency';
import type { StatusInfo } from './messages';

export interface PaymentAsked {
  amountMinor: number;
  currencyNumeric: string;
  /** When the authorisation was sent, and now: the repeated receipt must have been made in between. */
  sentAt: Date;
  now: Date;
  /** Zone of the terminal's clock (BMP 0C/0D are its local wall clock). */
  timeZone: string;
  /** Trace number of the last transaction the driver saw before this payment, if it saw one. */
  previousTrace?: string;
}

/** Clock difference tolerated between the terminal and the kiosk. */
const SKEW_MS = 5 * 60_000;

export function repeatMatchesPayment(info: StatusInfo, p: PaymentAsked): { ok: true } | { ok: false; reason: string } {
  if (info.resultCode !== 0) return { ok: false, reason: `the terminal's last transaction was not approved (result ${info.resultCode ?? 'missing'})` };
  if (info.amountMinor === undefined) return { ok: false, reason: 'the repeated receipt has no amount' };
  if (info.amountMinor !== p.amountMinor) {
    const code = currencyAlpha(p.currencyNumeric) ?? p.currencyNumeric;
    return { ok: false, reason: `the repeated receipt is for ${moneyText(info.amountMinor, code)}, not ${moneyText(p.amountMinor, code)}` };
  }
  if (info.currencyNumeric && info.currencyNumeric !== p.currencyNumeric)
    return { ok: false, reason: `the repeated receipt is in currency ${info.currencyNumeric}, not ${p.currencyNumeric}` };
  // Same amount twice is the rule at a consulate (one fee for everyone): it must also be a new transaction.
  let proven = false;
  if (p.previousTrace !== undefined && info.trace !== undefined) {
    if (info.trace === p.previousTrace)
      return { ok: false, reason: `the repeated receipt (trace ${info.trace}) is the transaction the kiosk saw before this payment` };
    proven = true;
  }
  if (info.date && info.time) {
    const when = instantsOf(info.date, info.time, p.now, p.timeZone);
    const from = p.sentAt.getTime() - SKEW_MS;
    const to = p.now.getTime() + SKEW_MS;
    if (!when.some((t) => t.getTime() >= from && t.getTime() <= to)) {
      const late = when.length > 0 && when.every((t) => t.getTime() > to);
      const stamp = `${info.date.slice(2)}/${info.date.slice(0, 2)} ${info.time.slice(0, 2)}:${info.time.slice(2, 4)}:${info.time.slice(4)}`;
      return {
        ok: false,
        reason: late
          ? `the repeated receipt's time (${stamp}, ${p.timeZone}) is after now`
          : `the repeated receipt's time (${stamp}, ${p.timeZone}) is from before this payment was sent`,
      };
    }
    proven = true;
  }
  if (!proven)
    return { ok: false, reason: 'the repeated receipt has neither a time stamp nor a trace number that tells it from an earlier payment of the same amount' };
  return { ok: true };
}
