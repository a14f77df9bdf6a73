// The `appointments` section of the kiosk config as a zod schema, apart from what turns it into a verifier
// (server/appointment/config.ts): validating a config (`kiosk config check`) then loads none of the token
// crypto, CBOR or base45 (issue 14, start-up).
import { z } from 'zod';

const hexKid = z
  .string()
  .regex(/^[0-9a-fA-F]{2,64}$/, 'a key id in hex, as printed by `kiosk token keygen`, e.g. "3fa2c41b9d0e7a55"')
  .transform((s) => s.toLowerCase());
const tokenId = z
  .string()
  .regex(/^[0-9a-fA-F]{16,64}$/, 'a token id in hex (the "tokenId" of a verdict), e.g. "9c1f04a2b7e35d60"')
  .transform((s) => s.toLowerCase());
const Jwk = z.looseObject({ kty: z.literal('EC'), crv: z.literal('P-256'), x: z.string(), y: z.string() });

export const TrustedKey = z
  .strictObject({
    /** Optional: derived from the key (first 8 bytes of SHA-256 of the SPKI) when left out. */
    kid: hexKid.optional(),
    publicKeyPem: z
      .string()
      .includes('PUBLIC KEY', { message: 'a PEM public key ("-----BEGIN PUBLIC KEY-----"); never put a private key on a kiosk' })
      .optional(),
    jwk: Jwk.optional(),
  })
  .refine((k) => (k.publicKeyPem === undefined) !== (k.jwk === undefined), { message: 'give exactly one of publicKeyPem or jwk' });
export type TrustedKey = z.infer<typeof TrustedKey>;

export const AppointmentsConfig = z.strictObject({
  /** Public keys of the appointment system, by key id. Keep the old key listed while rotating. */
  trustedKeys: z.array(TrustedKey).default([]),
  /** Token ids of cancelled appointments. */
  revoked: z.array(tokenId).default([]),
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
