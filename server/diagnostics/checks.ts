import { existsSync, statSync, statfsSync, accessSync, constants } from 'node:fs';
import { join, resolve } from 'node:path';
import { openJournal } from '../../store/db';
import { loadMigrations, schemaVersion } from '../../store/migrations';
import { verifyChain } from '../../store/events';
import type { KioskConfig } from '../config/schema';
import { HealthResponse } from '../../shared/api';
import type { DeviceInfo } from '../../shared/devices';
import { holdersOf } from '../backup/restore';

export interface CheckResult {
  name: string;
  ok: boolean;
  /** A warning does not fail `kiosk diag` but is shown. */
  warning?: boolean;
  detail: string;
}

const MiB = 1024 * 1024;

export function checkDataDir(cfg: KioskConfig): CheckResult[] {
  const dir = resolve(cfg.dataDir);
  if (!existsSync(dir)) {
    return cfg.dataDir === 'data'
      ? [{ name: 'data directory', ok: true, warning: true, detail: `${dir} not created yet (the daemon creates the default directory at its first start)` }]
      : [{ name: 'data directory', ok: false, detail: `${dir} does not exist: create it (mkdir -p ${dir}) or fix dataDir` }];
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    return [{ name: 'data directory', ok: false, detail: `${dir} is not writable by this user: fix its owner (the kiosk user) or mode` }];
  }
  const fs = statfsSync(dir);
  const free = fs.bavail * fs.bsize;
  const low = free < 200 * MiB;
  return [
    { name: 'data directory', ok: true, detail: `${dir} writable` },
    {
      name: 'disk space',
      ok: free >= 20 * MiB,
      warning: low,
      detail: `${(free / MiB).toFixed(0)} MiB free${low ? ': below 200 MiB, free some space or the journal will stop' : ''}`,
    },
  ];
}

export function checkJournal(cfg: KioskConfig): CheckResult[] {
  const file = join(resolve(cfg.dataDir), 'journal.sqlite');
  if (!existsSync(file)) return [{ name: 'journal', ok: true, warning: true, detail: `${file} not created yet (the daemon creates it at its first start)` }];
  try {
    const db = openJournal(file, { readonly: true, migrate: false });
    try {
      const version = schemaVersion(db);
      const known = loadMigrations().length;
      const chain = verifyChain(db);
      const size = statSync(file).size + (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);
      return [
        {
          name: 'journal schema',
          ok: version <= known,
          warning: version < known,
          detail:
            version === known
              ? `version ${version}, current`
              : version < known
                ? `version ${version}, will migrate to ${known} at the next start`
                : `version ${version} is newer than this software (${known}): install the newer version`,
        },
        {
          name: 'journal chain',
          ok: chain.ok,
          detail: chain.ok ? `${chain.count} events, hash chain intact` : `${chain.reason}; keep this file for investigation and restore the last backup`,
        },
        { name: 'journal size', ok: true, detail: `${(size / MiB).toFixed(1)} MiB` },
      ];
    } finally {
      db.close();
    }
  } catch (err) {
    return [{ name: 'journal', ok: false, detail: `cannot read ${file}: ${(err as Error).message}` }];
  }
}

