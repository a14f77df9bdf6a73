// What the daemon, the CLI and the tests hold of a running simulated terminal.
import type { TerminalProtocol } from '../types';
import type { ChargeLog } from './charge-log';

export interface TerminalSimulator {
  readonly protocol: TerminalProtocol;
  readonly scenario: string;
  /** Switch behaviour at runtime (diagnostics fault injection). Takes effect at the next exchange. */
  setScenario(name: string): { ok: true } | { ok: false; reason: string };
  readonly log: ChargeLog;
  close(): Promise<void>;
}
