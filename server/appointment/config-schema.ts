// The `appointments` section of the kiosk config as a zod schema, apart from what turns it into a verifier
// (server/appointment/config.ts): validating a config (`kiosk config check`) then loads none of the token
// crypto, CBOR or base45 (issue 14, start-up).
import { z } from 'zod';
import { TokenId, TrustedKeyShape } from '../../shared/central-bundle-api';

// One schema for the config's trusted keys and a central bundle's (issue 16).
export const TrustedKey = TrustedKeyShape;
export type TrustedKey = z.infer<typeof TrustedKey>;

export const AppointmentsConfig = z.strictObject({
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
  /** The day's issued tokens (RDV1:…), only needed so typed fallback codes can be resolved offline. */
  dayTokens: z.array(z.string().startsWith('RDV1:', 'an appointment token starting with "RDV1:"')).default([]),
});
export type AppointmentsConfig = z.infer<typeof AppointmentsConfig>;
export type AppointmentsConfigInput = z.input<typeof AppointmentsConfig>;
