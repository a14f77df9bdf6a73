// Signed bundles the central service publishes and every post applies at its effective time (issue 16, item 4).
// A bundle travels as `{ text, signature }`: the signature (Ed25519) covers the exact UTF-8 bytes of `text`, the
// bundle's JSON, so neither side canonicalises anything. Both sides parse the text with `Bundle` below; the
// content's rules (fees only for listed services, rates above zero) are part of the schema, so a malformed
// bundle is refused by the central service at publish and again by every post.
import { z } from 'zod';
import { lazy } from './lazy-schema';
import { Language } from './languages';

/** A service as the kiosk config's `services` lists it (server/config/schema.ts re-exports this one schema). */
export const ServiceShape = lazy(() =>
  z.strictObject({
    code: z.string().regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and dashes, e.g. "passport"'),
    prefix: z.string().regex(/^[A-Z]{1,2}$/, 'one or two capital letters, e.g. "A"'),
    feeMad: z.number().nonnegative(),
    name: z.record(Language, z.string().min(1)),
  }),
);
export type ServiceShape = z.infer<typeof ServiceShape>;

const hexKid = lazy(() =>
  z
    .string()
    .regex(/^[0-9a-fA-F]{2,64}$/, 'a key id in hex, as printed by `kiosk token keygen`, e.g. "3fa2c41b9d0e7a55"')
    .transform((s) => s.toLowerCase()),
);
export const TokenId = lazy(() =>
  z
    .string()
    .regex(/^[0-9a-fA-F]{16,64}$/, 'a token id in hex (the "tokenId" of a verdict), e.g. "9c1f04a2b7e35d60"')
    .transform((s) => s.toLowerCase()),
);
const Jwk = lazy(() => z.looseObject({ kty: z.literal('EC'), crv: z.literal('P-256'), x: z.string(), y: z.string() }));

/** A trusted appointment key as the config's appointments.trustedKeys lists it (server/appointment/config-schema.ts). */
export const TrustedKeyShape = lazy(() =>
  z
    .strictObject({
      /** Optional: derived from the key (first 8 bytes of SHA-256 of the SPKI) when left out. */
      kid: hexKid.optional(),
      publicKeyPem: z
        .string()
        .includes('PUBLIC KEY', { message: 'a PEM public key ("-----BEGIN PUBLIC KEY-----"); never put a private key on a kiosk' })
        .optional(),
      jwk: Jwk.optional(),
    })
    .refine((k) => (k.publicKeyPem === undefined) !== (k.jwk === undefined), { message: 'give exactly one of publicKeyPem or jwk' }),
);
export type TrustedKeyShape = z.infer<typeof TrustedKeyShape>;

const instant = lazy(() => z.iso.datetime({ offset: true, message: 'an ISO 8601 instant with its offset, e.g. "2026-12-02T08:00:00Z"' }));

/** Local currency units per dirham from `effectiveAt` on (as the config's consulate.chanceryRate). */
export const ChanceryRate = lazy(() =>
  z.strictObject({
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code in capitals such as "EUR"'),
    rate: z.number().refine((n) => n > 0 && Number.isFinite(n), { message: 'a chancery rate is above zero' }),
    effectiveAt: instant,
  }),
);
export type ChanceryRate = z.infer<typeof ChanceryRate>;

export const BundleContent = lazy(() =>
  z
    .strictObject({
      /** Service code → fee in dirhams; a service left out keeps its own feeMad. */
      fees: z.record(z.string(), z.number().nonnegative().refine(Number.isFinite, { message: 'a fee is a finite number of dirhams' })),
      chanceryRates: z.array(ChanceryRate).default([]),
      trustedKeys: z.array(TrustedKeyShape).default([]),
      revoked: z.array(TokenId).default([]),
      services: z.array(ServiceShape).min(1),
    })
    .superRefine((c, ctx) => {
      const known = new Set(c.services.map((s) => s.code));
      for (const code of Object.keys(c.fees))
        if (!known.has(code)) ctx.addIssue({ code: 'custom', path: ['fees', code], message: `fee for "${code}", a service the bundle does not list` });
      const seen = new Set<string>();
      for (const s of c.services) {
        if (seen.has(s.code)) ctx.addIssue({ code: 'custom', path: ['services'], message: `service "${s.code}" is listed twice` });
        seen.add(s.code);
      }
    }),
);
export type BundleContent = z.infer<typeof BundleContent>;
export type BundleContentInput = z.input<typeof BundleContent>;

export const Bundle = lazy(() =>
  z.strictObject({
    version: z.number().int().positive(),
    publishedAt: instant,
    effectiveAt: instant,
    content: BundleContent,
  }),
);
export type Bundle = z.infer<typeof Bundle>;

/** What travels: the bundle's JSON text and the base64 Ed25519 signature of its UTF-8 bytes. */
export const SignedBundle = lazy(() => z.strictObject({ text: z.string().min(2), signature: z.string().min(1) }));
export type SignedBundle = z.infer<typeof SignedBundle>;

/** GET /api/central/bundles/latest: the bundle in force now, and the next one already published for later. */
export const LatestBundles = lazy(() => z.strictObject({ inForce: SignedBundle.nullable(), pending: SignedBundle.nullable() }));
export type LatestBundles = z.infer<typeof LatestBundles>;

/**
 * A change of the bundle signing key (`kiosk central bundle key --rotate`): `text` is this JSON, `signature` the OLD
 * key's Ed25519 signature of its bytes. A post moves from the key it holds only through a statement from that key.
 */
export const KeyChange = lazy(() =>
  z.strictObject({ kind: z.literal('bundle-key-change'), from: z.string().includes('PUBLIC KEY'), to: z.string().includes('PUBLIC KEY'), at: instant }),
);
export type KeyChange = z.infer<typeof KeyChange>;

/**
 * GET /api/central/bundle-key: the key that signed the newest bundle (what a post pins on first use), and every key
 * change in order (what a post holding an older key walks through).
 */
export const BundleKeyAnswer = lazy(() => z.strictObject({ publicKeyPem: z.string().includes('PUBLIC KEY'), changes: z.array(SignedBundle).default([]) }));
export type BundleKeyAnswer = z.infer<typeof BundleKeyAnswer>;

/** POST /api/central/bundles/applied: the version a post applies now (0: none yet, its config's own values). */
export const BundleAppliedBody = lazy(() => z.strictObject({ version: z.number().int().nonnegative(), appliedAt: instant }));
export type BundleAppliedBody = z.infer<typeof BundleAppliedBody>;

/** A bundle's text parsed, or why it is malformed (said in one line for the journal and the operator). */
export function parseBundleText(text: string): { ok: true; bundle: Bundle } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: `not JSON (${(err as Error).message})` };
  }
  const r = Bundle.safeParse(json);
  if (r.success) return { ok: true, bundle: r.data };
  return { ok: false, reason: r.error.issues.map((i) => `${i.path.join('.') || 'bundle'}: ${i.message}`).join('; ') };
}
