// Terminal readiness before the visitor commits (issue 17 part 4): the check-in machine offers Pay only while the
// card terminal answered its last status check (ZVT status enquiry 05 01 → 00 ready; Concert: the link answers
// ENQ with ACK). Every status the terminal slot hears goes to the machine; a fresh check is asked when a visitor
// reaches the summary and again every `recheckMs` while the summary is shown, so a terminal switched off is
// found before the visitor is asked for a card, and Pay comes back by itself when it is on again. Probes never
// start once the visitor confirmed (daemon.ts holds them); a payment that meets a probe waits for it (the driver).
import type { TerminalStatus } from '../devices/index';

export interface ReadinessSource {
  readonly last: TerminalStatus | null;
  onStatus(cb: (s: TerminalStatus) => void): () => void;
  probe(): Promise<TerminalStatus | null>;
}

export type TerminalStatusEvent = { type: 'TERMINAL_STATUS'; ready: boolean; state: string };

export const statusEvent = (s: TerminalStatus): TerminalStatusEvent => ({ type: 'TERMINAL_STATUS', ready: s.state === 'ready', state: s.state });

/** The screen on which the visitor may press Pay ("summary"; its idle warning and staff call overlays included). */
export const isSummary = (screen: string) => screen === 'summary';

export interface ReadinessWatch {
  /** Call with every screen the flow shows: a probe on entering the summary, re-checks while it is shown. */
  screen(screen: string): void;
  stop(): void;
}

export function watchTerminalReadiness(src: ReadinessSource, send: (e: TerminalStatusEvent) => void, recheckMs: number): ReadinessWatch {
  // Each re-check repeats the same answer: the machine hears changes only (a new snapshot is a push to the page).
  let said = '';
  const tell = (s: TerminalStatus) => {
    const e = statusEvent(s);
    if (`${e.ready}|${e.state}` === said) return;
    said = `${e.ready}|${e.state}`;
    send(e);
  };
  const off = src.onStatus(tell);
  if (src.last) tell(src.last);
  let onSummary = false;
  let timer: NodeJS.Timeout | null = null;
  const ask = () => void src.probe().catch(() => undefined);
  const stopTimer = () => {
    if (timer) clearInterval(timer);
    timer = null;
  };
  return {
    screen(screen) {
      const now = isSummary(screen);
      if (now && !onSummary) {
        ask();
        timer = setInterval(ask, recheckMs);
        timer.unref();
      }
      if (!now) stopTimer();
      onSummary = now;
    },
    stop() {
      stopTimer();
      off();
    },
  };
}
