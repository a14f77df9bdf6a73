// A kiosk's devices as it reports them to its hub: the device registry's lights (what the kiosk's own diagnostics
// page shows), each with its last error, kept after the device recovered, and the printer's paper state.
import type { DeviceInfo } from '../../../shared/devices';
import type { KioskDeviceReport, PaperState } from '../../../shared/post-alerts-api';
import type { DeviceRegistry } from '../../devices/registry';

/** What of the printer's last status (PrinterService.lastStatus) tells its paper. */
export interface PaperBits {
  flags: { paperOut?: boolean; nearEnd?: boolean };
  canReadStatus: boolean;
}

/** From the status bits, not the summary state: a cover open hides whether there is paper, the bits do not. */
export function paperOf(s: PaperBits | null): PaperState {
  if (!s || !s.canReadStatus) return 'unknown';
  if (s.flags.paperOut) return 'out';
  if (s.flags.nearEnd) return 'near-end';
  return s.flags.paperOut === false ? 'ok' : 'unknown';
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function deviceReporter(registry: Pick<DeviceRegistry, 'list'>, printerStatus: () => PaperBits | null) {
  const lastError = new Map<string, { detail: string; at: string }>();
  /** Call with every list the registry announces: an error between two reports is remembered. */
  const saw = (list: readonly DeviceInfo[]) => {
    for (const d of list) if (d.status === 'error' || d.status === 'offline') lastError.set(d.id, { detail: clip(d.detail ?? d.status, 300), at: d.since });
  };
  saw(registry.list());
  return {
    saw,
    list: (): KioskDeviceReport[] =>
      registry.list().map((d) => ({
        id: d.id,
        kind: d.kind,
        driver: clip(d.driver, 128),
        simulated: d.simulated,
        status: d.status,
        detail: d.detail === undefined ? null : clip(d.detail, 300),
        since: d.since,
        lastError: lastError.get(d.id) ?? null,
        paper: d.kind === 'printer' ? paperOf(printerStatus()) : null,
      })),
  };
}
