// What the terminal approved, compared with what was asked. Both protocols tie an answer to its request by
// what they guarantee (DESIGN.md payment-safety rule 7), and a terminal may still approve another amount or
// currency (a cashier retyping it, a stale answer): that is money taken, but not the fee.
import type { Approved, PayResult } from '../devices/index';
import { moneyText } from '../../shared/money';

export interface TerminalApproval {
  approval: Approved;
  /** True when the terminal approved exactly the requested amount and currency. */
  matches: boolean;
}

/** The approval in a driver's answer: a plain approval, or an `unknown` answer that carries one. */
export function terminalApproval(result: PayResult, request: { amountMinor: number; currency: string }): TerminalApproval | undefined {
  const approval = result.ok ? result : result.outcome === 'unknown' ? result.approval : undefined;
  if (!approval) return undefined;
  return { approval, matches: approval.amountMinor === request.amountMinor && approval.currency === request.currency };
}

/** "the terminal approved 9.99 EUR, the request was 10.00 EUR". */
export function mismatchText(approval: Approved, request: { amountMinor: number; currency: string }): string {
  return `the terminal approved ${moneyText(approval.amountMinor, approval.currency)}, the request was ${moneyText(request.amountMinor, request.currency)}`;
}
