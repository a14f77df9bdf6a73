// The supervisor's view of staff sessions (/api/auth/sessions): who is signed in where, since when, and the
// revocation. A session's `id` is a separate random id, never its cookie's token nor that token's hash.
import { z } from 'zod';
import { lazy } from './lazy-schema';
import { StaffApp } from './page-app';
import { SessionUser } from './queue-api';

const iso = lazy(() => z.string().describe('ISO 8601 UTC date-time'));

export const SessionId = lazy(() => z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'a session id as listed by GET /api/auth/sessions'));

export const StaffSessionView = lazy(() =>
  z.object({
    id: SessionId,
    user: SessionUser,
    counter: z.string().nullable().describe('null: signed in away from a counter'),
    app: StaffApp,
    createdAt: iso,
    lastSeenAt: iso.describe('to the minute: written at most once a minute'),
    expiresAt: iso,
  }),
);
export type StaffSessionView = z.infer<typeof StaffSessionView>;

export const StaffSessionList = lazy(() => z.object({ sessions: z.array(StaffSessionView) }));
export type StaffSessionList = z.infer<typeof StaffSessionList>;

export const RevokeParams = lazy(() => z.object({ id: SessionId }));

export const RevokeBody = lazy(() =>
  z.strictObject({
    reason: z.string().trim().max(200).optional().describe('why (shown to the staff member at their next request, and journaled)'),
  }),
);
export type RevokeBody = z.infer<typeof RevokeBody>;

export const Revoked = lazy(() => z.object({ ok: z.literal(true), session: StaffSessionView }));
