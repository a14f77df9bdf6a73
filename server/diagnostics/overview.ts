// The daemon's own health for the overview: disk, journal size, last backup, and the same self tests as
// `kiosk diag` (checks.ts), answered from inside the daemon instead of over HTTP.
import { existsSync, readdirSync, statSync, statfsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DeviceInfo } from '../../shared/devices';
import type { KioskConfig } from '../config/schema';
import { checkDataDir, checkJournal, deviceChecks, type CheckResult } from './checks';

export function journalFile(cfg: KioskConfig): string {
  return join(resolve(cfg.dataDir), 'journal.sqlite');
}

/** Journal file plus its WAL: what the disk really holds. */
export function journalBytes(cfg: KioskConfig): number {
  const f = journalFile(cfg);
  let n = 0;
  for (const p of [f, `${f}-wal`]) if (existsSync(p)) n += statSync(p).size;
  return n;
}

export function diskSpace(dir: string): { freeBytes: number; totalBytes: number } {
  try {
    const fs = statfsSync(resolve(dir));
    return { freeBytes: fs.bavail * fs.bsize, totalBytes: fs.blocks * fs.bsize };
  } catch {
    return { freeBytes: 0, totalBytes: 0 };
  }
}

/**
 * The newest file in <dataDir>/backups (where a backup job copies the journal). The daemon makes no backup
 * itself yet: no such file is shown as "no backup", which a technician must treat as a finding.
 */
export function lastBackup(cfg: KioskConfig): { file: string; at: string; bytes: number } | null {
  const dir = join(resolve(cfg.dataDir), 'backups');
  if (!existsSync(dir)) return null;
  let best: { file: string; at: string; bytes: number; ms: number } | null = null;
  for (const name of readdirSync(dir)) {
    // Beside the backups: their chain keys and the journal's anchor (store/anchor.ts), which are not backups.
    if (name.endsWith('.key') || name.includes('.anchor')) continue;
    const st = statSync(join(dir, name));
    if (!st.isFile()) continue;
    if (!best || st.mtimeMs > best.ms) best = { file: join(dir, name), at: st.mtime.toISOString(), bytes: st.size, ms: st.mtimeMs };
  }
  return best && { file: best.file, at: best.at, bytes: best.bytes };
}

/** `kiosk diag`'s checks, from inside the running daemon. */
export function selfTest(ctx: { config: KioskConfig; version: string; startedAt: number }, devices: DeviceInfo[]): CheckResult[] {
  const cfg = ctx.config;
  return [
    { name: 'config', ok: true, detail: `${cfg.consulate.code}, kiosk ${cfg.kioskId}${cfg.demo ? ', demo mode' : ''}` },
    ...checkDataDir(cfg),
    ...checkJournal(cfg),
    { name: 'daemon', ok: true, detail: `running, version ${ctx.version}, up ${Math.round((Date.now() - ctx.startedAt) / 1000)} s` },
    ...deviceChecks(cfg, devices),
  ];
}
