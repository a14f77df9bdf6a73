// The HTTP/WS contract between the daemon and every page. The server validates what it sends with these
// schemas and the pages parse what they receive with them: one source of truth for both sides. The routes
// that carry them are declared in shared/routes/.
import { z } from 'zod';
import { lazy } from './lazy-schema';
import { DeviceInfo } from './devices';
import { Language } from './languages';
import { CheckinView } from './checkin-api';
import { BoardPatch, BoardView } from './queue-api';

export const HealthResponse = lazy(() =>
  z.object({
    ok: z.boolean(),
    version: z.string(),
    uptimeSeconds: z.number(),
    devices: z.array(DeviceInfo),
    /** 'ready', or why payments are held: reconciling after a restart, locked until staff settle a payment. */
    payments: z.object({ state: z.enum(['ready', 'reconciling', 'locked-for-staff']), paymentIds: z.array(z.string()).optional() }).optional(),
  }),
);
export type HealthResponse = z.infer<typeof HealthResponse>;

export const DevicePlaceName = lazy(() => z.enum(['left', 'right', 'above', 'below']));
export type DevicePlaceName = z.infer<typeof DevicePlaceName>;

export const KioskInfo = lazy(() =>
  z.object({
    consulate: z.object({
      code: z.string(),
      name: z.record(z.string(), z.string()),
      timeZone: z.string(),
      currency: z.string(),
      /** The consulate's emblem as a data: URL (issue 19 item 13), when the config names one. */
      emblem: z.string().startsWith('data:image/').optional(),
    }),
    languages: z.array(Language),
    demo: z.boolean(),
    services: z.array(z.object({ code: z.string(), prefix: z.string(), name: z.record(z.string(), z.string()) })),
    kioskId: z.string(),
    /** Where the kiosk model's devices are around the screen (the config's model.devices), for the pictures. */
    devicePlaces: z
      .object({
        scanner: DevicePlaceName.optional(),
        terminal: DevicePlaceName.optional(),
        printer: DevicePlaceName.optional(),
      })
      .default({}),
  }),
);
export type KioskInfo = z.infer<typeof KioskInfo>;

export const ApiError = lazy(() => z.object({ error: z.string(), hint: z.string().optional() }));
export type ApiError = z.infer<typeof ApiError>;

/** Pushed over /api/ws. Small pokes: a page that missed one re-reads the full state on the next. */
export const ServerPush = lazy(() =>
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('hello'), version: z.string(), devices: z.array(DeviceInfo) }),
    z.object({ type: z.literal('devices'), devices: z.array(DeviceInfo) }),
    z.object({ type: z.literal('changed'), topic: z.string() }),
    /** The kiosk screen: the whole view, small enough to send on every change. */
    z.object({ type: z.literal('checkin'), view: CheckinView }),
    /**
     * The lobby board: the whole view, computed once per queue change and sent to the sockets that asked for it
     * (`/api/ws?topics=board`), and once on connection, so a board never re-reads /api/queue/board per call.
     */
    z.object({ type: z.literal('board'), view: BoardView }),
    /** The lobby board after its first view: what changed since the previous push (issue 14: a call is small). */
    z.object({ type: z.literal('board-patch'), patch: BoardPatch }),
  ]),
);
export type ServerPush = z.infer<typeof ServerPush>;

/** What a page can ask the push socket for beyond the pokes every page gets: `/api/ws?topics=board`. */
export const PushTopic = lazy(() => z.enum(['board']));
export type PushTopic = z.infer<typeof PushTopic>;

/** The topics of a push socket's query string; unknown names are ignored (an older daemon ignores the query). */
export function pushTopics(query: string | string[] | undefined): Set<PushTopic> {
  const names = (Array.isArray(query) ? query : [query ?? '']).flatMap((q) => q.split(','));
  return new Set(names.flatMap((n) => (PushTopic.safeParse(n.trim()).success ? [n.trim() as PushTopic] : [])));
}
