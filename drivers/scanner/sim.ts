// The in-process scanner simulator (the default `port: sim` of the daemon): codes arrive by inject(), from
// the diagnostics page or tests, through the same dedupe and listeners as a real scanner. Faults are set
// with setFault() so the kiosk's "scanner offline" screens can be exercised.
import { ScannerEmitter } from './emitter';
import type { ScannerState, ScannerStream } from './types';

export interface SimScanner extends ScannerStream {
  /** Delivers a code as if scanned. Ignored (returns false) while a fault is set or after close. */
  inject(text: string): boolean;
  setFault(state: ScannerState | null): void;
}

const READY: ScannerState = { status: 'ok', detail: 'scanner simulator: codes come from inject()' };

export function createSimScanner(o: { dedupeWindowMs?: number; now?: () => number } = {}): SimScanner {
  const em = new ScannerEmitter(READY, o.dedupeWindowMs, o.now);
  let closed = false;
  const base = em.stream(async () => {
    closed = true;
    em.setStatus({ status: 'offline', detail: 'closed' });
  });
  return Object.assign(base, {
    inject(text: string) {
      if (closed || em.state.status !== 'ok') return false;
      em.emitCode(text, 'sim');
      return true;
    },
    setFault(state: ScannerState | null) {
      if (!closed) em.setStatus(state ?? READY);
    },
  });
}
