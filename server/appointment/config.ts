// The `appointments` section of the kiosk config (for the lead to plug into server/config/schema.ts as
// `appointments: AppointmentsConfig.prefault({})`), and turning it into what verification needs.
import { z } from 'zod';
import { isTestKey, indexTokensByCode, type CheckWindow, type Verifier } from '../../domain/appointment';
import { createNodeVerifier, kidOf, publicKeyFrom } from './crypto';
import type { KeyObject } from 'node:crypto';

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

export interface LoadedKeys {
  keys: Array<{ kid: string; key: KeyObject }>;
  /** Test keys left out because the kiosk is not in demo mode. */
  refusedTestKeys: string[];
  /** Keys that could not be read, with what to do; the daemon should refuse to start on any. */
  problems: string[];
}

export function loadTrustedKeys(entries: readonly TrustedKey[], opts: { allowTestKeys: boolean }): LoadedKeys {
  const out: LoadedKeys = { keys: [], refusedTestKeys: [], problems: [] };
  entries.forEach((e, i) => {
    const what = `appointments.trustedKeys[${i}]`;
    const r = e.publicKeyPem !== undefined ? publicKeyFrom({ publicKeyPem: e.publicKeyPem }, what) : publicKeyFrom({ jwk: e.jwk! }, what);
    if (!r.ok) {
      out.problems.push(r.reason);
      return;
    }
    const derived = kidOf(r.key);
    const kid = e.kid ?? derived;
    // Check the derived id too: renaming a test key in the config must not smuggle it in.
    if (!opts.allowTestKeys && (isTestKey(kid) || isTestKey(derived))) {
      out.refusedTestKeys.push(kid);
      return;
    }
    out.keys.push({ kid, key: r.key });
  });
  return out;
}

export interface AppointmentRuntime {
  verifier: Verifier;
  revoked: ReadonlySet<string>;
  window: CheckWindow;
  dayTokensByCode: Map<string, string[]>;
  loaded: LoadedKeys;
}

export function appointmentRuntime(cfg: AppointmentsConfig, opts: { demo: boolean }): AppointmentRuntime {
  const loaded = loadTrustedKeys(cfg.trustedKeys, { allowTestKeys: opts.demo });
  return {
    verifier: createNodeVerifier(loaded.keys),
    revoked: new Set(cfg.revoked),
    window: cfg.window,
    dayTokensByCode: indexTokensByCode(cfg.dayTokens).byCode,
    loaded,
  };
}
