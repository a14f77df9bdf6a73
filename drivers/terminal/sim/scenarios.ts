// Named simulator behaviours. The diagnostics page switches them at runtime; tests run every one of them
// against each driver and check what the kiosk concludes.
import { scenarioNames, type Scenario, type TerminalProtocol } from '../../../shared/terminal-config';

// The names live in shared/terminal-config.ts (the config file checks them too); re-exported for the simulators.
export { COMMON_SCENARIOS, DROP_STEPS, scenarioNames, type CommonScenario, type Scenario } from '../../../shared/terminal-config';

export function checkScenario(protocol: TerminalProtocol, name: string): { ok: true; scenario: Scenario } | { ok: false; reason: string } {
  if (scenarioNames(protocol).includes(name)) return { ok: true, scenario: name as Scenario };
  return { ok: false, reason: `unknown ${protocol} simulator scenario "${name}"; known: ${scenarioNames(protocol).join(', ')}` };
}

/** Timing of the simulated visitor and terminal. Zero think time for tests and benchmarks. */
export interface SimTiming {
  /** Card handling before the answer in the ordinary scenarios. */
  thinkMs: number;
  /** pin-delay: total time the visitor spends on the PIN. */
  pinDelayMs: number;
  /** pin-delay: gap between two ZVT intermediate statuses. */
  pinStepMs: number;
}

export const TEST_TIMING: SimTiming = { thinkMs: 0, pinDelayMs: 1200, pinStepMs: 300 };
export const HUMAN_TIMING: SimTiming = { thinkMs: 1500, pinDelayMs: 8000, pinStepMs: 2000 };
