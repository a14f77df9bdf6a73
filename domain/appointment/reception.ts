// Reception check-in at a counter (issue 18 item 5): how the fee of an appointment checked in by an agent is
// settled. The counter never charges a card itself: the visitor paid on the counter's own terminal (the agent types
// the reference it printed) or the fee is waived with a reason. Pure: the server records what this accepts.

/** What the agent says about the fee. */
export type FeeDecision = { kind: 'paid'; reference: string } | { kind: 'exempt'; reason: string };

/** The fee as recorded: `free` when the service costs nothing (nothing to pay, nothing to waive). */
export type FeeRecord =
  | { kind: 'paid'; amountMinor: number; currency: string; reference: string }
  | { kind: 'exempt'; amountMinor: number; currency: string; reason: string }
  | { kind: 'free'; amountMinor: 0; currency: string };

export type FeeRefusal =
  | { ok: false; reason: 'fee-required'; detail: string }
  | { ok: false; reason: 'reference-required'; detail: string }
  | { ok: false; reason: 'exempt-reason-required'; detail: string };

/** Longest reference or reason kept: a terminal's reference is short; a reason is a sentence, not a file. */
export const FEE_TEXT_MAX = 200;

/**
 * The fee record for an appointment whose services cost `amountMinor` (the kiosk's own quote): a payable fee needs
 * the agent's word, paid with the terminal's reference or exempt with a reason; a free one needs none (any word is
 * ignored: there is nothing to pay, and recording "exempt" would count a waiver that waived nothing).
 */
export function settleFee(due: { amountMinor: number; currency: string }, decision: FeeDecision | null): { ok: true; fee: FeeRecord } | FeeRefusal {
  if (due.amountMinor === 0) return { ok: true, fee: { kind: 'free', amountMinor: 0, currency: due.currency } };
  if (!decision)
    return {
      ok: false,
      reason: 'fee-required',
      detail: 'this appointment has a fee: record it as paid at the counter (with its reference) or exempt (with a reason)',
    };
  if (decision.kind === 'paid') {
    const reference = decision.reference.trim().slice(0, FEE_TEXT_MAX);
    if (!reference) return { ok: false, reason: 'reference-required', detail: "type the reference printed by the counter's card terminal (or on the receipt)" };
    return { ok: true, fee: { kind: 'paid', amountMinor: due.amountMinor, currency: due.currency, reference } };
  }
  const reason = decision.reason.trim().slice(0, FEE_TEXT_MAX);
  if (!reason) return { ok: false, reason: 'exempt-reason-required', detail: 'say why this visitor is exempt from the fee' };
  return { ok: true, fee: { kind: 'exempt', amountMinor: due.amountMinor, currency: due.currency, reason } };
}
