// The `checkin` section of the config: limits and waits of the visitor's flow.
import { z } from 'zod';

const ms = z.number().int().positive();

export const CheckinConfig = z.strictObject({
  /** Most persons a walk-in may declare on one ticket. */
  maxPersons: z.number().int().min(1).max(20).default(6),
  /** Most times one visit may ask the terminal (resends and other cards together). */
  maxPaymentAttempts: z.number().int().min(1).max(10).default(3),
  /** Waits in milliseconds; IDLE_GRACE cannot go below 20 000 (accessibility rule). */
  timeouts: z
    .strictObject({ SCAN_TIMEOUT: ms, IDLE_TIMEOUT: ms, IDLE_GRACE: ms, DONE_TIMEOUT: ms, ERROR_TIMEOUT: ms, PAYMENT_TIMEOUT: ms })
    .partial()
    .default({}),
  /**
   * While the summary (the screen with Pay) is shown, the card terminal's status is checked this often (ms): Pay
   * is offered only while it answered its last check, and comes back by itself when it answers again.
   */
  terminalRecheckMs: z.number().int().min(500).max(60_000).default(3000),
  /** Walk-in tickets a day, for the whole consulate and per service; absent means no limit. */
  walkIns: z
    .strictObject({
      open: z.boolean().default(true),
      perDay: z.number().int().min(0).optional(),
      perService: z.record(z.string(), z.number().int().min(0)).default({}),
    })
    .prefault({}),
});
export type CheckinConfig = z.infer<typeof CheckinConfig>;
