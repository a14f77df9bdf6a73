import { z } from 'zod';
import { lazy } from '../../shared/lazy-schema';

/**
 * `retention` section of the config: scheduled online backups of the journal and the purge of personal
 * data. Defaults: a backup every 24 h, 14 kept, personal data kept 90 days.
 */
export const RetentionConfig = lazy(() =>
  z.strictObject({
    backup: z
      .strictObject({
        /** Hours between scheduled backups; 0 turns the schedule off (on-demand `kiosk backup` still works). */
        everyHours: z.number().nonnegative().default(24),
        /** Backup files kept in <dataDir>/backups; older ones are deleted after a good new one. */
        keep: z.number().int().min(1).default(14),
        /** Another directory (an USB disk, a mounted share); default <dataDir>/backups. */
        dir: z.string().min(1).optional(),
      })
      .prefault({}),
    /** Days after which masked PANs and appointment ids are removed (totals stay). */
    personalDataDays: z.number().int().min(1).default(90),
  }),
);
export type RetentionConfig = z.infer<typeof RetentionConfig>;
