// Fault injection into the simulators, from the diagnostics page. Each fault acts on the simulator itself
// (the virtual printer's sensors, the terminal simulator's scenario, the scanner simulator's state), so the
// drivers and the kiosk flow see exactly what real hardware would make them see.
import type { DeviceKind } from '../../shared/devices';
import type { DeviceControls } from '../../shared/diagnostics-api';
import type { Devices } from '../devices/setup';
import type { KioskConfig } from '../config/schema';
import { configuredSim } from '../devices/modes';
import { FAULTS, scenarioNames, type FaultName } from '../devices/index';

export const SCANNER_FAULTS = ['offline', 'error', 'noise'] as const;

/** Bytes a scanner sends when its window is dirty or the cable picks up noise. */
export const NOISE = '\u0000\u001b#~\u00ff?¿\u0007%';

export type FaultResult = { ok: true; message: string } | { ok: false; status: 400 | 409; reason: string };

export function controls(cfg: KioskConfig, hw: Devices): DeviceControls[] {
  const printerSim = hw.printer.sim;
  const termSim = hw.terminal.simulator;
  const scanSim = hw.scanner.sim;
  return [
    {
      id: 'printer',
      mode: hw.printer.mode,
      canUseReal: !configuredSim(cfg, 'printer'),
      faults: printerSim ? [...FAULTS] : [],
      active: printerSim ? printerSim.faults : [],
    },
    {
      id: 'terminal',
      mode: hw.terminal.mode,
      canUseReal: !configuredSim(cfg, 'terminal'),
      faults: termSim ? scenarioNames(termSim.protocol).filter((s) => s !== 'approve') : [],
      active: termSim && termSim.scenario !== 'approve' ? [termSim.scenario] : [],
    },
    {
      id: 'scanner',
      mode: hw.scanner.mode,
      canUseReal: !configuredSim(cfg, 'scanner'),
      faults: scanSim ? [...SCANNER_FAULTS] : [],
      active: scanSim && scanSim.status.status !== 'ok' ? [scanSim.status.status] : [],
    },
  ];
}

const notSim = (id: DeviceKind): FaultResult => ({
  ok: false,
  status: 409,
  reason: `the ${id} is not running its simulator: switch it to the simulator first, faults are injected there`,
});

/** Sets one fault ('clear' removes them all) and re-reads the device so its light follows at once. */
export async function injectFault(hw: Devices, id: DeviceKind, fault: string): Promise<FaultResult> {
  if (id === 'printer') {
    const sim = hw.printer.sim;
    if (!sim) return notSim(id);
    if (fault === 'clear') sim.clearFaults();
    else if ((FAULTS as string[]).includes(fault)) sim.setFault(fault as FaultName);
    else return { ok: false, status: 400, reason: `unknown printer fault "${fault}"; known: ${FAULTS.join(', ')}, clear` };
    const s = await hw.printer.service.status();
    return { ok: true, message: `printer simulator: ${fault === 'clear' ? 'faults cleared' : fault}; printer now reports ${s.state}: ${s.detail}` };
  }
  if (id === 'terminal') {
    const sim = hw.terminal.simulator;
    if (!sim) return notSim(id);
    const r = sim.setScenario(fault === 'clear' ? 'approve' : fault);
    if (!r.ok) return { ok: false, status: 400, reason: r.reason };
    const s = await hw.terminal.refresh();
    return { ok: true, message: `terminal simulator: scenario ${sim.scenario} from the next exchange; terminal now reports ${s.state}: ${s.detail}` };
  }
  const sim = hw.scanner.sim;
  if (!sim) return notSim(id);
  if (fault === 'clear') sim.setFault(null);
  else if (fault === 'offline') sim.setFault({ status: 'offline', detail: 'scanner simulator: unplugged (injected fault)' });
  else if (fault === 'error') sim.setFault({ status: 'error', detail: 'scanner simulator: scan engine error (injected fault)' });
  else if (fault === 'noise') {
    if (!sim.inject(NOISE)) return { ok: false, status: 409, reason: 'the scanner simulator has a fault set: clear it before sending noise' };
    return { ok: true, message: 'scanner simulator: sent line noise as one read' };
  } else return { ok: false, status: 400, reason: `unknown scanner fault "${fault}"; known: ${SCANNER_FAULTS.join(', ')}, clear` };
  return { ok: true, message: `scanner simulator: ${fault === 'clear' ? 'fault cleared' : fault}; scanner now ${sim.status.status}: ${sim.status.detail}` };
}
