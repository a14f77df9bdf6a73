// Which page is calling: every page's API calls carry `X-Kiosk-App`. Staff sessions are bound to the staff
// page that opened them (one cookie each), and the kiosk page's calls never use a staff session.
// Pages on one origin cannot be told apart by the browser, so this is a marker, not a wall: the wall is
// that a staff session opened on the kiosk's screen ends when the kiosk shows its attract screen.
import { z } from 'zod';

export const APP_HEADER = 'x-kiosk-app';

export const StaffApp = z.enum(['counter', 'diagnostics', 'reports', 'supervisor']);
export type StaffApp = z.infer<typeof StaffApp>;

export const PageApp = z.enum(['kiosk', 'board', ...StaffApp.options]);
export type PageApp = z.infer<typeof PageApp>;
