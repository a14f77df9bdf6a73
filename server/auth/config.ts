// The `auth` section of the kiosk config, for the lead to add to server/config/schema.ts as
// `auth: AuthConfig.prefault({})`. Only PIN hashes live in the config (`kiosk staff hash-pin`).
import { z } from 'zod';
import { lazy } from '../../shared/lazy-schema';

export const Role = lazy(() => z.enum(['staff', 'supervisor', 'technician']));
export type Role = z.infer<typeof Role>;

export const PIN_HASH = /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/;

export const StaffAccount = lazy(() =>
  z.strictObject({
    id: z.string().regex(/^[a-z0-9._-]{1,32}$/, 'lower-case letters, digits, ".", "_" or "-", e.g. "amina.b"'),
    name: z.string().min(1).max(60),
    role: Role,
    pinHash: z.string().regex(PIN_HASH, 'a hash made by `kiosk staff hash-pin` ("scrypt$…"), never the PIN itself'),
    /** Counters this account may sign in at; left out means any counter. */
    counters: z.array(z.string()).optional(),
  }),
);
export type StaffAccount = z.infer<typeof StaffAccount>;

export const AuthConfig = lazy(() =>
  z
    .strictObject({
      /** A session ends this long after sign-in (a counter shift), or at sign-out. */
      sessionMinutes: z
        .number()
        .int()
        .min(5)
        .max(24 * 60)
        .default(10 * 60),
      /** Wrong PINs in a minute from one address, or at one counter (or away from counters), before a pause. */
      maxFailures: z.number().int().min(1).max(20).default(5),
      /** Wrong PINs in a minute from all addresses together before every sign-in pauses (guessing from many machines). */
      globalMaxFailures: z.number().int().min(5).max(1000).default(30),
      lockoutSeconds: z.number().int().min(1).max(3600).default(60),
      accounts: z.array(StaffAccount).default([]),
    })
    .refine((a) => new Set(a.accounts.map((x) => x.id)).size === a.accounts.length, {
      message: 'two accounts share an id; ids must be unique',
      path: ['accounts'],
    }),
);
export type AuthConfig = z.infer<typeof AuthConfig>;
export type AuthConfigInput = z.input<typeof AuthConfig>;
