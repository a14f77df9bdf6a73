// The simulated terminal's own journal of money moved: append-only, in memory and optionally as JSON lines
// on disk (written before the terminal answers, like a real terminal's journal). Tests compare it with the
// kiosk's journal: every approved payment must be here exactly once, and nothing else may be.
import { appendFileSync } from 'node:fs';
import type { TerminalProtocol } from '../types';

export interface ChargeEntry {
  seq: number;
  at: string;
  protocol: TerminalProtocol;
  kind: 'charge' | 'reversal' | 'refund';
  amountMinor: number;
  currency: string;
  /** Concert: the private field of the request (our payment reference when it fits). */
  reference?: string;
  receiptNumber?: string;
  trace?: string;
  authCode?: string;
  /** Reversal: the receipt number of the charge it cancels. */
  reverses?: string;
}

export class ChargeLog {
  private readonly list: ChargeEntry[] = [];

  constructor(
    private readonly file?: string,
    private readonly onAppend?: (entry: ChargeEntry) => void,
  ) {}

  append(entry: Omit<ChargeEntry, 'seq' | 'at'>): ChargeEntry {
    const full: ChargeEntry = { seq: this.list.length + 1, at: new Date().toISOString(), ...entry };
    if (this.file) appendFileSync(this.file, JSON.stringify(full) + '\n');
    this.list.push(full);
    this.onAppend?.(full);
    return full;
  }

  get entries(): readonly ChargeEntry[] {
    return [...this.list];
  }

  /** Charged minus reversed/refunded, in minor units. */
  netMinor(): number {
    return this.list.reduce((n, e) => n + (e.kind === 'charge' ? e.amountMinor : -e.amountMinor), 0);
  }
}
