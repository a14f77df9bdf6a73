// Named simulator behaviours. The diagnostics page switches them at runtime; tests run every one of them
// against each driver and check what the kiosk concludes.
import type { TerminalProtocol } from '../types';

export const COMMON_SCENARIOS = [
  'approve',
  'decline',
  'pin-delay',
  'abandon',
  'timeout',
  'nak-storm',
  'garbled-checksum',
  'split-frames',
  'glued-frames',
  'busy',
  'answer-lost',
] as const;

/** Where the line drops, per protocol, in the order the exchange reaches them. */
export const DROP_STEPS = {
  concert: ['enq', 'request', 'answer-enq', 'answer', 'eot'],
  zvt: ['command', 'reply', 'intermediate', 'status', 'completion'],
} as const satisfies Record<TerminalProtocol, readonly string[]>;

export type CommonScenario = (typeof COMMON_SCENARIOS)[number];
export type Scenario = CommonScenario | `line-drop-${string}`;

export function scenarioNames(protocol: TerminalProtocol): string[] {
  return [...COMMON_SCENARIOS, ...DROP_STEPS[protocol].map((s) => `line-drop-${s}`)];
}

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
