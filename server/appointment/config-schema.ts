// The `appointments` section of the kiosk config as a zod schema, apart from what turns it into a verifier
// (server/appointment/config.ts): validating a config (`kiosk config check`) then loads none of the token
// crypto, CBOR or base45 (issue 14, start-up).
import { z } from 'zod';
import { lazy } from '../../shared/lazy-schema';
import { TokenId, TrustedKeyShape } from '../../shared/central-bundle-api';

// One schema for the config's trusted keys and a central bundle's (issue 16).
export const TrustedKey = TrustedKeyShape;
export type TrustedKey = z.infer<typeof TrustedKey>;

/** Where the booking system's signed day feeds come from (issue 18 item 6): a folder, an HTTPS address, or both. */
export const FeedSourceConfig = lazy(() =>
  z
    .strictObject({
      /** Files named *.rdvfeed dropped here are read (relative paths: from the daemon's working folder). */
      folder: z.string().min(1).optional(),
      url: z.url({ protocol: /^https$/, error: "an https:// address of the booking system's day feed" }).optional(),
      /** A PEM file of the CA that signed the address's certificate, when it is not a public one. */
      caFile: z.string().min(1).optional(),
      /** How often the sources are read; default 15 s for a folder alone, 300 s with an address. */
      pollSeconds: z.number().int().min(1).max(86_400).optional(),
    })
    .refine((f) => f.folder !== undefined || f.url !== undefined, { message: 'give a folder, a url, or both' }),
);
export type FeedSourceConfig = z.infer<typeof FeedSourceConfig>;

export const AppointmentsConfig = lazy(() =>
  z.strictObject({
    /** Public keys of the appointment system, by key id. Keep the old key listed while rotating. */
    trustedKeys: z.array(TrustedKey).default([]),
    /** Token ids of cancelled appointments. */
    revoked: z.array(TokenId).default([]),
    window: z
      .strictObject({
        beforeMinutes: z
          .number()
          .int()
          .min(0)
          .max(24 * 60)
          .default(60),
        afterMinutes: z
          .number()
          .int()
          .min(0)
          .max(24 * 60)
          .default(30),
      })
      .prefault({}),
    /** The booking system's signed day feeds: the day's tokens (typed codes) and cancellations, applied live. */
    feed: FeedSourceConfig.optional(),
    /** The day's issued tokens (RDV1:…) by hand, for typed fallback codes when there is no feed. */
    dayTokens: z.array(z.string().startsWith('RDV1:', 'an appointment token starting with "RDV1:"')).default([]),
  }),
);
export type AppointmentsConfig = z.infer<typeof AppointmentsConfig>;
export type AppointmentsConfigInput = z.input<typeof AppointmentsConfig>;
