// The payment terminal driver's public entry: what the rest of the app (server/devices/, the CLI commands)
// may use. The line discipline (line-holder.ts) and the protocols stay inside.
export type {
  Approved,
  PayFailure,
  PaymentTerminal,
  PayProgress,
  PayRequest,
  PayResult,
  RefundRequest,
  RefundResult,
  ReversalResult,
  ReverseOptions,
  TerminalProtocol,
  TerminalState,
  TerminalStatus,
  ZvtTerminal,
} from './types';
export { createSimulator, lineSettings, openTerminal, terminalTransport, type OpenedTerminal } from './open';
export { openTcpStream } from './tcp-stream';
export { listenZvtSimulator, type ZvtTcpSimulator } from './sim/zvt-tcp-server';
export { ChargeLog, type ChargeEntry } from './sim/charge-log';
export { checkScenario, HUMAN_TIMING, scenarioNames, TEST_TIMING } from './sim/scenarios';
