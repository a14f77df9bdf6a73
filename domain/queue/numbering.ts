// Ticket numbers: a service prefix and a number counted per consulate, prefix and business day.
// The n-th allocation of the day (seq 0, 1, 2, …) maps to start + (seq mod range); with wrap off the day
// ends at `end`. With wrap on, a number still held by an open ticket (waiting, called, serving, or parked: held) is
// skipped, so two people in the hall never hold the same number.

export interface NumberingRule {
  start: number;
  end: number;
  wrap: boolean;
  /** Zero-padded width of the printed number: 3 gives "A-007". */
  digits: number;
}

export const DEFAULT_NUMBERING: NumberingRule = { start: 1, end: 999, wrap: true, digits: 3 };

export interface Allocation {
  /** Allocation ordinal in the day, from 0; stored so the next allocation continues after it. */
  seq: number;
  number: number;
  /** How many times the range was wrapped before this number (0 without wrap). */
  cycle: number;
}

export type AllocateResult = { ok: true; allocation: Allocation } | { ok: false; reason: 'exhausted'; detail: string };

export function rangeSize(rule: NumberingRule): number {
  return rule.end - rule.start + 1;
}

export function checkRule(rule: NumberingRule): string | null {
  if (!Number.isInteger(rule.start) || !Number.isInteger(rule.end) || rule.start < 0) return 'start and end must be whole numbers, start 0 or more';
  if (rule.end < rule.start) return `end (${rule.end}) must not be below start (${rule.start})`;
  if (String(rule.end).length > rule.digits) return `end ${rule.end} needs more than ${rule.digits} digits: raise digits or lower end`;
  return null;
}

/**
 * The allocation after `lastSeq` (-1 when none yet today). `isOpen(number)` says whether an open ticket
 * of this prefix and day still holds the number; it is only asked when wrapping. `isReserved(number)` says
 * whether the number belongs to a kiosk's offline block (domain/queue/blocks.ts): skipped in every cycle, so
 * a number a kiosk may print offline is never given online, and the online numbers below the blocks stay
 * gap-free (a reserved seq is simply never used: block tickets take it on the hub, cycle 0).
 */
export function nextAllocation(
  lastSeq: number,
  rule: NumberingRule,
  isOpen: (n: number) => boolean,
  prefix = '',
  isReserved: (n: number) => boolean = () => false,
): AllocateResult {
  const size = rangeSize(rule);
  let reserved = false;
  for (let seq = lastSeq + 1, tries = 0; tries < size; seq++, tries++) {
    const cycle = Math.floor(seq / size);
    if (cycle > 0 && !rule.wrap) break;
    const number = rule.start + (seq % size);
    if (isReserved(number)) {
      reserved = true;
      continue;
    }
    if (cycle > 0 && isOpen(number)) continue;
    return { ok: true, allocation: { seq, number, cycle } };
  }
  const what = `numbers ${prefix ? prefix + ' ' : ''}${rule.start}-${rule.end}`;
  return {
    ok: false,
    reason: 'exhausted',
    detail: reserved
      ? `today's ${what} not held by kiosks' offline blocks are used up: widen queue.numbering (start/end) or lower the offline block size`
      : rule.wrap
        ? `all ${what} are held by open tickets today: close finished tickets or widen queue.numbering (start/end)`
        : `today's ${what} are used up: widen queue.numbering (start/end) or turn on queue.numbering.wrap`,
  };
}

/** "A-023". */
export function ticketLabel(prefix: string, number: number, digits: number): string {
  return `${prefix}-${String(number).padStart(digits, '0')}`;
}

/** What the board says: "A 23" (no leading zeros, a pause instead of the dash). */
export function spokenLabel(prefix: string, number: number): string {
  return `${prefix} ${number}`;
}
