// What crosses the wire between a kiosk and its hub for enrolment and trust (server/post/trust/): parsed with
// zod on both sides.
import { z } from 'zod';
import { lazy } from './lazy-schema';

/** A kiosk id as `kiosk hub enrol --kiosk` accepts it: it names the kiosk in the journal, reports and logs. */
export const KioskId = lazy(() =>
  z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, 'a kiosk id is 1 to 32 letters, digits, - or _ (e.g. K2), starting with a letter or digit'),
);

export const JoinBody = lazy(() => z.strictObject({ code: z.string().min(1).max(200) }));
export type JoinBody = z.infer<typeof JoinBody>;

export const JoinAnswer = lazy(() =>
  z.object({
    kioskId: KioskId,
    /** The kiosk's bearer credential: shown once, the hub keeps only its hash. */
    credential: z.string().min(32),
    /** The post CA the kiosk pins (null on a hub serving plain HTTP with insecureLan). */
    caPem: z.string().nullable(),
  }),
);
export type JoinAnswer = z.infer<typeof JoinAnswer>;

export const HubHello = lazy(() =>
  z.object({
    kioskId: KioskId,
    /** The hub's clock, for the kiosk's clock check. */
    hubTime: z.iso.datetime(),
    version: z.string(),
  }),
);
export type HubHello = z.infer<typeof HubHello>;
