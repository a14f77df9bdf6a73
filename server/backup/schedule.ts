// Scheduled maintenance of the journal: a checked online backup every `retention.backup.everyHours`, the
// oldest ones rotated out, then the purge of personal data older than `retention.personalDataDays`.
// Started by the daemon after the journal is open: `const maint = startBackupSchedule(ctx);` and
// `await maint.stop()` before `db.close()`.
import { join, resolve } from 'node:path';
import type { DaemonContext } from '../context';
import { appendEvent } from '../../store/events';
import { purgePersonalData, type RetentionResult } from '../../store/retention';
import { RetentionConfig } from './config';
import { rotatingBackup, type BackupResult } from './backup';

export interface MaintenanceRun { backup: BackupResult & { removed?: string[] }; retention: RetentionResult | { error: string } }

export interface BackupSchedule {
  /** One backup + purge now (also what the timer runs). Never throws. */
  runNow(by?: string): Promise<MaintenanceRun>;
  /** Stops the timer and waits for a run in progress, so the daemon can close the journal after it. */
  stop(): Promise<void>;
}

type Ctx = Pick<DaemonContext, 'db' | 'config' | 'log'>;

export function backupDir(config: DaemonContext['config']): string {
  const r = retentionOf(config);
  return resolve(r.backup.dir ?? join(config.dataDir, 'backups'));
}

export function retentionOf(config: DaemonContext['config']): RetentionConfig {
  return (config as { retention?: RetentionConfig }).retention ?? RetentionConfig.parse({});
}

export function startBackupSchedule(ctx: Ctx, opts: { firstAfterMs?: number } = {}): BackupSchedule {
  const cfg = retentionOf(ctx.config);
  let running: Promise<MaintenanceRun> | null = null;
  const runNow = (by = 'schedule'): Promise<MaintenanceRun> => {
    running ??= (async () => {
      const backup = await rotatingBackup(ctx.db, backupDir(ctx.config), cfg.backup.keep).catch((err: unknown) => ({ ok: false as const, message: (err as Error).message }));
      if (backup.ok) {
        ctx.log.info({ file: backup.check.file, bytes: backup.check.bytes, events: backup.check.events, ms: backup.ms, removed: backup.removed }, 'journal backup written and checked');
        appendEvent(ctx.db, { kind: 'backup.made', subject: 'journal', payload: { file: backup.check.file, bytes: backup.check.bytes, events: backup.check.events, lastEventId: backup.check.lastEventId, by } });
      } else {
        ctx.log.error({ reason: backup.message }, 'journal backup FAILED');
        appendEvent(ctx.db, { kind: 'backup.failed', subject: 'journal', payload: { reason: backup.message, by } });
      }
      let retention: MaintenanceRun['retention'];
      try {
        retention = purgePersonalData(ctx.db, { olderThanDays: cfg.personalDataDays, by });
      } catch (err) {
        retention = { error: (err as Error).message };
        ctx.log.error({ err }, 'retention purge failed');
      }
      return { backup, retention };
    })().finally(() => { running = null; });
    return running;
  };
  const timers: NodeJS.Timeout[] = [];
  if (cfg.backup.everyHours > 0) {
    const every = cfg.backup.everyHours * 3_600_000;
    const first = setTimeout(() => { void runNow(); timers.push(setInterval(() => void runNow(), every).unref()); }, opts.firstAfterMs ?? Math.min(every, 60_000));
    first.unref();
    timers.push(first);
  }
  return {
    runNow,
    stop: async () => {
      for (const t of timers) { clearTimeout(t); clearInterval(t); }
      await running?.catch(() => undefined);
    },
  };
}
