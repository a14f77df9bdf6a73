// Which page is calling: every page's API calls carry `X-Kiosk-App`. Staff sessions are bound to the staff
// page that opened them (one cookie each), and the kiosk page's calls never use a staff session.
// Pages on one origin cannot be told apart by the browser, so this is a marker, not a wall: the wall is
// that a staff session opened on the kiosk's screen ends when the kiosk shows its attract screen.
import { z } from 'zod';
import { lazy } from './lazy-schema';

export const APP_HEADER = 'x-kiosk-app';

/** The staff pages, as a list (read at load by the server's cookies without building the schema). */
export const STAFF_APP_NAMES = ['counter', 'diagnostics', 'reports', 'supervisor'] as const;
export const StaffApp = lazy(() => z.enum(STAFF_APP_NAMES));
export type StaffApp = z.infer<typeof StaffApp>;

export const PageApp = lazy(() => z.enum(['kiosk', 'board', ...STAFF_APP_NAMES]));
export type PageApp = z.infer<typeof PageApp>;
