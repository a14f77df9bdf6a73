// Scheduled maintenance of the journal: a checked online backup every `retention.backup.everyHours`, the
// oldest ones rotated out, then the purge of personal data older than `retention.personalDataDays`; and the
// journal's anchor in the backup folder (store/anchor.ts says when and why).
// Started by the daemon after the journal is open: `const maint = startBackupSchedule({ db, config, log });` and
// `await maint.stop()` before `db.close()`.
import { join, resolve } from 'node:path';
import type { KioskConfig } from '../config/schema';
import type { Db } from '../../store/db';
import type { Logger } from '../log';
import { appendEvent } from '../../store/events';
import { anchorFileFor, createAnchorer, type AnchorResult } from '../../store/anchor';
import { purgePersonalData, type RetentionResult } from '../../store/retention';
import { RetentionConfig } from './config';
import { rotatingBackup, type BackupResult } from './backup';

export interface MaintenanceRun {
  backup: BackupResult & { removed?: string[] };
  retention: RetentionResult | { error: string };
  anchor: AnchorResult;
}

/** Between two anchors of non-money events at most this long passes (money events are anchored at once). */
export const ANCHOR_EVERY_MS = 60_000;

export interface BackupSchedule {
  /** One backup + purge now (also what the timer runs). Never throws. */
  runNow(by?: string): Promise<MaintenanceRun>;
  /** Anchors the journal's head now (also after every money event, every minute and at stop). */
  anchorNow(): Promise<AnchorResult>;
  /** Stops the timers, waits for a run in progress and anchors the head, so the daemon can close the journal after it. */
  stop(): Promise<void>;
}

/** What maintenance works on: the open journal, the config's data folder and retention, the log. */
type Ctx = { db: Db; config: KioskConfig; log: Logger };

export function backupDir(config: KioskConfig): string {
  const r = retentionOf(config);
  return resolve(r.backup.dir ?? join(config.dataDir, 'backups'));
}

export function retentionOf(config: KioskConfig): RetentionConfig {
  return (config as { retention?: RetentionConfig }).retention ?? RetentionConfig.parse({});
}

export function startBackupSchedule(ctx: Ctx, opts: { firstAfterMs?: number; anchorEveryMs?: number } = {}): BackupSchedule {
  const cfg = retentionOf(ctx.config);
  const anchorFile = anchorFileFor(ctx.db.name, backupDir(ctx.config));
  let refusedLogged = false;
  const anchorer = createAnchorer(ctx.db, anchorFile, (message, refused) => {
    if (!refused) {
      ctx.log.warn({ anchor: anchorFile, reason: message }, 'journal anchor not written');
      return;
    }
    if (refusedLogged) return;
    refusedLogged = true;
    ctx.log.error({ anchor: anchorFile, reason: message }, 'the journal does not extend its anchor: it may have been cut or rewritten');
    if (ctx.db.open) appendEvent(ctx.db, { kind: 'journal.anchor-refused', subject: 'journal', payload: { anchor: anchorFile, reason: message } });
  });
  // At start-up: checks the anchor left by the last run before anything else is anchored.
  anchorer.request();
  let running: Promise<MaintenanceRun> | null = null;
  const runNow = (by = 'schedule'): Promise<MaintenanceRun> => {
    running ??= (async () => {
      const backup = await rotatingBackup(ctx.db, backupDir(ctx.config), cfg.backup.keep).catch((err: unknown) => ({
        ok: false as const,
        reason: (err as Error).message,
      }));
      if (backup.ok) {
        ctx.log.info(
          { file: backup.check.file, bytes: backup.check.bytes, events: backup.check.events, ms: backup.ms, removed: backup.removed },
          'journal backup written and checked',
        );
        appendEvent(ctx.db, {
          kind: 'backup.made',
          subject: 'journal',
          payload: { file: backup.check.file, bytes: backup.check.bytes, events: backup.check.events, lastEventId: backup.check.lastEventId, by },
        });
      } else {
        ctx.log.error({ reason: backup.reason }, 'journal backup FAILED');
        appendEvent(ctx.db, { kind: 'backup.failed', subject: 'journal', payload: { reason: backup.reason, by } });
      }
      let retention: MaintenanceRun['retention'];
      try {
        retention = purgePersonalData(ctx.db, { olderThanDays: cfg.personalDataDays, by });
      } catch (err) {
        retention = { error: (err as Error).message };
        ctx.log.error({ err }, 'retention purge failed');
      }
      return { backup, retention, anchor: await anchorer.flush() };
    })().finally(() => {
      running = null;
    });
    return running;
  };
  const timers: NodeJS.Timeout[] = [setInterval(() => anchorer.request(), opts.anchorEveryMs ?? ANCHOR_EVERY_MS).unref()];
  if (cfg.backup.everyHours > 0) {
    const every = cfg.backup.everyHours * 3_600_000;
    const first = setTimeout(
      () => {
        void runNow();
        timers.push(setInterval(() => void runNow(), every).unref());
      },
      opts.firstAfterMs ?? Math.min(every, 60_000),
    );
    first.unref();
    timers.push(first);
  }
  return {
    runNow,
    anchorNow: () => anchorer.flush(),
    stop: async () => {
      for (const t of timers) {
        clearTimeout(t);
        clearInterval(t);
      }
      await running?.catch(() => undefined);
      await anchorer.flush();
      await anchorer.close();
    },
  };
}
