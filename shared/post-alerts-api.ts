// A kiosk of a post tells its hub whether a visitor needs staff (payment locked, paper out, a call for
// help), so the counters, which connect to the hub only, see every kiosk's alert.
import { z } from 'zod';

export const KioskAlertReport = z.strictObject({
  needsStaff: z.boolean(),
  /** A lock reason, a problem code, 'staff-call', or null (the words are the counter page's). */
  reason: z.string().max(64).nullable(),
  ticket: z.string().max(32).nullable(),
  screen: z.string().max(64),
});
export type KioskAlertReport = z.infer<typeof KioskAlertReport>;

export const KioskAlert = KioskAlertReport.extend({
  kioskId: z.string(),
  /** When the hub last heard from the kiosk (ISO). */
  lastContact: z.string(),
  /** Since when the kiosk has needed staff (ISO), or null. */
  since: z.string().nullable(),
});
export type KioskAlert = z.infer<typeof KioskAlert>;
