// Answers many routes share: the refusal shape `{ error, … }` (with the reason code where the route has
// one) and the bare acknowledgement.
import { z } from 'zod';
import { lazy } from '../lazy-schema';
import { QueueError } from '../queue-api';

/** Every refusal: what was wrong and what to do (`error`), a machine-readable `reason` where there is one. */
export const Refusal = lazy(() => QueueError.extend({ hint: z.string().optional() }).loose());
export const Done = lazy(() => z.object({ ok: z.literal(true) }));
