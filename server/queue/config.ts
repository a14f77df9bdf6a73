// The `queue` section of the kiosk config, for the lead to add to server/config/schema.ts as
// `queue: QueueConfig.prefault({})`. Every field has a default, so an existing config stays valid.
import { z } from 'zod';
import { lazy } from '../../shared/lazy-schema';
import { Language } from '../../shared/languages';

const minutes = (max: number) => z.number().int().min(0).max(max);

export const CounterConfig = lazy(() =>
  z.strictObject({
    id: z.string().regex(/^[A-Za-z0-9-]{1,12}$/, 'letters, digits and dashes, e.g. "3" or "G3"'),
    /** What the board shows and says: "3" gives "counter 3". Defaults to the id. */
    name: z.string().min(1).max(20).optional(),
    /** Service codes this counter calls (from `services`). */
    services: z.array(z.string()).min(1, 'at least one service code'),
  }),
);
export type CounterConfig = z.infer<typeof CounterConfig>;

export const PriorityRuleConfig = lazy(() =>
  z.discriminatedUnion('rule', [
    z.strictObject({ rule: z.literal('ratio'), normalPerPriority: z.number().int().min(1).max(20).default(2) }),
    z.strictObject({ rule: z.literal('ageing'), creditMinutes: minutes(240).default(20) }),
  ]),
);

export const QueueConfig = lazy(() =>
  z.strictObject({
    numbering: z
      .strictObject({
        start: z.number().int().min(0).default(1),
        end: z.number().int().min(0).default(999),
        /** After `end`, start again at `start`, skipping numbers still held by open tickets. */
        wrap: z.boolean().default(true),
        digits: z.number().int().min(1).max(5).default(3),
      })
      .refine((n) => n.end >= n.start, { message: 'end must not be below start' })
      .refine((n) => String(n.end).length <= n.digits, { message: 'end has more digits than `digits`: raise digits or lower end' })
      .prefault({}),
    order: z
      .strictObject({
        appointments: z
          .strictObject({
            /** Arriving later than this after the slot: the ticket joins the walk-in lane. */
            lateAfterMinutes: minutes(240).default(15),
            /** An appointment goes ahead of walk-ins from this long before its slot. */
            dueBeforeMinutes: minutes(240).default(5),
          })
          .prefault({}),
        priority: PriorityRuleConfig.default({ rule: 'ratio', normalPerPriority: 2 }),
      })
      .prefault({}),
    /**
     * A priority asked at the kiosk (issue 18): `staff-confirmed` waits for a staff member's word at a counter (the
     * ticket is ordinary until then); `self-declared` gives it at once on the visitor's word.
     */
    priorityRequests: z.enum(['staff-confirmed', 'self-declared']).default('staff-confirmed'),
    /** "No-show" is offered only after the ticket was called again this many times. */
    noShowAfterRecalls: z.number().int().min(0).max(10).default(2),
    /** Counters and their services; none listed means one counter "1" serving every service. */
    counters: z.array(CounterConfig).default([]),
    board: z
      .strictObject({
        lastCalls: z.number().int().min(1).max(20).default(6),
        /** Announcement languages, in order: "Ticket A 23, counter 3" is said once in each. */
        languages: z.array(Language).min(1).default(['fr', 'ar']),
        chime: z.boolean().default(true),
      })
      .prefault({}),
    estimate: z
      .strictObject({
        /** How many recent finished tickets of a service the estimate looks at. */
        sampleSize: z.number().int().min(1).max(500).default(20),
        defaultServiceMinutes: z.number().min(1).max(240).default(8),
      })
      .prefault({}),
  }),
);
export type QueueConfig = z.infer<typeof QueueConfig>;
export type QueueConfigInput = z.input<typeof QueueConfig>;

/** Cross-checks against the services list; returns problems phrased as config errors (field: problem). */
export function checkQueueConfig(q: QueueConfig, serviceCodes: readonly string[]): string[] {
  const known = new Set(serviceCodes);
  const problems: string[] = [];
  const ids = new Set<string>();
  q.counters.forEach((c, i) => {
    if (ids.has(c.id)) problems.push(`queue.counters[${i}].id: counter "${c.id}" is listed twice; ids must be unique`);
    ids.add(c.id);
    c.services.forEach((s, j) => {
      if (!known.has(s)) problems.push(`queue.counters[${i}].services[${j}]: unknown service "${s}"; use one of ${[...known].join(', ')}`);
    });
  });
  return problems;
}

/** The counters in effect: the configured ones, or one counter serving everything. */
export function effectiveCounters(q: QueueConfig, serviceCodes: readonly string[]): CounterConfig[] {
  return q.counters.length ? q.counters : [{ id: '1', name: '1', services: [...serviceCodes] }];
}
