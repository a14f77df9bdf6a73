// The day's appointments as the booking system publishes them (issue 18 item 6): the signed feed's content, and
// the daily list the supervisor reads (GET /api/appointments/day). The feed's envelope and signature are in
// domain/appointment/day-feed.ts; its format is written for the booking system in domain/appointment/FORMAT.md.
import { z } from 'zod';
import { lazy } from './lazy-schema';
import { TokenId } from './central-bundle-api';

/** The most tokens one feed may carry: a large consulate books a few hundred a day; this leaves room, not abuse. */
export const FEED_MAX_TOKENS = 20_000;

/** What the booking system signs: one consulate's day, numbered so an older feed can never replace a newer one. */
export const DayFeedContent = lazy(() =>
  z.strictObject({
    consulate: z.string().min(1).max(32),
    day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'the consulate-local date, YYYY-MM-DD'),
    /** Increases with every feed the booking system publishes for this consulate (any day). */
    sequence: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    issuedAt: z.iso.datetime({ offset: true }),
    /** The day's appointment tokens (RDV1:…), each signed on its own: typed codes are resolved against them. */
    tokens: z.array(z.string().startsWith('RDV1:', 'an appointment token starting with "RDV1:"').max(1200)).max(FEED_MAX_TOKENS),
    /** Token ids of appointments cancelled (of this day or any other). */
    revoked: z.array(TokenId).max(FEED_MAX_TOKENS).default([]),
  }),
);
export type DayFeedContent = z.output<typeof DayFeedContent>;
export type DayFeedContentInput = z.input<typeof DayFeedContent>;

export const AppointmentStatus = lazy(() => z.enum(['expected', 'arrived', 'late', 'missing', 'cancelled']));
export type AppointmentStatus = z.infer<typeof AppointmentStatus>;

/** One appointment of the day as the supervisor sees it. No name: the tokens carry no personal data. */
export const DayAppointment = lazy(() =>
  z.object({
    appointmentId: z.string(),
    code: z.string().describe('the typed fallback code printed under the QR, e.g. "7K4-M2Q-9XB"'),
    services: z.array(z.string()),
    persons: z.number().int(),
    slotStart: z.string().describe('ISO 8601 UTC'),
    status: AppointmentStatus,
    arrivedAt: z.string().nullable(),
    kioskId: z.string().nullable().describe('where the visitor checked in'),
  }),
);
export type DayAppointment = z.infer<typeof DayAppointment>;

export const FeedStatus = lazy(() =>
  z.object({
    /** The feed in force for today; null: none received (typed codes then need the config's dayTokens). */
    today: z
      .object({ day: z.string(), sequence: z.number().int(), issuedAt: z.string(), receivedAt: z.string(), source: z.string(), tokens: z.number().int() })
      .nullable(),
    /** The last feed refused, with why: a technician fixes the source. */
    lastRefused: z.object({ at: z.string(), source: z.string(), reason: z.string(), detail: z.string() }).nullable(),
    sources: z.array(z.string()).describe('where feeds are read from: a folder and/or an HTTPS address'),
  }),
);
export type FeedStatus = z.infer<typeof FeedStatus>;

export const DayAppointments = lazy(() =>
  z.object({
    day: z.string(),
    feed: FeedStatus,
    counts: z.record(AppointmentStatus, z.number().int()),
    appointments: z.array(DayAppointment),
  }),
);
export type DayAppointments = z.infer<typeof DayAppointments>;
