// The `checkin` section of the config: limits and waits of the visitor's flow.
import { z } from 'zod';
import { lazy } from '../../shared/lazy-schema';
import { minutesOf, parseInterval, WEEKDAYS } from '../../domain/queue/opening-hours';

const ms = lazy(() => z.number().int().positive());

const timeOfDay = lazy(() =>
  z.string().refine(
    (t) => {
      try {
        minutesOf(t);
        return true;
      } catch {
        return false;
      }
    },
    { message: 'a local time as HH:MM, e.g. "15:00"' },
  ),
);
const openingsOfDay = lazy(() =>
  z.array(z.string()).superRefine((list, ctx) => {
    const parsed: Array<[number, number]> = [];
    for (const [n, i] of list.entries()) {
      try {
        parsed.push(parseInterval(i));
      } catch (e) {
        // parseInterval says what is wrong with it ("8:30" is not a time of day as HH:MM…).
        ctx.addIssue({
          code: 'custom',
          path: [n],
          input: i,
          message: `an opening as HH:MM-HH:MM, start before end, e.g. "08:30-12:30" (${(e as Error).message})`,
        });
        return;
      }
    }
    parsed.sort((a, b) => a[0] - b[0]);
    for (let k = 1; k < parsed.length; k++)
      if (parsed[k]![0] < parsed[k - 1]![1]) ctx.addIssue({ code: 'custom', input: list, message: 'openings that do not overlap (give each time once)' });
  }),
);
const week = lazy(() => z.partialRecord(z.enum(WEEKDAYS), openingsOfDay));
const dayHours = lazy(() => z.strictObject({ weekly: week.optional(), lastTicket: timeOfDay.optional() }));

/**
 * When walk-in tickets are issued (issue 18): absent, at any time. Days missing from `weekly` are closed. Appointments
 * inside their booked window are always checked in.
 */
export const OpeningHoursConfig = lazy(() =>
  z.strictObject({
    /** { "mon": ["08:30-12:30", "13:30-15:30"], … }: the post's openings per weekday, local time. */
    weekly: week,
    /** No walk-in ticket from this local time on. */
    lastTicket: timeOfDay.optional(),
    /** A walk-in whose expected wait would end later than this many minutes before closing is told to come back. */
    waitMarginMinutes: z.number().int().min(0).max(240).default(15),
    /** The host country's and Morocco's holidays, and any day the post is closed: { "date": "2026-12-25", "name": "Noël" }. */
    closedDays: z
      .array(z.strictObject({ date: z.iso.date({ message: 'a date as YYYY-MM-DD, e.g. "2026-12-25"' }), name: z.string().min(1).max(80).optional() }))
      .default([]),
    /** A service's own openings or last ticket, in place of the post's. */
    services: z.record(z.string(), dayHours).default({}),
  }),
);
export type OpeningHoursConfig = z.infer<typeof OpeningHoursConfig>;

export const CheckinConfig = lazy(() =>
  z.strictObject({
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
    /** When walk-in tickets are issued (OpeningHoursConfig); absent: at any time. */
    hours: OpeningHoursConfig.optional(),
  }),
);
export type CheckinConfig = z.infer<typeof CheckinConfig>;
