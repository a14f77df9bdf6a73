// Offline number blocks (issue 15): the hub leases each kiosk a block of numbers per prefix and business day,
// which the kiosk prints when the hub does not answer in time. Blocks are taken from the TOP of the range
// (the first one end-size+1..end, the next one just below the lowest leased), while online numbers count up
// from start: the two never meet, online numbers stay gap-free, and a block is only leased above the next
// number the online count may give (once the online count wraps, no block at all: every number can come back).
import type { NumberingRule } from './numbering';

export interface BlockRange {
  first: number;
  last: number;
}

/** A kiosk's block and the next number it would print from it (next > last: used up). */
export interface HeldBlock extends BlockRange {
  next: number;
}

export interface BlockSituation {
  /** The lowest first number of today's blocks of this prefix, null when none yet. */
  lowestLeased: number | null;
  /** The next number the online count would give in cycle 0; null when it has wrapped (or reached the end). */
  onlineNext: number | null;
}

export function nextBlockRange(rule: NumberingRule, size: number, s: BlockSituation): BlockRange | null {
  if (s.onlineNext === null || size < 1) return null;
  const last = (s.lowestLeased ?? rule.end + 1) - 1;
  const first = Math.max(last - size + 1, s.onlineNext, rule.start);
  return first > last ? null : { first, last };
}

/** The next number the online count gives in cycle 0 after `lastSeq` (-1: none yet), or null past the range. */
export function onlineNextNumber(rule: NumberingRule, lastSeq: number): number | null {
  const n = rule.start + lastSeq + 1;
  return n > rule.end ? null : n;
}

/**
 * A kiosk asks for a new block once half of its current block is used: `left` numbers still held in all its blocks
 * of the prefix today, `size` the size of the block in use (null: it holds none).
 */
export function wantsRenewal(left: number, size: number | null): boolean {
  return size === null || left * 2 <= size;
}

/** The kiosk's own series once its block is used up: "A-K2-001", a label no other kiosk and no hub number can have. */
export function fallbackLabel(prefix: string, kioskId: string, n: number, digits: number): string {
  return `${prefix}-${kioskId}-${String(n).padStart(digits, '0')}`;
}
