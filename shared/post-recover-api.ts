// A hub that may be behind its kiosks (issue 15, item 8): after every start the hub asks each kiosk for the
// numbers it holds today before it gives that kiosk numbers again (server/post/numbers/recover.ts says why).
// The kiosk POSTs them to /api/post/numbers/held; both sides parse with these.
import { z } from 'zod';
import { lazy } from './lazy-schema';
import { Ticket } from './queue-api';
import { OfflineTicket } from './post-numbers-api';
import { Refusal } from './routes/answers';
import { declare } from './routes/define';
import { MAX_SERVICES_PER_VISIT } from './visit-limits';

const prefix = lazy(() => z.string().regex(/^[A-Z]{1,2}$/));
const day = lazy(() => z.string().regex(/^\d{4}-\d{2}-\d{2}$/));

export const HeldBlock = lazy(() => z.strictObject({ prefix, businessDay: day, first: z.number().int().min(0), last: z.number().int().min(0) }));
export type HeldBlock = z.infer<typeof HeldBlock>;
/**
 * An online ticket as the hub answered it, with the visit's key it answered, and the route the kiosk asked for (a visit
 * of several services): the ticket does not carry it, and a hub that lost the ticket (a power cut right after it
 * answered: server/post/numbers/group-commit.ts) must route it again.
 */
export const HeldOnlineTicket = lazy(() =>
  z.strictObject({
    requestKey: z.string().min(1).max(200),
    ticket: Ticket,
    route: z.array(z.string().min(1).max(64)).min(2).max(MAX_SERVICES_PER_VISIT).optional(),
  }),
);
export type HeldOnlineTicket = z.infer<typeof HeldOnlineTicket>;

/** What a kiosk holds for one business day: its blocks, the online tickets the hub gave it, the tickets it printed offline. */
export const HeldNumbersBody = lazy(() =>
  z.strictObject({
    businessDay: day,
    blocks: z.array(HeldBlock).max(1000),
    online: z.array(HeldOnlineTicket).max(20_000),
    offline: z.array(OfflineTicket).max(20_000),
  }),
);
export type HeldNumbersBody = z.infer<typeof HeldNumbersBody>;

export const HeldNumbersAnswer = lazy(() =>
  z.object({
    /** This hub process (a new one after every start): the kiosk reports again when the hub asks. */
    hubRun: z.string(),
    /** Tickets and blocks the hub did not know (non-zero: it was behind this kiosk, e.g. restored from a backup). */
    recovered: z.object({ online: z.number().int(), offline: z.number().int(), blocks: z.number().int() }),
    known: z.number().int(),
    /** What the hub could not take back, in words (a number it had meanwhile given another visit: staff must look). */
    refused: z.array(z.object({ what: z.string(), detail: z.string() })),
  }),
);
export type HeldNumbersAnswer = z.infer<typeof HeldNumbersAnswer>;

/** 503 from the number routes: `report-numbers` (this kiosk has not reported to this hub run) or `recovering` (others have not). */
export const NumbersHeld = lazy(() => z.object({ error: z.string(), reason: z.enum(['report-numbers', 'recovering']) }));
export type NumbersHeld = z.infer<typeof NumbersHeld>;

export const postRecoverRoutes = {
  postHeldNumbers: declare({
    method: 'POST',
    path: '/api/post/numbers/held',
    summary: 'A kiosk reports the numbers it holds today (asked after every hub start): the hub counts above them and takes its tickets back',
    body: HeldNumbersBody,
    responses: { 200: HeldNumbersAnswer, 400: Refusal, 401: Refusal, 403: Refusal },
  }),
} as const;
