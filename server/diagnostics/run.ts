import type { KioskConfig } from '../config/schema';
import { checkDataDir, checkDevicesOffline, checkJournal, checkViaDaemon, daemonNotAnswering, type CheckResult } from './checks';
import { checkHubLink } from './hub-check';
import { checkKioskDevices } from '../post/alerts/diag-check';
import { discoverAll, type Discovered } from './discover';
import { reachTcpTerminal, terminalTransportOf } from '../devices/index';

export interface DiagReport {
  ok: boolean;
  at: string;
  kioskId: string;
  checks: CheckResult[];
  discovered: Discovered;
}

/** The self tests of `kiosk diag` (and of the diagnostics page): the same answers from a shell or a page. */
export async function runDiagnostics(cfg: KioskConfig, opts: { daemonTimeoutMs?: number } = {}): Promise<DiagReport> {
  const viaDaemon = await checkViaDaemon(cfg, opts.daemonTimeoutMs);
  // With the daemon down, a network terminal is tried with a connect (a serial port is looked up on disk).
  const terminalTcp = !viaDaemon && terminalTransportOf(cfg) === 'tcp' ? await reachTcpTerminal(cfg.devices.terminal.port) : undefined;
  const checks: CheckResult[] = [
    { name: 'config', ok: true, detail: `${cfg.consulate.code}, kiosk ${cfg.kioskId}${cfg.demo ? ', demo mode' : ''}` },
    ...checkDataDir(cfg),
    ...checkJournal(cfg),
    ...(viaDaemon ?? [daemonNotAnswering(cfg), ...checkDevicesOffline(cfg, terminalTcp)]),
    ...(await checkHubLink(cfg)),
    ...checkKioskDevices(cfg),
  ];
  return {
    ok: checks.every((c) => c.ok),
    at: new Date().toISOString(),
    kioskId: cfg.kioskId,
    checks,
    discovered: await discoverAll(cfg),
  };
}

export function formatReport(r: DiagReport): string {
  const mark = (c: CheckResult) => (!c.ok ? 'FAIL' : c.warning ? 'WARN' : ' ok ');
  const width = Math.max(...r.checks.map((c) => c.name.length));
  const lines = [`Kiosk ${r.kioskId} self test, ${r.at}`, ...r.checks.map((c) => `[${mark(c)}] ${c.name.padEnd(width)}  ${c.detail}`)];
  lines.push('', `Ports found (${r.discovered.udev}):`);
  const ports = [...r.discovered.serial, ...r.discovered.printers];
  if (ports.length === 0) lines.push('  none (no serial, USB-serial or USB printer device on this machine)');
  for (const p of ports) lines.push(`  ${p.stableName ?? p.path}  ${p.kind}, ${p.vendor}, probably ${p.probably}`);
  lines.push('HID devices:');
  if (r.discovered.hidError) lines.push(`  ${r.discovered.hidError}`);
  else if (r.discovered.hid.length === 0) lines.push('  none');
  for (const h of r.discovered.hid)
    lines.push(
      `  ${h.vendorId.toString(16).padStart(4, '0')}:${h.productId.toString(16).padStart(4, '0')} ` +
        `${h.manufacturer ?? ''} ${h.product ?? ''} — probably ${h.probably}`,
    );
  lines.push('', r.ok ? 'All checks passed.' : `${r.checks.filter((c) => !c.ok).length} check(s) failed.`);
  return lines.join('\n');
}
