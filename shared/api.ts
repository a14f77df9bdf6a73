// The HTTP/WS contract between the daemon and every page. The server validates what it sends with these
// schemas and the pages parse what they receive with them: one source of truth for both sides. The routes
// that carry them are declared in shared/routes/.
import { z } from 'zod';
import { DeviceInfo } from './devices';
import { Language } from './languages';
import { CheckinView } from './checkin-api';

export const HealthResponse = z.object({
  ok: z.boolean(),
  version: z.string(),
  uptimeSeconds: z.number(),
  devices: z.array(DeviceInfo),
  /** 'ready', or why payments are held: reconciling after a restart, locked until staff settle a payment. */
  payments: z.object({ state: z.enum(['ready', 'reconciling', 'locked-for-staff']), paymentIds: z.array(z.string()).optional() }).optional(),
});
export type HealthResponse = z.infer<typeof HealthResponse>;

export const KioskInfo = z.object({
  consulate: z.object({
    code: z.string(),
    name: z.record(z.string(), z.string()),
    timeZone: z.string(),
    currency: z.string(),
  }),
  languages: z.array(Language),
  demo: z.boolean(),
  services: z.array(z.object({ code: z.string(), prefix: z.string(), name: z.record(z.string(), z.string()) })),
  kioskId: z.string(),
});
export type KioskInfo = z.infer<typeof KioskInfo>;

export const ApiError = z.object({ error: z.string(), hint: z.string().optional() });
export type ApiError = z.infer<typeof ApiError>;

/** Pushed over /api/ws. Small pokes: a page that missed one re-reads the full state on the next. */
export const ServerPush = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), version: z.string(), devices: z.array(DeviceInfo) }),
  z.object({ type: z.literal('devices'), devices: z.array(DeviceInfo) }),
  z.object({ type: z.literal('changed'), topic: z.string() }),
  /** The kiosk screen: the whole view, small enough to send on every change. */
  z.object({ type: z.literal('checkin'), view: CheckinView }),
]);
export type ServerPush = z.infer<typeof ServerPush>;
