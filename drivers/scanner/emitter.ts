// The shared plumbing of every ScannerStream: listeners, status, duplicate suppression.
import { createDeduper, DEDUPE_WINDOW_MS } from './dedupe';
import type { ScannedCode, ScannerState, ScannerStream } from './types';

export class ScannerEmitter {
  private codeListeners = new Set<(c: ScannedCode) => void>();
  private statusListeners = new Set<(s: ScannerState) => void>();
  private readonly fresh: (text: string, now: number) => boolean;
  state: ScannerState;

  constructor(
    initial: ScannerState,
    dedupeWindowMs = DEDUPE_WINDOW_MS,
    private readonly now: () => number = Date.now,
  ) {
    this.state = initial;
    this.fresh = createDeduper(dedupeWindowMs);
  }

  emitCode(text: string, source: ScannedCode['source'], symbology?: string): void {
    const at = this.now();
    if (text.length === 0 || !this.fresh(text, at)) return;
    const code: ScannedCode = { text, at, source, ...(symbology ? { symbology } : {}) };
    for (const l of this.codeListeners) l(code);
  }

  setStatus(state: ScannerState): void {
    if (state.status === this.state.status && state.detail === this.state.detail) return;
    this.state = state;
    for (const l of this.statusListeners) l(state);
  }

  stream(close: () => Promise<void>): ScannerStream {
    const codes = this.codeListeners;
    const statuses = this.statusListeners;
    const current = () => this.state;
    return {
      onCode: (cb) => {
        codes.add(cb);
        return () => codes.delete(cb);
      },
      onStatus: (cb) => {
        statuses.add(cb);
        return () => statuses.delete(cb);
      },
      get status() {
        return current();
      },
      close,
    };
  }
}
