// Reception check-in at a counter (issue 18 item 5): what the counter page sends and gets. A refusal is the usual
// `{ error, reason }` (shared/routes/answers.ts); "already checked in" adds where, when and the ticket the visit has.
import { z } from 'zod';
import { lazy } from './lazy-schema';
import { DayAppointment } from './appointment-feed-api';

/** The typed code, or the QR text a wedge scanner typed ("RDV1:…"). */
export const ReceptionCode = lazy(() => z.object({ code: z.string().trim().min(1, 'type or scan the appointment code').max(1200) }));

export const FeeDecision = lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('paid'), reference: z.string().max(200).describe("the reference printed by the counter's card terminal") }),
    z.object({ kind: z.literal('exempt'), reason: z.string().max(200).describe('why no fee is due') }),
  ]),
);

export const ReceptionCheckInBody = lazy(() =>
  z.object({
    code: z.string().trim().min(1, 'type or scan the appointment code').max(1200),
    /** Null or absent: only for a service without a fee. */
    fee: FeeDecision.nullable().default(null),
  }),
);

export const FoundAppointment = lazy(() =>
  z.object({
    appointment: z.object({
      appointmentId: z.string(),
      code: z.string(),
      services: z.array(z.string()),
      persons: z.number().int(),
      slotStart: z.string(),
      tokenId: z.string(),
    }),
    fee: z.object({ amountMinor: z.number().int(), currency: z.string() }),
  }),
);
export type FoundAppointment = z.infer<typeof FoundAppointment>;

export const FeeRecord = lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('paid'), amountMinor: z.number().int(), currency: z.string(), reference: z.string() }),
    z.object({ kind: z.literal('exempt'), amountMinor: z.number().int(), currency: z.string(), reason: z.string() }),
    z.object({ kind: z.literal('free'), amountMinor: z.literal(0), currency: z.string() }),
  ]),
);

export const ReceptionCheckedIn = lazy(() =>
  z.object({
    ticket: z.object({ id: z.string(), number: z.string().describe('the number the visitor is given, e.g. "P-012"'), service: z.string() }),
    fee: FeeRecord,
  }),
);
export type ReceptionCheckedIn = z.infer<typeof ReceptionCheckedIn>;

export const ReceptionDayQuery = lazy(() => z.object({ q: z.string().trim().max(60).optional() }));

export const ReceptionDay = lazy(() =>
  z.object({
    day: z.string(),
    timeZone: z.string().describe("the consulate's time zone: slot times are read in it, whatever the browser's zone"),
    appointments: z.array(DayAppointment),
  }),
);
export type ReceptionDay = z.infer<typeof ReceptionDay>;