/** Where a local client reaches the daemon: its bind address, or loopback when it binds every interface. */
export function daemonBaseUrl(cfg: KioskConfig): string {
  const host = cfg.server.host === '0.0.0.0' || cfg.server.host === '::' ? '127.0.0.1' : cfg.server.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${cfg.server.port}`;
}

/**
 * When the daemon runs it owns the ports; ask it instead of opening them a second time. Null when nothing
 * answers at all (connection refused): the caller then checks from outside (see daemonNotAnswering).
 */
export async function checkViaDaemon(cfg: KioskConfig, timeoutMs = 1500): Promise<CheckResult[] | null> {
  const url = `${daemonBaseUrl(cfg)}/api/health`;
  let body: unknown;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    body = await res.json();
  } catch (err) {
    const name = (err as Error).name;
    // Something accepted the connection and then said nothing: a hung daemon is not a stopped one.
    if (name === 'TimeoutError' || name === 'AbortError')
      return [
        {
          name: 'daemon',
          ok: false,
          detail: `${url} took the connection but gave no answer within ${timeoutMs} ms: the daemon hangs; restart it (systemctl restart kiosk-daemon)`,
        },
      ];
    return null;
  }
  const parsed = HealthResponse.safeParse(body);
  if (!parsed.success)
    return [{ name: 'daemon', ok: false, detail: `${url} answered, but not as a kiosk daemon: another program holds port ${cfg.server.port}` }];
  return [
    { name: 'daemon', ok: true, detail: `running, version ${parsed.data.version}, up ${parsed.data.uptimeSeconds} s` },
    ...deviceChecks(cfg, parsed.data.devices),
  ];
}

/**
 * Nothing answers on the daemon's port. Not running, unless another process holds the journal: then a daemon
 * runs elsewhere (started with another PORT or --port) or hangs, and saying "not running" would be false.
 */
export function daemonNotAnswering(cfg: KioskConfig): CheckResult {
  const url = `${daemonBaseUrl(cfg)}/`;
  const journal = join(resolve(cfg.dataDir), 'journal.sqlite');
  const holders = holdersOf(journal);
  if (holders.length) {
    return {
      name: 'daemon',
      ok: false,
      detail:
        `nothing answers on ${url}, but process ${holders.join(', ')} holds the journal ${journal}: a daemon listening on another port, or a hung one. ` +
        'Give diag the port kiosk start was given (--port N or PORT=N), or restart the daemon (systemctl restart kiosk-daemon)',
    };
  }
  return {
    name: 'daemon',
    ok: true,
    warning: true,
    detail: `not running (nothing answers on ${url} and no process holds the journal); devices checked from outside`,
  };
}

/** One check per device light: the same words from `kiosk diag` and from the diagnostics page. */
export function deviceChecks(cfg: KioskConfig, devices: DeviceInfo[]): CheckResult[] {
  return devices.map((d) => ({
    name: `${d.kind} (${d.driver}${d.simulated ? ', simulated' : ''})`,
    ok: d.status === 'ok' || d.status === 'warning',
    warning: d.status === 'warning' || d.status === 'unknown' || (d.simulated && !cfg.demo),
    detail: `${d.status}${d.detail ? ': ' + d.detail : ''}${d.simulated && !cfg.demo ? ' — simulated outside demo mode' : ''}`,
  }));
}

/** Without a running daemon: what can be said of each configured device from the outside. */
export function checkDevicesOffline(cfg: KioskConfig, terminalTcp?: { ok: boolean; detail: string }): CheckResult[] {
  const out: CheckResult[] = [];
  const port = (name: string, path: string, field: string) => {
    if (path === 'sim')
      out.push({ name, ok: true, warning: !cfg.demo, detail: `simulated${cfg.demo ? '' : ' outside demo mode: set ' + field + ' to the real port'}` });
    else if (!existsSync(path)) out.push({ name, ok: false, detail: `${path} does not exist: check the cable and ${field} (see the discovered ports below)` });
    else {
      try {
        accessSync(path, constants.R_OK | constants.W_OK);
        out.push({ name, ok: true, detail: `${path} present and accessible` });
      } catch {
        out.push({ name, ok: false, detail: `${path} exists but this user may not open it: add the kiosk user to the dialout group` });
      }
    }
  };
  // A network terminal has no device node: the connect made by runDiagnostics (terminalTcp) says what there is.
  if (terminalTcp) out.push({ name: `terminal (${cfg.devices.terminal.protocol} over TCP/IP)`, ...terminalTcp });
  else port(`terminal (${cfg.devices.terminal.protocol})`, cfg.devices.terminal.port, 'devices.terminal.port');
  const t = cfg.devices.printer.transport;
  if (t === 'sim' || t.startsWith('file:') || t.startsWith('serial:'))
    port('printer', t === 'sim' ? 'sim' : t.replace(/^(file|serial):/, '').replace(/\?.*$/, ''), 'devices.printer.transport');
  else out.push({ name: 'printer', ok: true, warning: true, detail: `${t}: network printer, reached only by the daemon` });
  if (cfg.devices.scanner.type === 'wedge')
    out.push({ name: 'scanner (wedge)', ok: true, warning: true, detail: 'keyboard-wedge scanner: tested from the kiosk page' });
  else if (cfg.devices.scanner.type === 'serial') port('scanner (serial)', cfg.devices.scanner.port, 'devices.scanner.port');
  else
    out.push({
      name: 'scanner (hid)',
      ok: true,
      warning: true,
      detail: `HID ${cfg.devices.scanner.vendorId ?? '?'}:${cfg.devices.scanner.productId ?? '?'}: see the HID list below`,
    });
  return out;
}
